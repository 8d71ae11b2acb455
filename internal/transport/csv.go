package transport

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
)

// PlacementsHeader is the header of the placements CSV that ReadPlacements
// reads, in this order.
var PlacementsHeader = []string{"worker", "group", "origin", "origin_lat", "origin_lon", "destination", "dest_lat", "dest_lon", "date"}

// TripsHeader is the header of the CSV that WriteTrips writes.
var TripsHeader = []string{"trip", "vehicle", "capacity", "departure", "stop", "destination", "worker", "seat"}

// ReadPlacements reads confirmed placements from CSV (header PlacementsHeader;
// a UTF-8 byte-order mark is ignored) and groups them into one Request per
// gathering point and date, ordered by date, then gathering point. A
// gathering point or gate is identified by its name; both coordinates of
// one may be left empty, and its passengers are then reported unplanned.
// Dates are YYYY-MM-DD in loc. It reads everything before returning, and
// returns an *Error (invalid) naming the line of the first bad row: a wrong
// header or number of fields, an empty or repeated worker, an empty origin
// or destination, a number that does not parse or is out of range, one
// coordinate without the other, a place given different coordinates on two
// lines, a bad date.
func ReadPlacements(r io.Reader, loc *time.Location) ([]Request, error) {
	br := bufio.NewReader(r)
	if b, err := br.Peek(3); err == nil && string(b) == "\ufeff" {
		_, _ = br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if err == io.EOF {
		return nil, &Error{Line: 1, Message: "the file is empty; want the header " + strings.Join(PlacementsHeader, ",")}
	}
	if err != nil {
		return nil, csvError(err)
	}
	if len(head) != len(PlacementsHeader) || !sameHeader(head) {
		return nil, &Error{Line: 1, Message: fmt.Sprintf("header %q, want %s", strings.Join(head, ","), strings.Join(PlacementsHeader, ","))}
	}
	type place struct {
		lat, lon float64
		line     int
	}
	origins := map[string]place{}
	gates := map[string]place{}
	workers := map[string]int{}
	type key struct {
		date   string
		origin string
	}
	byKey := map[key]*Request{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvError(err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) != len(PlacementsHeader) {
			return nil, &Error{Line: line, Message: fmt.Sprintf("%d fields, want %d", len(rec), len(PlacementsHeader))}
		}
		for i := range rec {
			rec[i] = strings.TrimSpace(rec[i])
		}
		worker, group, origin, destination, date := rec[0], rec[1], rec[2], rec[5], rec[8]
		switch {
		case worker == "":
			return nil, &Error{Line: line, Field: "worker", Message: "is empty"}
		case workers[worker] > 0:
			return nil, &Error{Line: line, Field: "worker", Message: fmt.Sprintf("%q is already on line %d", worker, workers[worker])}
		case origin == "":
			return nil, &Error{Line: line, Field: "origin", Message: "is empty"}
		case destination == "":
			return nil, &Error{Line: line, Field: "destination", Message: "is empty"}
		}
		workers[worker] = line
		olat, olon, cerr := coords(rec[3], rec[4], "origin_lat", "origin_lon")
		var glat, glon float64
		if cerr == nil {
			glat, glon, cerr = coords(rec[6], rec[7], "dest_lat", "dest_lon")
		}
		if cerr != nil {
			cerr.Line = line
			return nil, cerr
		}
		day, perr := time.ParseInLocation("2006-01-02", date, loc)
		if perr != nil {
			return nil, &Error{Line: line, Field: "date", Message: fmt.Sprintf("%q is not a date of the form 2026-01-06", date)}
		}
		for _, c := range []struct {
			m        map[string]place
			name     string
			lat, lon float64
			what     string
		}{{origins, origin, olat, olon, "origin"}, {gates, destination, glat, glon, "destination"}} {
			if prev, ok := c.m[c.name]; ok {
				if !sameCoord(prev.lat, c.lat) || !sameCoord(prev.lon, c.lon) {
					return nil, &Error{Line: line, Field: c.what, Message: fmt.Sprintf("%q is at %s here but at %s on line %d",
						c.name, showCoords(c.lat, c.lon), showCoords(prev.lat, prev.lon), prev.line)}
				}
				continue
			}
			c.m[c.name] = place{lat: c.lat, lon: c.lon, line: line}
		}
		k := key{date: date, origin: origin}
		req, ok := byKey[k]
		if !ok {
			req = &Request{Origin: Origin{ID: origin, Name: origin, Lat: olat, Lon: olon}, Date: day}
			byKey[k] = req
		}
		req.Passengers = append(req.Passengers, Passenger{ID: worker, Group: group, Gate: destination})
	}
	keys := make([]key, 0, len(byKey))
	for k := range byKey {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].date != keys[j].date {
			return keys[i].date < keys[j].date
		}
		return keys[i].origin < keys[j].origin
	})
	out := make([]Request, 0, len(keys))
	for i, k := range keys {
		req := byKey[k]
		req.ID = fmt.Sprintf("%s-%02d", strings.ReplaceAll(k.date, "-", ""), i+1)
		var names []string
		seen := map[string]bool{}
		for _, p := range req.Passengers {
			if !seen[p.Gate] {
				seen[p.Gate] = true
				names = append(names, p.Gate)
			}
		}
		sort.Strings(names)
		for _, n := range names {
			g := gates[n]
			req.Gates = append(req.Gates, Gate{ID: n, Name: n, Lat: g.lat, Lon: g.lon})
		}
		out = append(out, *req)
	}
	return out, nil
}

