package transport

import (
	"math/bits"
	"math/rand/v2"
	"testing"
)

// TestFleetSearch runs the fleet search on gates that all lie on one
// another's way, from plans with spare vehicles, and checks that it reaches
// the fewest vehicles the seats and stops allow and that its flow keeps
// every rule: each class fully carried, no vehicle over its seats, riders
// only on vehicles that stop at all their class's places.
func TestFleetSearch(t *testing.T) {
	// m builds a set of places.
	m := func(ps ...int) uint64 {
		var s uint64
		for _, p := range ps {
			s |= 1 << p
		}
		return s
	}
	tests := []struct {
		name  string
		q     []int
		cmask []uint64 // nil: one class per place
		start []uint64
		want  int
	}{
		{
			// 112 riders at one gate spread over three buses, each with
			// two small gates: 237 riders, 14 visits, 5 buses.
			name:  "large gate shared",
			q:     []int{112, 46, 38, 21, 8, 5, 2, 1, 1, 1, 1, 1},
			start: []uint64{m(0), m(0), m(0, 1), m(2, 4), m(3, 5, 6), m(7, 8, 9), m(10, 11)},
			want:  5,
		},
		{
			// A family bound for gates 0 and 1 rides a bus that stops at
			// both.
			name:  "family across two gates",
			q:     []int{30, 30, 20, 6},
			cmask: []uint64{m(0), m(1), m(2), m(0, 1)},
			start: []uint64{m(0), m(1), m(2), m(0, 1)},
			want:  2,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := 0
			for _, c := range tt.cmask {
				n = max(n, 64-bits.LeadingZeros64(c))
			}
			cmask := tt.cmask
			if cmask == nil {
				for i := range tt.q {
					cmask = append(cmask, m(i))
				}
				n = len(tt.q)
			}
			s := &fleetSearch{cap: 53, stops: 3, q: tt.q, cmask: cmask, feasible: map[uint64]bool{}, rng: rand.New(rand.NewPCG(1, 1))}
			for set := uint64(1); set < 1<<n; set++ {
				if bits.OnesCount64(set) <= 3 {
					s.feasible[set] = true
				}
			}
			levels := s.reduce(tt.start, 0)
			if len(levels) == 0 {
				t.Fatalf("reduce(%v) found no plan", tt.start)
			}
			got := levels[len(levels)-1]
			if len(got.masks) != tt.want {
				t.Errorf("reduce(%v) = %d vehicles, want %d", tt.start, len(got.masks), tt.want)
			}
			nv := len(got.masks)
			load := make([]int, nv)
			for c := range tt.q {
				carried := 0
				for k := range nv {
					f := got.flow[c*nv+k]
					if f > 0 && cmask[c]&^got.masks[k] != 0 {
						t.Errorf("class %d rides vehicle %d, which does not stop at all its places", c, k)
					}
					carried += f
					load[k] += f
				}
				if carried != tt.q[c] {
					t.Errorf("class %d: %d of %d riders carried", c, carried, tt.q[c])
				}
			}
			for k, l := range load {
				if l > 53 || bits.OnesCount64(got.masks[k]) > 3 {
					t.Errorf("vehicle %d: %d riders, %d stops", k, l, bits.OnesCount64(got.masks[k]))
				}
			}
		})
	}
}
