package transport

import (
	"bytes"
	"strings"
	"testing"
)

const header = "worker,group,origin,origin_lat,origin_lon,destination,dest_lat,dest_lon,date\n"

func TestReadPlacements(t *testing.T) {
	in := "\ufeff" + header +
		"w1,v1,Taiyuan,37.87,112.55,Suzhou gate,31.3,120.62,2026-01-06\n" +
		"w2,v1,Taiyuan,37.87,112.55,Suzhou gate,31.3,120.62,2026-01-06\n" +
		"w3,,Datong,40.08,113.30,Beijing gate,39.9,116.41,2026-01-06\n" +
		"w4,,Taiyuan,37.87,112.55,Unknown gate,,,2026-01-09\n"
	reqs, err := ReadPlacements(strings.NewReader(in), cst)
	if err != nil {
		t.Fatalf("ReadPlacements = %v", err)
	}
	if len(reqs) != 3 {
		t.Fatalf("ReadPlacements gave %d requests, want 3", len(reqs))
	}
	if r := reqs[0]; r.Origin.Name != "Datong" || r.ID != "20260106-01" || len(r.Passengers) != 1 {
		t.Errorf("first request = %s %s with %d passengers, want 20260106-01 Datong with 1", r.ID, r.Origin.Name, len(r.Passengers))
	}
	if r := reqs[1]; len(r.Passengers) != 2 || r.Passengers[1].Group != "v1" || r.Gates[0].Lat != 31.3 {
		t.Errorf("second request = %+v", r)
	}
	p, err := Solve(reqs[2], DefaultFleet(), DefaultRules())
	if err != nil || len(p.Unplanned) != 1 {
		t.Errorf("a gate without coordinates: Solve = %v, %v; want its passenger unplanned", p.Unplanned, err)
	}
}

func TestReadPlacementsErrors(t *testing.T) {
	row := "w1,,Taiyuan,37.87,112.55,Gate,31.3,120.62,2026-01-06\n"
	tests := []struct {
		name string
		in   string
		line int
		want string
	}{
		{"empty file", "", 1, "empty"},
		{"wrong header", "worker,origin\n", 1, "header"},
		{"missing field", header + "w1,,Taiyuan,37.87,112.55,Gate,31.3,120.62\n", 2, "fields"},
		{"empty worker", header + ",,Taiyuan,37.87,112.55,Gate,31.3,120.62,2026-01-06\n", 2, "worker"},
		{"repeated worker", header + row + row, 3, "already on line 2"},
		{"bad latitude", header + "w1,,Taiyuan,97,112.55,Gate,31.3,120.62,2026-01-06\n", 2, "latitude"},
		{"not a number", header + "w1,,Taiyuan,37.87,east,Gate,31.3,120.62,2026-01-06\n", 2, "longitude"},
		{"one coordinate", header + "w1,,Taiyuan,37.87,112.55,Gate,31.3,,2026-01-06\n", 2, "both"},
		{"bad date", header + "w1,,Taiyuan,37.87,112.55,Gate,31.3,120.62,6/1/2026\n", 2, "date"},
		{"moved gate", header + row + "w2,,Taiyuan,37.87,112.55,Gate,31.4,120.62,2026-01-06\n", 3, "line 2"},
		{"empty destination", header + "w1,,Taiyuan,37.87,112.55,,31.3,120.62,2026-01-06\n", 2, "destination"},
		{"bad quoting", header + "w1,\"v1,Taiyuan\n", 2, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadPlacements(strings.NewReader(tc.in), cst)
			e, ok := err.(*Error)
			if !ok {
				t.Fatalf("ReadPlacements = %v, want an *Error", err)
			}
			if e.Line != tc.line || !strings.Contains(e.Error(), tc.want) {
				t.Errorf("ReadPlacements = %q (line %d), want line %d mentioning %q", e.Error(), e.Line, tc.line, tc.want)
			}
		})
	}
}

