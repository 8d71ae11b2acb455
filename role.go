package laborbridge

import (
	"context"
	"strings"
	"time"
)

// Role says what a user is and, with the user's division or employer, what
// the user may see.
type Role string

// The roles of DESIGN §2.
const (
	RoleProvince Role = "province"
	RoleCity     Role = "city"
	RoleCounty   Role = "county"
	RolePartner  Role = "partner"
	RoleTrainer  Role = "trainer"
	RoleWorker   Role = "worker"
	// RoleDriver is no account: it is whoever holds a trip's driver's
	// link, acting on that one trip (see Driver).
	RoleDriver Role = "driver"
)

// Roles lists every role an account may have, most powerful first.
var Roles = []Role{RoleProvince, RoleCity, RoleCounty, RolePartner, RoleTrainer, RoleWorker}

// ParseRole returns the role named s; Invalid if there is none.
func ParseRole(s string) (Role, error) {
	for _, r := range Roles {
		if string(r) == strings.ToLower(strings.TrimSpace(s)) {
			return r, nil
		}
	}
	return "", FieldErrorf("role", "unknown role %q (one of province, city, county, partner, trainer, worker)", s)
}

// User is an account. Division scopes the office roles; EmployerID ties a
// partner to its employer; WorkerID ties a worker account to its record.
type User struct {
	ID          string
	Username    string
	DisplayName string
	Role        Role
	Division    string
	EmployerID  string
	WorkerID    string
	TripID      string // a driver's one trip
	Disabled    bool
	CreatedAt   time.Time
}

// Validate checks that the role has what it needs to be scoped.
func (u *User) Validate() error {
	var p Problems
	if !validUsername(u.Username) {
		p.Add("username", "use 3–32 letters, digits, '.', '-' or '_'")
	}
	if _, err := ParseRole(string(u.Role)); err != nil {
		p.AddErr("role", err)
	}
	switch u.Role {
	case RoleProvince, RoleCity, RoleCounty:
		if u.Division == "" {
			p.Add("division", "a %s user needs its division code", u.Role)
		}
	case RolePartner:
		if u.EmployerID == "" {
			p.Add("employer", "a partner user needs its employer")
		}
	case RoleWorker:
		if u.WorkerID == "" {
			p.Add("worker", "a worker user needs its worker record")
		}
	}
	return p.Err()
}

func validUsername(s string) bool {
	if len(s) < 3 || len(s) > 32 {
		return false
	}
	for _, c := range s {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_'
		if !ok {
			return false
		}
	}
	return true
}

// DivisionPrefix returns the GB/T 2260 prefix that bounds what an office user
// sees: "14" for a province, "1401" for a city, "140105" for a county. It is
// empty for roles not scoped by division.
func (u *User) DivisionPrefix() string {
	return DivisionPrefix(u.Division)
}

// DivisionPrefix trims a six-digit division code to its significant prefix:
// 140000 → 14, 140100 → 1401, 140105 → 140105.
func DivisionPrefix(code string) string {
	switch {
	case len(code) != 6:
		return code
	case strings.HasSuffix(code, "0000"):
		return code[:2]
	case strings.HasSuffix(code, "00"):
		return code[:4]
	}
	return code
}

// SeesDivision reports whether u may see records homed in division code.
func (u *User) SeesDivision(code string) bool {
	switch u.Role {
	case RoleProvince, RoleCity, RoleCounty:
		return strings.HasPrefix(code, u.DivisionPrefix())
	}
	return false
}

// IsOffice reports whether u is an employment-office user (province, city or county).
func (u *User) IsOffice() bool {
	return u.Role == RoleProvince || u.Role == RoleCity || u.Role == RoleCounty
}

// SeesFullIDNumbers reports whether u's role needs unmasked resident ID
// numbers: the offices that register workers and check them on boarding.
func (u *User) SeesFullIDNumbers() bool {
	return u.IsOffice()
}

// Can reports whether u's role may perform action at all; scope is checked
// separately against each object.
func (u *User) Can(action Action) bool {
	if u == nil || u.Disabled {
		return false
	}
	for _, r := range permissions[action] {
		if r == u.Role {
			return true
		}
	}
	return false
}

// Action names something a user may do.
type Action string

// Actions checked by the store.
const (
	ActReadWorkers     Action = "workers.read"
	ActWriteWorkers    Action = "workers.write"
	ActImportWorkers   Action = "workers.import"
	ActReadEmployers   Action = "employers.read"
	ActWriteEmployers  Action = "employers.write"
	ActReadVacancies   Action = "vacancies.read"
	ActWriteVacancies  Action = "vacancies.write"
	ActImportVacancies Action = "vacancies.import"
	ActReadAudit       Action = "audit.read"
	ActRunMatch        Action = "match.run"
	ActPlanTrips       Action = "trips.plan"
	ActReadTrips       Action = "trips.read"
	ActMoveTrips       Action = "trips.move"
	ActManageUsers     Action = "users.manage"
)

var permissions = map[Action][]Role{
	ActReadWorkers:     {RoleProvince, RoleCity, RoleCounty, RoleWorker},
	ActWriteWorkers:    {RoleProvince, RoleCity, RoleCounty},
	ActImportWorkers:   {RoleProvince, RoleCity, RoleCounty},
	ActReadEmployers:   {RoleProvince, RoleCity, RoleCounty, RolePartner},
	ActWriteEmployers:  {RoleProvince, RolePartner},
	ActReadVacancies:   {RoleProvince, RoleCity, RoleCounty, RolePartner, RoleTrainer, RoleWorker},
	ActWriteVacancies:  {RoleProvince, RolePartner},
	ActImportVacancies: {RoleProvince, RolePartner},
	ActReadAudit:       {RoleProvince},
	ActRunMatch:        {RoleProvince, RoleCity, RoleCounty},
	ActPlanTrips:       {RoleProvince, RoleCity, RoleCounty},
	ActReadTrips:       {RoleProvince, RoleCity, RoleCounty, RolePartner, RoleDriver},
	ActMoveTrips:       {RoleProvince, RoleCity, RoleCounty, RoleDriver},
	ActManageUsers:     {RoleProvince},
}

type actorKey struct{}

// WithActor returns a context carrying the acting user.
func WithActor(ctx context.Context, u *User) context.Context {
	return context.WithValue(ctx, actorKey{}, u)
}

// ActorFrom returns the acting user, or nil when there is none.
func ActorFrom(ctx context.Context) *User {
	u, _ := ctx.Value(actorKey{}).(*User)
	return u
}

// RequireActor returns the acting user or an Unauthorized error; with an
// action, also Forbidden when the role may not perform it.
func RequireActor(ctx context.Context, action Action) (*User, error) {
	u := ActorFrom(ctx)
	if u == nil {
		return nil, Errorf(Unauthorized, "sign in first")
	}
	if action != "" && !u.Can(action) {
		return nil, Errorf(Forbidden, "the %s role may not do this (%s)", u.Role, action)
	}
	return u, nil
}

// Driver returns the actor behind a trip's driver's link: it sees that
// trip and its passengers, masked, and reports the trip's departure and
// arrival, nothing else. Its writes are audited as the driver of the
// trip's number.
func Driver(tripID, number string) *User {
	name := "driver of " + number
	return &User{ID: "driver:" + tripID, Username: name, DisplayName: name, Role: RoleDriver, TripID: tripID}
}

// System is the actor of maintenance commands run on the server itself
// (migrations, demo data, the first accounts): a province-level actor
// without a division, so it sees everything. Its writes are audited as
// "system".
func System() *User {
	return &User{ID: "system", Username: "system", DisplayName: "system", Role: RoleProvince}
}
