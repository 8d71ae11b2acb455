package transport

import (
	"testing"
	"time"
)

// campaign sums the plans of the 27,000-placement instance.
type campaign struct {
	vehicles, bound, passengers, unplanned, buses53, on53 int
	km, cost                                              float64
}

func planCampaign(tb testing.TB, reqs []Request) campaign {
	var c campaign
	fleet, rules := DefaultFleet(), DefaultRules()
	for _, r := range reqs {
		p, err := Solve(r, fleet, rules)
		if err != nil {
			tb.Fatal(err)
		}
		c.vehicles += p.Vehicles()
		c.bound += p.LowerBound
		c.unplanned += len(p.Unplanned)
		c.km += p.Km
		c.cost += p.Cost
		for _, t := range p.Trips {
			if t.From == "" {
				c.passengers += len(t.Seats)
			}
			if t.Vehicle == "bus-53" {
				c.buses53++
				c.on53 += len(t.Seats)
			}
		}
	}
	return c
}

// TestCampaign plans the realistic 27,000-placement campaign and holds the
// planner to its measured quality: everyone carried, every plan valid, and
// no more than 4.5 % above the lower bound (docs/benchmarks.md).
func TestCampaign(t *testing.T) {
	if testing.Short() {
		t.Skip("plans 27,000 placements")
	}
	reqs := instance(27000, 1)
	start := time.Now()
	c := planCampaign(t, reqs)
	elapsed := time.Since(start)
	for _, r := range reqs {
		p, _ := Solve(r, DefaultFleet(), DefaultRules())
		if err := Check(p, r, DefaultFleet(), DefaultRules()); err != nil {
			t.Fatalf("Check(%s) = %v", r.ID, err)
		}
	}
	if c.passengers != 27000 || c.unplanned != 0 {
		t.Errorf("carried %d, unplanned %d; want 27000 and 0", c.passengers, c.unplanned)
	}
	ratio := float64(c.vehicles) / float64(c.bound)
	if ratio > 1.045 {
		t.Errorf("vehicles %d / lower bound %d = %.3f, want at most 1.045", c.vehicles, c.bound, ratio)
	}
	t.Logf("%d requests in %v: %d vehicles, lower bound %d (%.3f), %.1f per bus-53, %.0f km, %.0f yuan",
		len(reqs), elapsed, c.vehicles, c.bound, ratio, float64(c.on53)/float64(c.buses53), c.km, c.cost)
}

// BenchmarkCampaign plans the 27,000 placements: 66 gathering point and
// date requests, six destination provinces, village groups of 1 to 6.
// "same-gate" is the campaign without members bound for another gate than
// their group's; "demo" the demo's campaign as the store hands it over
// (a group is a whole village, whatever its members' gates), "demo-by-gate"
// the same with a group per village and gate.
func BenchmarkCampaign(b *testing.B) {
	for _, bc := range []struct {
		name string
		reqs []Request
	}{
		{"generator", instance(27000, 1)},
		{"same-gate", campaignInstance(27000, 1, 0)},
		{"demo", demoInstance(27000, 1, false)},
		{"demo-by-gate", demoInstance(27000, 1, true)},
	} {
		b.Run(bc.name, func(b *testing.B) { benchCampaign(b, bc.reqs) })
	}
}

func benchCampaign(b *testing.B, reqs []Request) {
	var c campaign
	for b.Loop() {
		c = planCampaign(b, reqs)
	}
	b.ReportMetric(float64(c.vehicles), "vehicles")
	b.ReportMetric(float64(c.bound), "lower_bound")
	b.ReportMetric(float64(c.vehicles)/float64(c.bound), "ratio")
	b.ReportMetric(float64(c.on53)/float64(c.buses53), "per_bus53")
	b.ReportMetric(float64(c.buses53), "buses53")
	b.ReportMetric(float64(len(reqs)), "requests")
	b.ReportMetric(c.km, "km")
	b.ReportMetric(c.cost, "yuan")
}