func TestWriteTrips(t *testing.T) {
	in := header +
		"w1,v1,Taiyuan,37.87,112.55,Suzhou gate,31.3,120.62,2026-01-06\n" +
		"w2,v1,Taiyuan,37.87,112.55,Suzhou gate,31.3,120.62,2026-01-06\n"
	reqs, err := ReadPlacements(strings.NewReader(in), cst)
	if err != nil {
		t.Fatal(err)
	}
	p, err := Solve(reqs[0], DefaultFleet(), DefaultRules())
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := WriteTrips(&b, []Plan{p}); err != nil {
		t.Fatal(err)
	}
	want := "trip,vehicle,capacity,departure,stop,destination,worker,seat\n" +
		"20260106-01-T001,bus-19,19,2026-01-06T07:01:00+08:00,1,Suzhou gate,w1,1\n" +
		"20260106-01-T001,bus-19,19,2026-01-06T07:01:00+08:00,1,Suzhou gate,w2,2\n"
	if b.String() != want {
		t.Errorf("WriteTrips =\n%s\nwant\n%s", b.String(), want)
	}
}

func FuzzReadPlacements(f *testing.F) {
	f.Add(header + "w1,v1,Taiyuan,37.87,112.55,Gate,31.3,120.62,2026-01-06\n")
	f.Add(header + "w1,,Taiyuan,,,Gate,31.3,120.62,2026-01-06\nw2,,Taiyuan,,,Gate,31.3,120.62,2026-01-07\n")
	f.Add("\ufeff" + header + "\"w\"\"1\",x,\"a,b\",1e1,-0,G,NaN,Inf,2026-02-30\n")
	f.Fuzz(func(t *testing.T, in string) {
		reqs, err := ReadPlacements(strings.NewReader(in), cst)
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("ReadPlacements error %T %v, want *Error", err, err)
			}
			return
		}
		rules := DefaultRules()
		for _, r := range reqs {
			p, err := Solve(r, DefaultFleet(), rules)
			if err != nil {
				t.Fatalf("Solve(ReadPlacements) = %v", err)
			}
			if err := Check(p, r, DefaultFleet(), rules); err != nil {
				t.Fatalf("Check = %v", err)
			}
		}
	})
}

func TestLoadFleet(t *testing.T) {
	tests := []struct {
		name, in string
		check    func(Fleet) bool
		wantErr  string
	}{
		{"empty object keeps defaults", `{}`, func(f Fleet) bool { return len(f.Buses) == 3 && f.RoadFactor == 1.3 }, ""},
		{"override speed and train", `{"speed_kmh": 60, "train": {"min_flow": 500}}`,
			func(f Fleet) bool { return f.SpeedKmh == 60 && f.Train.MinFlow == 500 && f.Train.Seats == 118 }, ""},
		{"replace buses", `{"buses": [{"kind": "bus-45", "seats": 45, "fixed_cost": 700, "cost_per_km": 8}]}`,
			func(f Fleet) bool { return len(f.Buses) == 1 && f.largestBus() == 45 }, ""},
		{"no train", `{"train": {"seats": 0}}`, func(f Fleet) bool { return f.Train.Seats == 0 }, ""},
		{"misspelt field", `{"speed": 60}`, nil, "unknown field"},
		{"road factor below 1", `{"road_factor": 0.9}`, nil, "road_factor"},
		{"two kinds of one name", `{"buses": [{"kind":"b","seats":5},{"kind":"b","seats":6}]}`, nil, "twice"},
		{"not JSON", `buses: 53`, nil, "bad fleet JSON"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, err := LoadFleet(strings.NewReader(tc.in))
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Errorf("LoadFleet(%s) = %v, want an error mentioning %q", tc.in, err, tc.wantErr)
				}
				return
			}
			if err != nil || !tc.check(f) {
				t.Errorf("LoadFleet(%s) = %+v, %v", tc.in, f, err)
			}
		})
	}
}
