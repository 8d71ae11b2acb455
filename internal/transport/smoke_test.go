package transport

import (
	"testing"
	"time"
)

func TestSmoke(t *testing.T) {
	reqs := instance(27000, 1)
	start := time.Now()
	veh, lb, pax, kmT, unpl, b53, b53p := 0, 0, 0, 0.0, 0, 0, 0
	for _, r := range reqs {
		p, err := Solve(r, DefaultFleet(), DefaultRules())
		if err != nil {
			t.Fatal(err)
		}
		if err := Check(p, r, DefaultFleet(), DefaultRules()); err != nil {
			t.Fatalf("%s: %v %v", r.ID, err, err.(*Error).Problems[:min(5, len(err.(*Error).Problems))])
		}
		veh += p.Vehicles()
		lb += p.LowerBound
		kmT += p.Km
		unpl += len(p.Unplanned)
		for _, tr := range p.Trips {
			pax += len(tr.Seats)
			if tr.Vehicle == "bus-53" {
				b53++
				b53p += len(tr.Seats)
			}
		}
		t.Logf("%s %d pax veh %d lb %d", r.ID, len(r.Passengers), p.Vehicles(), p.LowerBound)
	}
	t.Logf("reqs %d time %v veh %d lb %d ratio %.3f pax %d unpl %d km %.0f per53 %.1f", len(reqs), time.Since(start), veh, lb, float64(veh)/float64(lb), pax, unpl, kmT, float64(b53p)/float64(b53))
}