func sameHeader(head []string) bool {
	for i, h := range head {
		if strings.ToLower(strings.TrimSpace(h)) != PlacementsHeader[i] {
			return false
		}
	}
	return true
}

func csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &Error{Line: pe.Line, Message: pe.Err.Error()}
	}
	return &Error{Message: "cannot read the file: " + err.Error()}
}

// coords parses a pair of coordinates; both empty means unknown (NaN).
func coords(latText, lonText, latField, lonField string) (float64, float64, *Error) {
	if latText == "" && lonText == "" {
		return math.NaN(), math.NaN(), nil
	}
	if latText == "" || lonText == "" {
		return 0, 0, &Error{Field: latField, Message: fmt.Sprintf("give both %s and %s, or neither", latField, lonField)}
	}
	lat, err := strconv.ParseFloat(latText, 64)
	if err != nil || math.IsNaN(lat) || lat < -90 || lat > 90 {
		return 0, 0, &Error{Field: latField, Message: fmt.Sprintf("%q is not a latitude between -90 and 90", latText)}
	}
	lon, err := strconv.ParseFloat(lonText, 64)
	if err != nil || math.IsNaN(lon) || lon < -180 || lon > 180 {
		return 0, 0, &Error{Field: lonField, Message: fmt.Sprintf("%q is not a longitude between -180 and 180", lonText)}
	}
	return lat, lon, nil
}

func sameCoord(a, b float64) bool { return a == b || (math.IsNaN(a) && math.IsNaN(b)) }

func showCoords(lat, lon float64) string {
	if math.IsNaN(lat) {
		return "no coordinates"
	}
	return fmt.Sprintf("%v,%v", lat, lon)
}

// WriteTrips writes the plans as CSV with TripsHeader: one row per passenger
// and vehicle, trips in plan order and seats by number. A passenger who goes
// by train has two rows: the car (whose destination is its station) and the
// bus that meets it. Departures are RFC 3339 in the plan's location; stop
// counts drop-offs from 1. It returns the writer's error, if any.
func WriteTrips(w io.Writer, plans []Plan) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(TripsHeader); err != nil {
		return err
	}
	for _, p := range plans {
		for _, t := range p.Trips {
			stopOf := map[string]int{}
			for i, st := range t.Stops {
				for _, id := range st.Passengers {
					stopOf[id] = i
				}
			}
			seats := append([]Seat(nil), t.Seats...)
			sort.Slice(seats, func(i, j int) bool { return seats[i].No < seats[j].No })
			for _, s := range seats {
				i := stopOf[s.Passenger]
				st := t.Stops[i]
				rec := []string{t.ID, t.Vehicle, strconv.Itoa(t.Capacity), t.Depart.Format(time.RFC3339),
					strconv.Itoa(i + 1), label(st.Name, st.Place), s.Passenger, strconv.Itoa(s.No)}
				if err := cw.Write(rec); err != nil {
					return err
				}
			}
		}
	}
	cw.Flush()
	return cw.Error()
}
