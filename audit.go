package laborbridge

import "time"

// AuditEntry records one write: who did what to which object, with the
// object's state before and after as JSON.
type AuditEntry struct {
	ID         string
	At         time.Time
	ActorID    string
	ActorName  string
	Action     string
	ObjectType string
	ObjectID   string
	Division   string // home division of the object, for scoped views
	Before     string
	After      string
}
