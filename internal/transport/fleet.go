package transport

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"sort"
	"time"
)

// Vehicle is one kind of vehicle the service can charter. Costs are in yuan:
// FixedCost per trip (booking, driver's allowance, the empty run back spread
// over the trip) and CostPerKm per kilometre driven with passengers.
type Vehicle struct {
	Kind      string  `json:"kind"`
	Seats     int     `json:"seats"`
	FixedCost float64 `json:"fixed_cost"`
	CostPerKm float64 `json:"cost_per_km"`
}

// Rail describes the chartered train car and when the planner uses it. A
// zero Seats disables rail. A flow (see the package comment) rides the train
// when it has at least MinFlow passengers and its station lies at least MinKm
// away by rail; rail distance is Factor times the great-circle distance,
// covered at SpeedKmh. Gates whose great-circle distance is at most AreaKm
// (directly or through other gates) form one destination area, served by one
// station at the centre of its gates. Buses leave the station TransferMinutes after
// the train arrives.
type Rail struct {
	Vehicle
	MinFlow         int     `json:"min_flow"`
	MinKm           float64 `json:"min_km"`
	SpeedKmh        float64 `json:"speed_kmh"`
	Factor          float64 `json:"rail_factor"`
	AreaKm          float64 `json:"area_km"`
	TransferMinutes int     `json:"transfer_minutes"`
}

func (t Rail) transfer() time.Duration { return time.Duration(t.TransferMinutes) * time.Minute }

// Fleet is what the planner may charter, and how fast it goes. Buses lists
// the bus kinds (any number, any order); SecondDriverCost is added to a bus
// trip that needs a second driver; RoadFactor turns great-circle distance
// into road distance; SpeedKmh is a bus's average speed while driving.
type Fleet struct {
	Buses            []Vehicle `json:"buses"`
	Train            Rail      `json:"train"`
	SecondDriverCost float64   `json:"second_driver_cost"`
	SpeedKmh         float64   `json:"speed_kmh"`
	RoadFactor       float64   `json:"road_factor"`
}

// DefaultFleet returns the fleet used when none is configured. The figures
// are documented assumptions, not quotes (docs/decisions.md, "Trip planner"):
//
//   - Coaches of 53, 35 and 19 seats, the common Chinese charter sizes, at
//     9.0, 7.0 and 5.0 yuan/km plus 800, 600 and 400 yuan per trip: the range
//     charter firms publish for long-distance hire with fuel, tolls and driver.
//   - A second driver costs 500 yuan per trip.
//   - A YZ25G hard-seat car has 118 seats; 6.92 yuan/km is the state
//     hard-seat base fare of 0.05861 yuan per passenger-km times 118, plus
//     2,000 yuan per car for the charter.
//   - Coaches average 70 km/h (100 km/h is their expressway limit; towns,
//     toll gates and service areas bring the mean down); trains on
//     conventional lines 80 km/h.
//   - Road distance is 1.3 × great-circle distance and rail 1.25 ×, typical
//     circuity of China's intercity networks.
//   - Rail is used for flows of at least 300 passengers to areas at least
//     800 rail-km away; areas link gates within 60 km; buses leave the station
//     45 minutes after the train arrives.
func DefaultFleet() Fleet {
	return Fleet{
		Buses: []Vehicle{
			{Kind: "bus-53", Seats: 53, FixedCost: 800, CostPerKm: 9.0},
			{Kind: "bus-35", Seats: 35, FixedCost: 600, CostPerKm: 7.0},
			{Kind: "bus-19", Seats: 19, FixedCost: 400, CostPerKm: 5.0},
		},
		Train: Rail{
			Vehicle:         Vehicle{Kind: "train-car", Seats: 118, FixedCost: 2000, CostPerKm: 6.92},
			MinFlow:         300,
			MinKm:           800,
			SpeedKmh:        80,
			Factor:          1.25,
			AreaKm:          60,
			TransferMinutes: 45,
		},
		SecondDriverCost: 500,
		SpeedKmh:         70,
		RoadFactor:       1.3,
	}
}

