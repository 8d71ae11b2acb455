package laborbridge

import "time"

// PlacementState is where a placement stands in its life, from the
// proposal of a match run to the follow-up after the hand-over.
type PlacementState string

// The states of a placement (DESIGN §3).
const (
	PlacementProposed  PlacementState = "proposed"
	PlacementAccepted  PlacementState = "accepted"
	PlacementDeclined  PlacementState = "declined"
	PlacementConfirmed PlacementState = "confirmed"
	PlacementRejected  PlacementState = "rejected"
	PlacementScheduled PlacementState = "scheduled"
	PlacementBoarded   PlacementState = "boarded"
	PlacementArrived   PlacementState = "arrived"
	PlacementEmployed  PlacementState = "employed"
	PlacementRetained  PlacementState = "retained"
	PlacementLeft      PlacementState = "left"
	PlacementNoShow    PlacementState = "no_show"
)

// PlacementStates lists every state in the order of a placement's life.
var PlacementStates = []PlacementState{PlacementProposed, PlacementAccepted, PlacementDeclined, PlacementConfirmed,
	PlacementRejected, PlacementScheduled, PlacementBoarded, PlacementArrived, PlacementEmployed, PlacementRetained,
	PlacementLeft, PlacementNoShow}

// Live reports whether a placement in state s holds its seat and its
// worker: declined, rejected, left and no-show placements free both.
func (s PlacementState) Live() bool {
	switch s {
	case PlacementDeclined, PlacementRejected, PlacementLeft, PlacementNoShow:
		return false
	}
	return true
}

// PlacementEvent is something that happens to a placement.
type PlacementEvent string

// The events of a placement and who may cause them.
const (
	EventAccept   PlacementEvent = "accept"   // the worker, or an office for the worker
	EventDecline  PlacementEvent = "decline"  // the worker, or an office for the worker
	EventConfirm  PlacementEvent = "confirm"  // the partner
	EventReject   PlacementEvent = "reject"   // the partner
	EventSchedule PlacementEvent = "schedule" // trip planning
	EventUnseat   PlacementEvent = "unseat"   // a scheduled worker can no longer travel on that trip
	EventBoard    PlacementEvent = "board"    // boarding check passed
	EventArrive   PlacementEvent = "arrive"   // the partner confirms the arrival at the gate
	EventEmploy   PlacementEvent = "employ"   // the hand-over is complete
	EventNoShow   PlacementEvent = "no_show"  // did not arrive
	EventRetain   PlacementEvent = "retain"   // a follow-up found the worker still employed
	EventLeave    PlacementEvent = "leave"    // a follow-up found the worker gone
)

// transitions is the life of a placement: from a state, an event leads to
// the next state. Anything not listed is refused.
var transitions = map[PlacementState]map[PlacementEvent]PlacementState{
	PlacementProposed:  {EventAccept: PlacementAccepted, EventDecline: PlacementDeclined, EventReject: PlacementRejected},
	PlacementAccepted:  {EventConfirm: PlacementConfirmed, EventReject: PlacementRejected, EventDecline: PlacementDeclined},
	PlacementConfirmed: {EventSchedule: PlacementScheduled, EventDecline: PlacementDeclined, EventReject: PlacementRejected},
	PlacementScheduled: {EventBoard: PlacementBoarded, EventUnseat: PlacementConfirmed, EventDecline: PlacementDeclined},
	PlacementBoarded:   {EventArrive: PlacementArrived, EventNoShow: PlacementNoShow},
	PlacementArrived:   {EventEmploy: PlacementEmployed, EventNoShow: PlacementNoShow},
	PlacementEmployed:  {EventRetain: PlacementRetained, EventLeave: PlacementLeft},
	PlacementRetained:  {EventRetain: PlacementRetained, EventLeave: PlacementLeft},
}

// Next returns the state that event leads to from s; Conflict when the
// event is not allowed in s.
func (s PlacementState) Next(event PlacementEvent) (PlacementState, error) {
	if next, ok := transitions[s][event]; ok {
		return next, nil
	}
	return s, Errorf(Conflict, "a %s placement cannot be %s", s, pastTense(event))
}

func pastTense(e PlacementEvent) string {
	switch e {
	case EventAccept:
		return "accepted"
	case EventDecline:
		return "declined"
	case EventConfirm:
		return "confirmed"
	case EventReject:
		return "rejected"
	case EventSchedule:
		return "scheduled"
	case EventUnseat:
		return "taken off its trip"
	case EventBoard:
		return "boarded"
	case EventArrive:
		return "marked arrived"
	case EventEmploy:
		return "marked employed"
	case EventNoShow:
		return "marked as not arrived"
	case EventRetain:
		return "marked retained"
	case EventLeave:
		return "marked left"
	}
	return string(e)
}

// MayCause reports whether a user of role may cause event; scope (the
// worker's division, the partner's employer) is checked separately.
func MayCause(role Role, event PlacementEvent) bool {
	switch event {
	case EventAccept, EventDecline:
		return role == RoleWorker || role == RoleProvince || role == RoleCity || role == RoleCounty
	case EventConfirm, EventReject, EventArrive, EventEmploy:
		return role == RolePartner || role == RoleProvince
	case EventSchedule, EventUnseat, EventBoard, EventNoShow, EventRetain, EventLeave:
		return role == RoleProvince || role == RoleCity || role == RoleCounty
	}
	return false
}

// Placement is one worker placed on one vacancy by a match run, with the
// score that chose it broken into parts.
type Placement struct {
	ID           string
	RunID        string
	WorkerID     string
	WorkerName   string
	Home         string
	VacancyID    string
	VacancyTitle string
	EmployerID   string
	EmployerName string
	Place        string
	StartDate    string
	Score        int
	Parts        map[string]int
	DistanceKm   float64
	State        PlacementState
	Reason       string // why declined, rejected or left
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// ParsePlacementState returns the state named s; Invalid otherwise.
func ParsePlacementState(s string) (PlacementState, error) {
	for _, st := range PlacementStates {
		if string(st) == s {
			return st, nil
		}
	}
	return "", FieldErrorf("state", "unknown placement state %q", s)
}

// PlacementEvents lists every event.
var PlacementEvents = []PlacementEvent{EventAccept, EventDecline, EventConfirm, EventReject, EventSchedule, EventUnseat,
	EventBoard, EventArrive, EventEmploy, EventNoShow, EventRetain, EventLeave}

// ParsePlacementEvent returns the event named s; Invalid otherwise.
func ParsePlacementEvent(s string) (PlacementEvent, error) {
	for _, e := range PlacementEvents {
		if string(e) == s {
			return e, nil
		}
	}
	return "", FieldErrorf("event", "unknown event %q (accept, decline, confirm, reject, …)", s)
}
