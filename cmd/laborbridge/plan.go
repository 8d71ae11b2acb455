package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"laborbridge"
	"laborbridge/internal/transport"
)

// chinaTime is the service's time zone: China Standard Time, UTC+8, no
// daylight saving.
var chinaTime = time.FixedZone("CST", 8*60*60)

// campaignPerVehicle is the benchmark from the field: one Shanxi campaign ran
// 464 chartered trips for 20,800 workers, about 45 per vehicle.
const campaignPerVehicle = 45

func (a *app) planCmd() *cobra.Command {
	var in, out, fleetFile string
	var events []string
	var f dbFlags
	rules := transport.DefaultRules()
	cmd := &cobra.Command{
		Use:   "plan --event ID | --in placements.csv --out trips.csv",
		Short: "Plan chartered trips for confirmed placements",
		Long: `Plan point-to-point trips: passengers gather at a point near home on a
departure date and ride chartered buses (or train cars, for large flows)
straight to their employers' gates.

--event plans a departure event of the database and stores its trips and
seats: every confirmed placement the event serves gets a seat and becomes
scheduled, or is reported with the reason it could not be carried. Planning
an event again replaces its trips while none has started boarding. Give
--event several times, or --event all for every event in your area (--as).
--out, if given, also gets the trips as CSV, each named by the ID that
"laborbridge manifest --trip" takes.

--in reads a CSV with the header
  worker,group,origin,origin_lat,origin_lon,destination,dest_lat,dest_lon,date
(one row per confirmed placement; group is a village or family key and may be
empty; date is YYYY-MM-DD). --out gets one row per passenger and vehicle:
  trip,vehicle,capacity,departure,stop,destination,worker,seat
Nothing is written when a row is bad. Standard output shows a summary per
gathering point and date, and last one line for scripts:
  trips=N vehicles=N passengers=N seats=N lower_bound=N km=N cost=N`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if len(events) > 0 && in != "" {
				return usageError{"plan takes --event or --in, not both"}
			}
			if len(events) > 0 {
				if err := rules.Validate(); err != nil {
					return usageError{"plan: " + flagName(err)}
				}
				fleet := transport.DefaultFleet()
				if fleetFile != "" {
					fl, err := loadFleet(fleetFile)
					if err != nil {
						return err
					}
					fleet = fl
				}
				return a.planEvents(cmd.Context(), &f, events, out, fleet, rules)
			}
			if in == "" {
				return usageError{"plan needs --event ID, or --in FILE: the placements to plan"}
			}
			if out == "" {
				return usageError{"plan needs --out FILE: where to write the trips"}
			}
			if err := rules.Validate(); err != nil {
				return usageError{"plan: " + flagName(err)}
			}
			fleet := transport.DefaultFleet()
			if fleetFile != "" {
				f, err := loadFleet(fleetFile)
				if err != nil {
					return err
				}
				fleet = f
			}
			reqs, err := readPlacements(in)
			if err != nil {
				return err
			}
			plans := make([]transport.Plan, 0, len(reqs))
			for _, r := range reqs {
				p, err := transport.Solve(r, fleet, rules)
				if err != nil {
					return invalid("--in", in, err)
				}
				plans = append(plans, p)
			}
			if err := writeTrips(out, plans); err != nil {
				return err
			}
			writeSummary(a.stdout, plans, fleet)
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringArrayVar(&events, "event", nil, "departure event to plan and store (repeat it, or all)")
	fl.StringVar(&in, "in", "", "placements CSV to plan")
	fl.StringVar(&out, "out", "", "trips CSV to write")
	fl.StringVar(&fleetFile, "fleet", "", "fleet JSON overriding the default fleet")
	fl.IntVar(&rules.MaxStops, "max-stops", rules.MaxStops, "most gates one vehicle stops at")
	fl.Float64Var(&rules.Detour, "detour", rules.Detour, "route length over the direct distance to the farthest stop, as a fraction (0.2 = 20%)")
	fl.IntVar(&rules.PerHour, "per-hour", rules.PerHour, "people a gathering point boards per hour (an event's own rate comes first)")
	a.addDBFlags(cmd, &f, true)
	return cmd
}

// flagName turns a rule's field name into the flag that sets it.
func flagName(err error) string {
	msg := err.Error()
	for field, flag := range map[string]string{"max_stops": "--max-stops", "detour": "--detour", "per_hour": "--per-hour"} {
		if strings.HasPrefix(msg, field+":") {
			return flag + msg[len(field):]
		}
	}
	return msg
}

// invalid turns a planner error about the file name into the domain's
// invalid-input error, so that its message reaches the user.
func invalid(field, name string, err error) error {
	return laborbridge.FieldErrorf(field, "%s: %v", name, err)
}

func loadFleet(name string) (transport.Fleet, error) {
	f, err := os.Open(name)
	if err != nil {
		return transport.Fleet{}, laborbridge.FieldErrorf("--fleet", "cannot open %s: %v", name, errors.Unwrap(err))
	}
	defer f.Close()
	fleet, err := transport.LoadFleet(f)
	if err != nil {
		return transport.Fleet{}, invalid("--fleet", name, err)
	}
	return fleet, nil
}

func readPlacements(name string) ([]transport.Request, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, laborbridge.FieldErrorf("--in", "cannot open %s: %v", name, errors.Unwrap(err))
	}
	defer f.Close()
	reqs, err := transport.ReadPlacements(f, chinaTime)
	if err != nil {
		return nil, invalid("--in", name, err)
	}
	return reqs, nil
}

