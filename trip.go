package laborbridge

import (
	"math"
	"strconv"
	"strings"
	"time"

	"laborbridge/internal/refdata"
)

// EventStatus says where a departure event stands: open until its trips
// are planned, planned afterwards (it may be planned again as long as no
// trip has started boarding).
type EventStatus string

// The statuses of a departure event.
const (
	EventOpen    EventStatus = "open"
	EventPlanned EventStatus = "planned"
)

// GatheringPoint is where an event's workers board: a place near home,
// such as a city sports centre, with its coordinates.
type GatheringPoint struct {
	Name    string
	Address string
	Lat     float64
	Lon     float64
}

// DepartureEvent is a day on which the confirmed workers of an area gather
// at one point and leave on chartered vehicles. It serves the confirmed
// placements whose worker's home lies in Division (a code whose significant
// prefix bounds the area: 140100 is all of Taiyuan) and whose vacancy starts
// between StartFrom and StartTo, both included. Two events of overlapping
// areas never have overlapping windows, so each placement belongs to one
// event at most.
type DepartureEvent struct {
	ID        string
	Date      string // YYYY-MM-DD, in China Standard Time
	Point     GatheringPoint
	Division  string
	PerHour   int // people the point boards per hour (identity, temperature and security checks)
	StartFrom string
	StartTo   string
	Status    EventStatus
	CreatedBy string
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Name is how people call an event: its date and gathering point.
func (e *DepartureEvent) Name() string { return e.Date + " " + e.Point.Name }

// EventInput is a departure event as typed into a form or an API body.
type EventInput struct {
	Date      string `json:"date"`
	PointName string `json:"point_name"`
	Address   string `json:"point_address,omitempty"`
	Lat       string `json:"lat,omitempty"`
	Lon       string `json:"lon,omitempty"`
	Division  string `json:"division"`
	PerHour   string `json:"per_hour,omitempty"`
	StartFrom string `json:"start_from,omitempty"`
	StartTo   string `json:"start_to,omitempty"`
}

// DefaultPerHour is the boarding rate of a gathering point when none is
// given: identity, temperature and security checks at a few desks.
const DefaultPerHour = 600

// ParseEvent checks in and returns the event it describes. The division is
// a code or a name; the coordinates default to the division's point (a
// city's or a county's), so that a sports centre in town needs none typed.
// The window of start dates defaults to the two days after the event to
// nine days after, the journey's length and a week. Invalid with every field
// at fault otherwise.
func ParseEvent(in EventInput) (*DepartureEvent, error) {
	var p Problems
	e := &DepartureEvent{Status: EventOpen, Point: GatheringPoint{Name: strings.TrimSpace(in.PointName), Address: strings.TrimSpace(in.Address)}}
	var day time.Time
	if s := strings.TrimSpace(in.Date); s == "" {
		p.Add("date", "the departure date is required")
	} else if d, err := ParseDate(s); err != nil {
		p.AddErr("date", err)
	} else {
		e.Date = d
		day, _ = time.Parse("2006-01-02", d)
	}
	switch n := len([]rune(e.Point.Name)); {
	case n == 0:
		p.Add("point_name", "name the gathering point, such as 太原市体育中心")
	case n > 60:
		p.Add("point_name", "the gathering point's name is longer than 60 characters")
	}
	if len([]rune(e.Point.Address)) > 120 {
		p.Add("point_address", "the address is longer than 120 characters")
	}
	if d, err := ParseDivision("division", in.Division); err != nil {
		p.AddErr("division", err)
	} else {
		e.Division = d.Code
	}
	latIn, lonIn := strings.TrimSpace(in.Lat), strings.TrimSpace(in.Lon)
	switch {
	case latIn == "" && lonIn == "":
		if e.Division == "" {
			break
		}
		if la, lo, ok := refdata.Point(e.Division); ok {
			e.Point.Lat, e.Point.Lon = la, lo
		} else {
			p.Add("lat", "%s has no point on file; give the gathering point's coordinates", e.Division)
		}
	case latIn == "":
		p.Add("lat", "give both coordinates or neither")
	case lonIn == "":
		p.Add("lon", "give both coordinates or neither")
	default:
		e.Point.Lat = parseCoord(&p, "lat", latIn, 90)
		e.Point.Lon = parseCoord(&p, "lon", lonIn, 180)
	}
	e.PerHour = parseInt(&p, "per_hour", in.PerHour, 0, 100000)
	if e.PerHour == 0 && strings.TrimSpace(in.PerHour) != "" {
		p.Add("per_hour", "a gathering point boards at least one person an hour")
	}
	if e.PerHour == 0 {
		e.PerHour = DefaultPerHour
	}
	e.StartFrom = parseWindow(&p, "start_from", in.StartFrom, day, 2)
	e.StartTo = parseWindow(&p, "start_to", in.StartTo, day, 9)
	if e.StartFrom != "" && e.StartTo != "" && e.StartTo < e.StartFrom {
		p.Add("start_to", "the window ends (%s) before it starts (%s)", e.StartTo, e.StartFrom)
	}
	if e.Date != "" && e.StartFrom != "" && e.StartFrom <= e.Date {
		p.Add("start_from", "the vacancies served start after the departure (%s), not on %s", e.Date, e.StartFrom)
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return e, nil
}

// parseCoord reads one coordinate in degrees; 0 is refused, since it is
// what an empty spreadsheet cell reads as.
func parseCoord(p *Problems, field, s string, limit float64) float64 {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.Abs(f) > limit || f == 0 {
		p.Add(field, "%q is not a coordinate in degrees (−%.0f to %.0f)", s, limit, limit)
		return 0
	}
	return f
}

// parseWindow reads a window date, defaulting to the departure day plus
// days.
func parseWindow(p *Problems, field, s string, day time.Time, days int) string {
	s = strings.TrimSpace(s)
	if s == "" {
		if day.IsZero() {
			return ""
		}
		return day.AddDate(0, 0, days).Format("2006-01-02")
	}
	d, err := ParseDate(s)
	if err != nil {
		p.AddErr(field, err)
		return ""
	}
	return d
}

// TripStatus is where a trip stands on its departure day.
type TripStatus string

// The statuses of a trip, in order.
const (
	TripPlanned  TripStatus = "planned"
	TripBoarding TripStatus = "boarding"
	TripDeparted TripStatus = "departed"
	TripArrived  TripStatus = "arrived"
)

// Trip is one chartered vehicle's journey from an event's gathering point
// (or, for a bus meeting a train, from a station) to its stops. Train names
// the train a car belongs to and is empty for buses; FromStation names the
// station a meeting bus leaves from and is empty otherwise.
type Trip struct {
	ID          string
	EventID     string
	Number      string
	Vehicle     string
	Capacity    int
	Train       string
	FromStation string
	Depart      time.Time
	Arrive      time.Time
	Drivers     int
	Km          float64
	DirectKm    float64
	Cost        float64
	Reason      string
	Status      TripStatus
	Plate       string
	Passengers  int
	Stops       []Stop
	Timetable   []Span
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// IsCar reports whether the trip is a train car.
func (t *Trip) IsCar() bool { return t.Train != "" }

// Stop is where a trip drops passengers: a place (an employer's gate, or
// the station of a train car) with its expected arrival.
type Stop struct {
	Place      string
	Name       string
	Employers  string // the employers whose workers get off here
	Lat, Lon   float64
	Arrive     time.Time
	Km         float64
	Passengers int
}

// Span is one part of a trip's timetable: driving, a rest, waiting out the
// night ban, a drop-off, or a train ride.
type Span struct {
	Kind  string    `json:"kind"`
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
	Km    float64   `json:"km,omitempty"`
}

// Seat is one worker's seat on one trip. Leg 1 is the trip from the
// gathering point, where boarding checks happen; leg 2 the bus that meets
// a train car. BoardedAt is set once, when the worker boards.
type Seat struct {
	ID           string
	TripID       string
	No           int
	Leg          int
	PlacementID  string
	WorkerID     string
	WorkerName   string
	Home         string
	Village      string
	Group        string
	EmployerID   string
	Employer     string
	Stop         string // the name of the stop the worker gets off at
	BoardedAt    *time.Time
	DenialReason string
}
