package laborbridge

import "strings"

// FollowUpDays are the days after the hand-over on which an office checks
// that the job held.
var FollowUpDays = []int{30, 90, 180}

// Contact methods of a follow-up: a two-way contact, not a guess.
var ContactMethods = []string{"phone", "visit", "video", "message_reply", "employer_record"}

// FollowUpInput is what an office records after contacting a worker or
// the employer.
type FollowUpInput struct {
	Employed bool   `json:"employed"`
	Contact  string `json:"contact"` // one of ContactMethods
	Reached  string `json:"reached"` // worker or employer
	Reason   string `json:"reason,omitempty"`
	Note     string `json:"note,omitempty"`
}

// Validate checks a follow-up record: how the contact was made and with
// whom, and a reason when the worker has left.
func (in *FollowUpInput) Validate() error {
	var p Problems
	in.Reason, in.Note = strings.TrimSpace(in.Reason), strings.TrimSpace(in.Note)
	ok := false
	for _, c := range ContactMethods {
		ok = ok || in.Contact == c
	}
	if !ok {
		p.Add("contact", "say how the worker or employer was reached (%s)", strings.Join(ContactMethods, ", "))
	}
	if in.Reached != "worker" && in.Reached != "employer" {
		p.Add("reached", "say who answered: worker or employer")
	}
	if !in.Employed && in.Reason == "" {
		p.Add("reason", "give the reason the worker left")
	}
	if len([]rune(in.Reason)) > 200 || len([]rune(in.Note)) > 500 {
		p.Add("note", "keep the reason under 200 and the note under 500 characters")
	}
	return p.Err()
}