// writeTrips writes to a temporary file beside name and renames it, so that
// a failure leaves no half-written trips file.
func writeTrips(name string, plans []transport.Plan) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(name), ".trips-*.csv")
	if err != nil {
		return laborbridge.FieldErrorf("--out", "cannot write next to %s: %v", name, errors.Unwrap(err))
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err := transport.WriteTrips(tmp, plans); err != nil {
		return laborbridge.FieldErrorf("--out", "cannot write %s: %v", name, err)
	}
	if err := tmp.Close(); err != nil {
		return laborbridge.FieldErrorf("--out", "cannot write %s: %v", name, err)
	}
	if err := os.Rename(tmp.Name(), name); err != nil {
		return laborbridge.FieldErrorf("--out", "cannot write %s: %v", name, errors.Unwrap(err))
	}
	return nil
}

// tally adds up plans for the summary.
type tally struct {
	trips, vehicles, passengers, seats, bound int
	km, cost                                  float64
	byKind                                    map[string]int
	largest                                   string
	onLargest, largestTrips                   int
	unplanned                                 int
}

func count(plans []transport.Plan, largest string) tally {
	t := tally{byKind: map[string]int{}, largest: largest}
	for _, p := range plans {
		trains := map[string]bool{}
		for _, tr := range p.Trips {
			t.vehicles++
			t.seats += tr.Capacity
			t.byKind[tr.Vehicle]++
			if tr.Train == "" {
				t.trips++
			} else if !trains[tr.Train] {
				trains[tr.Train] = true
				t.trips++
			}
			if tr.From == "" {
				t.passengers += len(tr.Seats)
			}
			if tr.Vehicle == largest {
				t.largestTrips++
				t.onLargest += len(tr.Seats)
			}
		}
		t.bound += p.LowerBound
		t.km += p.Km
		t.cost += p.Cost
		t.unplanned += len(p.Unplanned)
	}
	return t
}

func writeSummary(w io.Writer, plans []transport.Plan, fleet transport.Fleet) {
	largest := ""
	most := 0
	for _, v := range fleet.Buses {
		if v.Seats > most || (v.Seats == most && v.Kind < largest) {
			largest, most = v.Kind, v.Seats
		}
	}
	for _, p := range plans {
		t := count([]transport.Plan{p}, largest)
		fmt.Fprintf(w, "%s  %s  (%s)\n", p.Date.Format("2006-01-02"), label(p.Origin.Name, p.Origin.ID), p.Request)
		writeTally(w, t)
		if len(p.Unplanned) > 0 {
			fmt.Fprintf(w, "  unplanned %d:\n", len(p.Unplanned))
			writeReasons(w, p.Unplanned)
		}
		if len(p.Splits) > 0 {
			fmt.Fprintf(w, "  groups split %d:", len(p.Splits))
			for i, s := range p.Splits {
				if i == 3 {
					fmt.Fprintf(w, " …")
					break
				}
				fmt.Fprintf(w, " %s (%s);", s.Group, s.Reason)
			}
			fmt.Fprintln(w)
		}
	}
	t := count(plans, largest)
	fmt.Fprintf(w, "\nall %d departures (gathering point and date)\n", len(plans))
	writeTally(w, t)
	if t.unplanned > 0 {
		fmt.Fprintf(w, "  unplanned %d\n", t.unplanned)
	}
	fmt.Fprintf(w, "trips=%d vehicles=%d passengers=%d seats=%d lower_bound=%d km=%.0f cost=%.0f\n",
		t.trips, t.vehicles, t.passengers, t.seats, t.bound, t.km, t.cost)
}

func writeTally(w io.Writer, t tally) {
	kinds := make([]string, 0, len(t.byKind))
	for k := range t.byKind {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	var parts []string
	for _, k := range kinds {
		parts = append(parts, fmt.Sprintf("%d × %s", t.byKind[k], k))
	}
	fmt.Fprintf(w, "  trips %d (a train counts once), vehicles %d: %s\n", t.trips, t.vehicles, strings.Join(parts, ", "))
	fmt.Fprintf(w, "  passengers %d in %d seats", t.passengers, t.seats)
	if t.largestTrips > 0 {
		fmt.Fprintf(w, "; %.1f per %s (the campaign averaged %d per vehicle)", float64(t.onLargest)/float64(t.largestTrips), t.largest, campaignPerVehicle)
	}
	fmt.Fprintln(w)
	ratio := ""
	if t.bound > 0 {
		ratio = fmt.Sprintf(", %.3f×", float64(t.vehicles)/float64(t.bound))
	}
	fmt.Fprintf(w, "  %.0f km, %.0f yuan; lower bound %d vehicles (plan %d%s)\n", t.km, t.cost, t.bound, t.vehicles, ratio)
}

// writeReasons lists the reasons passengers stay unplanned, most frequent
// first, with counts.
func writeReasons(w io.Writer, us []transport.Unplanned) {
	n := map[string]int{}
	for _, u := range us {
		n[u.Reason]++
	}
	reasons := make([]string, 0, len(n))
	for r := range n {
		reasons = append(reasons, r)
	}
	sort.Slice(reasons, func(i, j int) bool {
		if n[reasons[i]] != n[reasons[j]] {
			return n[reasons[i]] > n[reasons[j]]
		}
		return reasons[i] < reasons[j]
	})
	for _, r := range reasons {
		fmt.Fprintf(w, "    %d: %s\n", n[r], r)
	}
}

func label(name, id string) string {
	if name != "" {
		return name
	}
	return id
}
