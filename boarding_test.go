package laborbridge

import (
	"strings"
	"testing"
)

func temp(t float64) *float64 { return &t }

func TestJudge(t *testing.T) {
	rules := DefaultBoardingRules()
	tests := []struct {
		name   string
		rules  BoardingRules
		res    CheckResults
		board  bool
		failed Check
	}{
		{"all pass", rules, CheckResults{true, temp(36.6), true}, true, ""},
		{"just under", rules, CheckResults{true, temp(37.2), true}, true, ""},
		{"at threshold", rules, CheckResults{true, temp(37.3), true}, false, CheckTemperature},
		{"fever", rules, CheckResults{true, temp(38.4), true}, false, CheckTemperature},
		{"not measured", rules, CheckResults{true, nil, true}, false, CheckTemperature},
		{"implausible", rules, CheckResults{true, temp(3.66), true}, false, CheckTemperature},
		{"identity first", rules, CheckResults{false, temp(38.4), false}, false, CheckIdentity},
		{"security", rules, CheckResults{true, temp(36.5), false}, false, CheckSecurity},
		{"order: security first", BoardingRules{Order: []Check{CheckSecurity, CheckTemperature}, Threshold: 37.3},
			CheckResults{false, temp(38.4), false}, false, CheckSecurity},
		{"no temperature check configured", BoardingRules{Order: []Check{CheckIdentity}}, CheckResults{true, nil, false}, true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := tt.rules.Judge(tt.res)
			if v.Board != tt.board || v.Failed != tt.failed {
				t.Errorf("Judge = %+v, want board %v failed %q", v, tt.board, tt.failed)
			}
			if !v.Board && v.Reason == "" {
				t.Error("a refusal without a reason")
			}
		})
	}
}

func TestParseChecks(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"identity,temperature,security", "identity,temperature,security", true},
		{"Security identity", "security,identity", true},
		{"identity,identity", "", false},
		{"fingerprint", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, err := ParseChecks(tt.in)
		var names []string
		for _, c := range got {
			names = append(names, string(c))
		}
		if (err == nil) != tt.ok || strings.Join(names, ",") != tt.want {
			t.Errorf("ParseChecks(%q) = %v, %v; want %q ok %v", tt.in, names, err, tt.want, tt.ok)
		}
	}
}

func TestNextTrip(t *testing.T) {
	tests := []struct {
		from, to TripStatus
		ok       bool
	}{
		{TripPlanned, TripBoarding, true}, {TripBoarding, TripDeparted, true}, {TripDeparted, TripArrived, true},
		{TripPlanned, TripDeparted, true}, {TripArrived, TripDeparted, false}, {TripBoarding, TripPlanned, false},
		{TripPlanned, TripArrived, false},
	}
	for _, tt := range tests {
		if _, err := tt.from.NextTrip(tt.to); (err == nil) != tt.ok {
			t.Errorf("%s.NextTrip(%s) = %v, want ok %v", tt.from, tt.to, err, tt.ok)
		}
	}
}
