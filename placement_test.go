package laborbridge

import "testing"

func TestPlacementTransitions(t *testing.T) {
	tests := []struct {
		from  PlacementState
		event PlacementEvent
		to    PlacementState
		ok    bool
	}{
		{PlacementProposed, EventAccept, PlacementAccepted, true},
		{PlacementProposed, EventDecline, PlacementDeclined, true},
		{PlacementProposed, EventConfirm, PlacementProposed, false},
		{PlacementAccepted, EventConfirm, PlacementConfirmed, true},
		{PlacementAccepted, EventReject, PlacementRejected, true},
		{PlacementAccepted, EventAccept, PlacementAccepted, false},
		{PlacementDeclined, EventAccept, PlacementDeclined, false},
		{PlacementRejected, EventConfirm, PlacementRejected, false},
		{PlacementConfirmed, EventSchedule, PlacementScheduled, true},
		{PlacementScheduled, EventUnseat, PlacementConfirmed, true},
		{PlacementScheduled, EventBoard, PlacementBoarded, true},
		{PlacementBoarded, EventBoard, PlacementBoarded, false},
		{PlacementBoarded, EventArrive, PlacementArrived, true},
		{PlacementArrived, EventEmploy, PlacementEmployed, true},
		{PlacementEmployed, EventRetain, PlacementRetained, true},
		{PlacementRetained, EventLeave, PlacementLeft, true},
		{PlacementLeft, EventRetain, PlacementLeft, false},
	}
	for _, tt := range tests {
		t.Run(string(tt.from)+"/"+string(tt.event), func(t *testing.T) {
			got, err := tt.from.Next(tt.event)
			if (err == nil) != tt.ok || got != tt.to {
				t.Fatalf("%s.Next(%s) = %s, %v; want %s, ok %v", tt.from, tt.event, got, err, tt.to, tt.ok)
			}
			if err != nil && KindOf(err) != Conflict {
				t.Errorf("error kind = %s, want conflict", KindOf(err))
			}
		})
	}
}

func TestPlacementLive(t *testing.T) {
	for _, s := range PlacementStates {
		want := s != PlacementDeclined && s != PlacementRejected && s != PlacementLeft && s != PlacementNoShow
		if s.Live() != want {
			t.Errorf("%s.Live() = %v, want %v", s, s.Live(), want)
		}
	}
}

func TestMayCause(t *testing.T) {
	tests := []struct {
		role  Role
		event PlacementEvent
		want  bool
	}{
		{RoleWorker, EventAccept, true},
		{RoleCounty, EventDecline, true},
		{RolePartner, EventAccept, false},
		{RolePartner, EventConfirm, true},
		{RoleCounty, EventConfirm, false},
		{RoleTrainer, EventAccept, false},
		{RolePartner, EventArrive, true},
	}
	for _, tt := range tests {
		if got := MayCause(tt.role, tt.event); got != tt.want {
			t.Errorf("MayCause(%s, %s) = %v, want %v", tt.role, tt.event, got, tt.want)
		}
	}
}
