package transport

import (
	"fmt"
	"time"
)

// Rules are the limits every plan keeps. Clock times (NightStart, NightEnd,
// FirstDeparture) are offsets from midnight in the request's location.
type Rules struct {
	// MaxStops is the most gates one vehicle drops passengers at.
	MaxStops int
	// Detour bounds a route's length: at most (1 + Detour) times the road
	// distance from the gathering point to its farthest stop.
	Detour float64
	// MaxKm is the longest bus route; a gate farther away by road is
	// unreachable by bus.
	MaxKm float64
	// MaxDriving is the longest continuous driving before a break of at
	// least Rest. A stop at a gate shorter than Rest is not a break.
	MaxDriving time.Duration
	Rest       time.Duration
	// A bus whose route exceeds SecondDriverKm or whose driving time exceeds
	// SecondDriverDriving carries a second driver.
	SecondDriverKm      float64
	SecondDriverDriving time.Duration
	// No bus drives between NightStart and NightEnd; it waits. Equal values
	// lift the ban.
	NightStart, NightEnd time.Duration
	// FirstDeparture is when boarding starts on the departure date.
	FirstDeparture time.Duration
	// PerHour is how many people a gathering point boards per hour (identity,
	// temperature and security checks) when Origin.PerHour is 0.
	PerHour int
	// Dwell is the time a bus spends at a gate that is not its last stop.
	Dwell time.Duration
}

// DefaultRules returns the rules used when none are configured: 3 stops,
// 20 % detour, 2,800 km per bus route, 4 h of driving then 20 minutes' rest
// and no driving from 02:00 to 05:00 (China's rules for road passenger
// transport), a second driver past 400 km or 8 h of driving, boarding from
// 07:00 at 600 people an hour, 15 minutes at each intermediate gate.
func DefaultRules() Rules {
	return Rules{
		MaxStops:            3,
		Detour:              0.20,
		MaxKm:               2800,
		MaxDriving:          4 * time.Hour,
		Rest:                20 * time.Minute,
		SecondDriverKm:      400,
		SecondDriverDriving: 8 * time.Hour,
		NightStart:          2 * time.Hour,
		NightEnd:            5 * time.Hour,
		FirstDeparture:      7 * time.Hour,
		PerHour:             600,
		Dwell:               15 * time.Minute,
	}
}

// maxStopsLimit keeps the exact ordering of a route's stops cheap.
const maxStopsLimit = 8

// Validate reports the first rule out of range as an *Error (invalid).
func (r Rules) Validate() error {
	day := 24 * time.Hour
	switch {
	case r.MaxStops < 1 || r.MaxStops > maxStopsLimit:
		return fieldError("max_stops", fmt.Sprintf("must be between 1 and %d", maxStopsLimit))
	case !finite(r.Detour) || r.Detour < 0 || r.Detour > 10:
		return fieldError("detour", "must be between 0 and 10 (a fraction: 0.2 is 20 %)")
	case !positive(r.MaxKm):
		return fieldError("max_km", "must be a positive number")
	case r.MaxDriving < time.Minute:
		return fieldError("max_driving", "must be at least a minute")
	case r.Rest < time.Minute:
		return fieldError("rest", "must be at least a minute")
	case !finite(r.SecondDriverKm) || r.SecondDriverKm < 0:
		return fieldError("second_driver_km", "must not be negative")
	case r.SecondDriverDriving < 0:
		return fieldError("second_driver_driving", "must not be negative")
	case r.NightStart < 0 || r.NightStart >= day || r.NightEnd < 0 || r.NightEnd >= day:
		return fieldError("night", "start and end must be clock times between 00:00 and 24:00")
	case r.NightEnd < r.NightStart:
		return fieldError("night", "must not span midnight: the end comes before the start")
	case r.FirstDeparture < 0 || r.FirstDeparture >= day:
		return fieldError("first_departure", "must be a clock time between 00:00 and 24:00")
	case r.PerHour < 1:
		return fieldError("per_hour", "must be at least 1")
	case r.Dwell < 0:
		return fieldError("dwell", "must not be negative")
	}
	return nil
}
