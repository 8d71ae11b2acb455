package transport

import (
	"math"
	"time"
)

// Origin is a gathering point: where passengers board on the departure date.
// PerHour is how many people it boards per hour; 0 takes Rules.PerHour.
type Origin struct {
	ID, Name string
	Lat, Lon float64
	PerHour  int
}

// Gate is an employer's gate, where passengers get off. A gate whose Lat and
// Lon are both 0, or either NaN, has no known coordinates.
type Gate struct {
	ID, Name string
	Lat, Lon float64
}

// Passenger is one confirmed placement to carry. Group is a village or family
// key (empty for none): members of a group ride the same vehicle on adjacent
// seats whenever the group fits one. Gate is the ID of the gate to drop the
// passenger at.
type Passenger struct {
	ID, Group, Gate string
}

// Request is one planning problem: the passengers of one gathering point on
// one departure date. ID prefixes the trip IDs, so requests planned side by
// side should have distinct IDs. Only the calendar date of Date counts;
// boarding starts at Rules.FirstDeparture in Date's location.
type Request struct {
	ID         string
	Origin     Origin
	Date       time.Time
	Gates      []Gate
	Passengers []Passenger
}

// Plan is the planner's answer for one Request.
//
// Every passenger of the request is either on exactly one trip that leaves
// the gathering point (From empty), and then, when that trip is a train car,
// also on exactly one bus that leaves the car's station (From the station's
// ID), or in Unplanned with the reason. LowerBound is a number of vehicles no
// plan of the request can go below (see LowerBound); Vehicles is what this
// plan uses. Km and Cost sum the trips.
type Plan struct {
	Request    string
	Origin     Origin
	Date       time.Time
	Earliest   time.Time
	Trips      []Trip
	Stations   []Station
	Unplanned  []Unplanned
	Splits     []Split
	LowerBound int
	Km, Cost   float64
}

// Trip is one vehicle's journey. From is empty for a trip from the gathering
// point and names a Station for a bus meeting a train. Train is shared by the
// cars that run in one train and empty for buses. Stops are in driving order;
// a train car has one stop, its station. Km is the route's length (rail km for
// a car), Direct the distance to the farthest stop, so the detour is
// Km/Direct - 1. Events is the timetable from Depart to the last arrival.
// Seats holds one seat per passenger, by seat number.
type Trip struct {
	ID       string
	Vehicle  string
	Capacity int
	Train    string
	From     string
	Depart   time.Time
	Stops    []Stop
	Events   []Event
	Drivers  int
	Km       float64
	Direct   float64
	Cost     float64
	Seats    []Seat
	Reason   string
}

// Stop is where a trip drops passengers: Place is a gate ID (or a station ID
// for a train car), Km the distance driven from departure to it.
type Stop struct {
	Place      string
	Name       string
	Arrive     time.Time
	Km         float64
	Passengers []string
}

// Seat is a seat number (from 1) and the passenger in it.
type Seat struct {
	No        int
	Passenger string
}

// EventKind says what a vehicle does during an Event.
type EventKind string

// The kinds of Event.
const (
	Drive EventKind = "drive" // a bus driving
	Rest  EventKind = "rest"  // the break after Rules.MaxDriving
	Night EventKind = "night" // waiting out the hours when buses may not drive
	Dwell EventKind = "dwell" // dropping passengers at a gate before driving on
	Ride  EventKind = "rail"  // a train car on its way
)

// Event is one span of a trip's timetable.
type Event struct {
	Kind       EventKind
	Start, End time.Time
	Km         float64
}

// Station is where a train's cars arrive and buses take their passengers on
// to the gates: the centre of a destination area's gates.
type Station struct {
	ID, Name string
	Lat, Lon float64
	Gates    []string
}

// Unplanned is a passenger the plan does not carry, and why.
type Unplanned struct {
	Passenger string
	Reason    string
}

// Split is a group whose members ride different vehicles: Trips lists them
// (trips from the gathering point), Reason says why they could not ride
// together.
type Split struct {
	Group  string
	Trips  []string
	Reason string
}

// Vehicles returns the number of vehicles the plan uses: buses (meeting
// buses included) and train cars.
func (p Plan) Vehicles() int { return len(p.Trips) }

func hasCoords(lat, lon float64) bool {
	if math.IsNaN(lat) || math.IsNaN(lon) || math.IsInf(lat, 0) || math.IsInf(lon, 0) {
		return false
	}
	return !(lat == 0 && lon == 0)
}