// LoadFleet reads a fleet from JSON. Fields left out keep the values of
// DefaultFleet; "buses", when given, replaces the whole list; an unknown field
// is an error, so that a misspelt setting is not silently ignored. It returns
// an *Error (invalid input) for bad JSON or a fleet that Validate refuses.
func LoadFleet(r io.Reader) (Fleet, error) {
	f := DefaultFleet()
	data, err := io.ReadAll(r)
	if err != nil {
		return Fleet{}, &Error{Message: "cannot read the fleet file: " + err.Error()}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return Fleet{}, &Error{Message: "bad fleet JSON: " + err.Error()}
	}
	if dec.More() {
		return Fleet{}, &Error{Message: "bad fleet JSON: more than one value"}
	}
	if err := f.Validate(); err != nil {
		return Fleet{}, err
	}
	return f, nil
}

// Validate reports the first setting out of range as an *Error (invalid).
// A fleet may have no bus at all (everything then needs the train) and no
// train (Train.Seats 0), but not two kinds of one name.
func (f Fleet) Validate() error {
	seen := map[string]bool{}
	for i, v := range f.Buses {
		field := fmt.Sprintf("buses[%d]", i)
		if err := v.validate(field); err != nil {
			return err
		}
		if seen[v.Kind] {
			return fieldError(field+".kind", fmt.Sprintf("%q appears twice", v.Kind))
		}
		seen[v.Kind] = true
	}
	if !positive(f.SpeedKmh) {
		return fieldError("speed_kmh", "must be a positive number")
	}
	if !finite(f.RoadFactor) || f.RoadFactor < 1 {
		return fieldError("road_factor", "must be at least 1: a road is never shorter than the great circle")
	}
	if !finite(f.SecondDriverCost) || f.SecondDriverCost < 0 {
		return fieldError("second_driver_cost", "must not be negative")
	}
	t := f.Train
	if t.Seats == 0 {
		return nil
	}
	if err := t.Vehicle.validate("train"); err != nil {
		return err
	}
	if seen[t.Kind] {
		return fieldError("train.kind", fmt.Sprintf("%q is also a bus kind", t.Kind))
	}
	switch {
	case t.MinFlow < 1:
		return fieldError("train.min_flow", "must be at least 1")
	case !finite(t.MinKm) || t.MinKm < 0:
		return fieldError("train.min_km", "must not be negative")
	case !positive(t.SpeedKmh):
		return fieldError("train.speed_kmh", "must be a positive number")
	case !finite(t.Factor) || t.Factor < 1:
		return fieldError("train.rail_factor", "must be at least 1")
	case !finite(t.AreaKm) || t.AreaKm < 0:
		return fieldError("train.area_km", "must not be negative")
	case t.TransferMinutes < 0 || t.TransferMinutes > 24*60:
		return fieldError("train.transfer_minutes", "must be between 0 and 1440")
	}
	return nil
}

func (v Vehicle) validate(field string) error {
	switch {
	case v.Kind == "":
		return fieldError(field+".kind", "is empty")
	case v.Seats < 1 || v.Seats > 10000:
		return fieldError(field+".seats", "must be between 1 and 10000")
	case !finite(v.FixedCost) || v.FixedCost < 0:
		return fieldError(field+".fixed_cost", "must not be negative")
	case !finite(v.CostPerKm) || v.CostPerKm < 0:
		return fieldError(field+".cost_per_km", "must not be negative")
	}
	return nil
}

// largestBus returns the most seats a bus of the fleet has, or 0.
func (f Fleet) largestBus() int {
	n := 0
	for _, v := range f.Buses {
		n = max(n, v.Seats)
	}
	return n
}

// kind returns the vehicle kind of that name, the train car included.
func (f Fleet) kind(name string) (Vehicle, bool) {
	for _, v := range f.Buses {
		if v.Kind == name {
			return v, true
		}
	}
	if f.Train.Seats > 0 && f.Train.Kind == name {
		return f.Train.Vehicle, true
	}
	return Vehicle{}, false
}

// busesBySeats returns the bus kinds from the fewest seats up, ties by name.
func (f Fleet) busesBySeats() []Vehicle {
	b := append([]Vehicle(nil), f.Buses...)
	sort.Slice(b, func(i, j int) bool {
		if b[i].Seats != b[j].Seats {
			return b[i].Seats < b[j].Seats
		}
		return b[i].Kind < b[j].Kind
	})
	return b
}

func finite(x float64) bool   { return !math.IsNaN(x) && !math.IsInf(x, 0) }
func positive(x float64) bool { return finite(x) && x > 0 }
