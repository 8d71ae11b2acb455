package laborbridge

import (
	"fmt"
	"strings"
)

// A boarding check is one of the things staff verify before a worker may
// board: who they are, their temperature, and what they carry.
type Check string

// The boarding checks.
const (
	CheckIdentity    Check = "identity"
	CheckTemperature Check = "temperature"
	CheckSecurity    Check = "security"
)

// BoardingRules configure the checks: which run and in what order, and the
// temperature at or above which a worker may not board.
type BoardingRules struct {
	Order     []Check
	Threshold float64 // °C
	// KeepTemperatureDays is how long temperature readings are kept
	// before they are deleted (sensitive health data).
	KeepTemperatureDays int
}

// DefaultBoardingRules check identity, then temperature against 37.3 °C
// (the usual fever screening threshold), then security, and keep readings
// for 14 days.
func DefaultBoardingRules() BoardingRules {
	return BoardingRules{Order: []Check{CheckIdentity, CheckTemperature, CheckSecurity}, Threshold: 37.3, KeepTemperatureDays: 14}
}

// ParseChecks reads an order such as "identity,temperature,security";
// Invalid for an unknown or repeated check.
func ParseChecks(s string) ([]Check, error) {
	var out []Check
	seen := map[Check]bool{}
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' }) {
		c := Check(strings.ToLower(part))
		if c != CheckIdentity && c != CheckTemperature && c != CheckSecurity {
			return nil, FieldErrorf("checks", "unknown boarding check %q (identity, temperature, security)", part)
		}
		if seen[c] {
			return nil, FieldErrorf("checks", "boarding check %q is listed twice", part)
		}
		seen[c] = true
		out = append(out, c)
	}
	if len(out) == 0 {
		return nil, FieldErrorf("checks", "list at least one boarding check")
	}
	return out, nil
}

// CheckResults are what staff recorded at the gathering point.
type CheckResults struct {
	IdentityOK  bool     `json:"identity_ok"`
	Temperature *float64 `json:"temperature,omitempty"` // °C; nil when not taken
	SecurityOK  bool     `json:"security_ok"`
}

// Verdict is the outcome of the checks: boarding allowed, or the first
// failed check with a reason to record.
type Verdict struct {
	Board  bool   `json:"board"`
	Failed Check  `json:"failed,omitempty"`
	Reason string `json:"reason,omitempty"`
}

// Judge runs the checks in the configured order and stops at the first
// that fails. A temperature not taken fails its check: staff must measure.
func (r BoardingRules) Judge(res CheckResults) Verdict {
	for _, c := range r.Order {
		switch c {
		case CheckIdentity:
			if !res.IdentityOK {
				return Verdict{Failed: c, Reason: "identity not confirmed"}
			}
		case CheckTemperature:
			if res.Temperature == nil {
				return Verdict{Failed: c, Reason: "temperature not taken"}
			}
			t := *res.Temperature
			if t < 34 || t > 43 {
				return Verdict{Failed: c, Reason: fmt.Sprintf("temperature %.1f °C is not a plausible reading; measure again", t)}
			}
			if t >= r.Threshold {
				return Verdict{Failed: c, Reason: fmt.Sprintf("temperature %.1f °C is at or above %.1f °C", t, r.Threshold)}
			}
		case CheckSecurity:
			if !res.SecurityOK {
				return Verdict{Failed: c, Reason: "security check not passed"}
			}
		}
	}
	return Verdict{Board: true}
}

// NextTrip returns the status after s when the trip moves to want; only
// forward steps are allowed (planned → boarding → departed → arrived, and
// planned → departed for a trip that boards nobody by scanning). Conflict
// otherwise.
func (s TripStatus) NextTrip(want TripStatus) (TripStatus, error) {
	ok := map[TripStatus][]TripStatus{
		TripPlanned:  {TripBoarding, TripDeparted},
		TripBoarding: {TripDeparted},
		TripDeparted: {TripArrived},
	}
	for _, n := range ok[s] {
		if n == want {
			return want, nil
		}
	}
	return s, Errorf(Conflict, "a %s trip cannot become %s", s, want)
}
