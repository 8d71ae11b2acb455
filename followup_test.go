package laborbridge

import (
	"strings"
	"testing"
)

func TestFollowUpValidate(t *testing.T) {
	tests := []struct {
		name   string
		in     FollowUpInput
		fields string
	}{
		{"employed by phone", FollowUpInput{Employed: true, Contact: "phone", Reached: "worker"}, ""},
		{"left with reason", FollowUpInput{Contact: "visit", Reached: "employer", Reason: "返乡照顾老人"}, ""},
		{"left without reason", FollowUpInput{Contact: "phone", Reached: "worker"}, "reason"},
		{"a guess is no contact", FollowUpInput{Employed: true, Contact: "assumed", Reached: "worker"}, "contact"},
		{"nobody answered", FollowUpInput{Employed: true, Contact: "phone"}, "reached"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.in.Validate()
			if got := strings.Join(faultFields(err), ","); got != tt.fields {
				t.Errorf("Validate() fields = %q, want %q (%v)", got, tt.fields, err)
			}
		})
	}
}
