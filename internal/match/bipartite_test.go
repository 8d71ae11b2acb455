package match

import (
	"errors"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
)

// randomAssignment draws w workers and v vacancies; each worker lists up
// to k vacancies (sometimes the same one twice), with scores in
// [lo, hi] and headcounts in [0, maxCap].
func randomAssignment(r *rand.Rand, w, v, k int, lo, hi int32, maxCap int32) *Assignment {
	a := &Assignment{Workers: w, Capacity: make([]int32, v), Start: make([]int32, w+1)}
	for j := range a.Capacity {
		a.Capacity[j] = r.Int32N(maxCap + 1)
	}
	for i := 0; i < w; i++ {
		if v > 0 {
			for range r.IntN(k + 1) {
				a.Vacancy = append(a.Vacancy, r.Int32N(int32(v)))
				a.Score = append(a.Score, lo+r.Int32N(hi-lo+1))
			}
		}
		a.Start[i+1] = int32(len(a.Vacancy))
	}
	return a
}

func randomPriority(r *rand.Rand, w int) []bool {
	p := make([]bool, w)
	for i := range p {
		p[i] = r.IntN(3) == 0
	}
	return p
}

// checkAssignment verifies that res is a valid assignment of a and that
// its totals are what it claims.
func checkAssignment(t *testing.T, a *Assignment, opt Options, res *Result) {
	t.Helper()
	if len(res.Vacancy) != a.Workers || len(res.Arc) != a.Workers {
		t.Fatalf("result for %d workers has %d vacancies, %d arcs", a.Workers, len(res.Vacancy), len(res.Arc))
	}
	used := make([]int32, len(a.Capacity))
	var total int64
	placed, prio := 0, 0
	for i := 0; i < a.Workers; i++ {
		k := res.Arc[i]
		if k < 0 {
			if res.Vacancy[i] != -1 {
				t.Fatalf("worker %d: no arc but vacancy %d", i, res.Vacancy[i])
			}
			continue
		}
		if k < a.Start[i] || k >= a.Start[i+1] {
			t.Fatalf("worker %d: arc %d is not one of its own (%d..%d)", i, k, a.Start[i], a.Start[i+1]-1)
		}
		if res.Vacancy[i] != a.Vacancy[k] {
			t.Fatalf("worker %d: vacancy %d, arc leads to %d", i, res.Vacancy[i], a.Vacancy[k])
		}
		used[a.Vacancy[k]]++
		total += int64(a.Score[k])
		placed++
		if opt.Priority != nil && opt.Priority[i] {
			prio++
		}
	}
	for j, u := range used {
		if u > a.Capacity[j] {
			t.Fatalf("vacancy %d: %d workers, headcount %d", j, u, a.Capacity[j])
		}
	}
	if total != res.Total || placed != res.Placed || prio != res.PriorityPlaced {
		t.Fatalf("result claims total %d placed %d priority %d; the assignment has %d, %d, %d",
			res.Total, res.Placed, res.PriorityPlaced, total, placed, prio)
	}
}

// bruteForce returns the lexicographic optimum (priority workers placed,
// total score) by trying every assignment: for tiny instances only.
func bruteForce(a *Assignment, prio []bool) (int, int64) {
	used := make([]int32, len(a.Capacity))
	bestP, bestT := 0, int64(0)
	var rec func(i, p int, t int64)
	rec = func(i, p int, t int64) {
		if i == a.Workers {
			if p > bestP || (p == bestP && t > bestT) {
				bestP, bestT = p, t
			}
			return
		}
		rec(i+1, p, t)
		dp := 0
		if prio != nil && prio[i] {
			dp = 1
		}
		for k := a.Start[i]; k < a.Start[i+1]; k++ {
			j := a.Vacancy[k]
			if used[j] < a.Capacity[j] {
				used[j]++
				rec(i+1, p+dp, t+int64(a.Score[k]))
				used[j]--
			}
		}
	}
	rec(0, 0, 0)
	return bestP, bestT
}

func TestMaxWeightBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	for n := range 3000 {
		a := randomAssignment(r, 1+r.IntN(7), 1+r.IntN(4), 3, -int32(r.IntN(30)), 6+int32(r.IntN(40)), 3)
		var opt Options
		if n%2 == 1 {
			opt.Priority = randomPriority(r, a.Workers)
		}
		res, err := MaxWeight(a, opt)
		if err != nil {
			t.Fatalf("case %d: MaxWeight: %v", n, err)
		}
		checkAssignment(t, a, opt, res)
		wantP, wantT := bruteForce(a, opt.Priority)
		if res.PriorityPlaced != wantP || res.Total != wantT {
			t.Fatalf("case %d: MaxWeight(%+v, priority %v) = (priority %d, total %d), want (%d, %d)",
				n, a, opt.Priority, res.PriorityPlaced, res.Total, wantP, wantT)
		}
	}
}

// TestMaxWeightAgainstSimplex compares MaxWeight with the network simplex
// on the assignment's flow formulation, on instances too large to
// enumerate, with and without priority, with few distinct scores (ties)
// and scarce or plentiful seats.
func TestMaxWeightAgainstSimplex(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 5))
	for n := range 300 {
		w := 1 + r.IntN(300)
		v := 1 + r.IntN(40)
		hi := int32(3)
		if n%3 != 0 {
			hi = 1000
		}
		a := randomAssignment(r, w, v, 1+r.IntN(10), 0, hi, int32(1+r.IntN(12)))
		var opt Options
		if n%4 == 3 {
			opt.Priority = randomPriority(r, w)
		}
		res, err := MaxWeight(a, opt)
		if err != nil {
			t.Fatalf("case %d: MaxWeight: %v", n, err)
		}
		checkAssignment(t, a, opt, res)
		g, err := a.Graph(opt)
		if err != nil {
			t.Fatalf("case %d: Graph: %v", n, err)
		}
		sol, err := SolveSimplex(g)
		if err != nil || sol.Status != Optimal {
			t.Fatalf("case %d: SolveSimplex = %v, %v", n, sol.Status, err)
		}
		var b int64
		if opt.Priority != nil {
			b = PriorityBonus(a, opt.Priority)
		}
		want := Int128Of(-(res.Total + b*int64(res.PriorityPlaced)))
		if sol.Cost != want {
			t.Fatalf("case %d: simplex optimum %v, MaxWeight's assignment costs %v", n, sol.Cost, want)
		}
	}
}

// TestPriorityFirst shows the lexicographic objective on a case where
// placing the priority worker costs score.
func TestPriorityFirst(t *testing.T) {
	// Two workers, one seat: worker 0 scores 900, worker 1 (priority) 10.
	a := &Assignment{Workers: 2, Capacity: []int32{1}, Start: []int32{0, 1, 2},
		Vacancy: []int32{0, 0}, Score: []int32{900, 10}}
	tests := []struct {
		name      string
		prio      []bool
		want      []int32
		wantTotal int64
	}{
		{"no priority", nil, []int32{0, -1}, 900},
		{"priority worker placed first", []bool{false, true}, []int32{-1, 0}, 10},
	}
	// Two priority workers: P (0) scores +10 at vacancy 0 and -10 at
	// vacancy 1, Q (1) only 0 at vacancy 0. Both placed (P at -10) beats
	// P alone at +10: a bonus of 1 + the largest |score| per worker (11)
	// would not see it.
	b := &Assignment{Workers: 2, Capacity: []int32{1, 1}, Start: []int32{0, 2, 3},
		Vacancy: []int32{0, 1, 0}, Score: []int32{10, -10, 0}}
	res, err := MaxWeight(b, Options{Priority: []bool{true, true}})
	if err != nil {
		t.Fatal(err)
	}
	if res.PriorityPlaced != 2 || res.Total != -10 {
		t.Errorf("MaxWeight(mixed signs) = %v placed %d total %d, want both placed, total -10", res.Vacancy, res.PriorityPlaced, res.Total)
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := MaxWeight(a, Options{Priority: tc.prio})
			if err != nil {
				t.Fatal(err)
			}
			if res.Total != tc.wantTotal || res.Vacancy[0] != tc.want[0] || res.Vacancy[1] != tc.want[1] {
				t.Errorf("MaxWeight(priority %v) = %v total %d, want %v total %d", tc.prio, res.Vacancy, res.Total, tc.want, tc.wantTotal)
			}
		})
	}
}

func TestMaxWeightEdgeCases(t *testing.T) {
	tests := []struct {
		name      string
		a         *Assignment
		wantTotal int64
		wantPlace int
	}{
		{"no workers", &Assignment{Workers: 0, Capacity: []int32{3}, Start: []int32{0}}, 0, 0},
		{"no vacancies", &Assignment{Workers: 2, Start: []int32{0, 0, 0}}, 0, 0},
		{"zero headcount", &Assignment{Workers: 1, Capacity: []int32{0}, Start: []int32{0, 1}, Vacancy: []int32{0}, Score: []int32{50}}, 0, 0},
		{"negative and zero scores stay unused", &Assignment{Workers: 2, Capacity: []int32{2}, Start: []int32{0, 1, 2}, Vacancy: []int32{0, 0}, Score: []int32{-5, 0}}, 0, 0},
		{"parallel arcs: the better one", &Assignment{Workers: 1, Capacity: []int32{1}, Start: []int32{0, 2}, Vacancy: []int32{0, 0}, Score: []int32{3, 8}}, 8, 1},
		{"headcount above candidates", &Assignment{Workers: 2, Capacity: []int32{1 << 30}, Start: []int32{0, 1, 2}, Vacancy: []int32{0, 0}, Score: []int32{4, 5}}, 9, 2},
		{"identical workers compete for one seat", &Assignment{Workers: 4, Capacity: []int32{1, 0}, Start: []int32{0, 1, 2, 3, 4}, Vacancy: []int32{0, 0, 0, 0}, Score: []int32{7, 7, 7, 7}}, 7, 1},
		{"largest scores", &Assignment{Workers: 2, Capacity: []int32{1, 1}, Start: []int32{0, 2, 4}, Vacancy: []int32{0, 1, 0, 1}, Score: []int32{1<<31 - 1, 1<<31 - 2, 1<<31 - 1, 1}}, 1<<32 - 3, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := MaxWeight(tc.a, Options{})
			if err != nil {
				t.Fatalf("MaxWeight: %v", err)
			}
			checkAssignment(t, tc.a, Options{}, res)
			if res.Total != tc.wantTotal || res.Placed != tc.wantPlace {
				t.Errorf("MaxWeight = total %d placed %d, want %d, %d", res.Total, res.Placed, tc.wantTotal, tc.wantPlace)
			}
		})
	}
}

func TestMaxWeightErrors(t *testing.T) {
	ok := func() *Assignment {
		return &Assignment{Workers: 1, Capacity: []int32{1}, Start: []int32{0, 1}, Vacancy: []int32{0}, Score: []int32{5}}
	}
	tests := []struct {
		name   string
		edit   func(a *Assignment, o *Options)
		target error
	}{
		{"start too short", func(a *Assignment, _ *Options) { a.Start = []int32{0} }, ErrAssignment},
		{"start not from 0", func(a *Assignment, _ *Options) { a.Start = []int32{1, 1} }, ErrAssignment},
		{"scores missing", func(a *Assignment, _ *Options) { a.Score = nil }, ErrAssignment},
		{"vacancy out of range", func(a *Assignment, _ *Options) { a.Vacancy[0] = 1 }, ErrAssignment},
		{"negative headcount", func(a *Assignment, _ *Options) { a.Capacity[0] = -1 }, ErrAssignment},
		{"priority flags missing", func(_ *Assignment, o *Options) { o.Priority = []bool{} }, ErrAssignment},
		{"priority bonus too large for the workers", func(a *Assignment, o *Options) {
			// B is about 50,000 * 2^31 and M about 50,000: beyond 2^60.
			const w = 50000
			a.Workers = w
			a.Start = make([]int32, w+1)
			a.Vacancy = make([]int32, w)
			a.Score = make([]int32, w)
			a.Capacity[0] = w
			o.Priority = make([]bool, w)
			for i := range w {
				a.Start[i+1] = int32(i + 1)
				a.Score[i] = 1<<31 - 1
				o.Priority[i] = true
			}
		}, ErrTooLarge},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, o := ok(), Options{}
			tc.edit(a, &o)
			if _, err := MaxWeight(a, o); !errors.Is(err, tc.target) {
				t.Errorf("MaxWeight = %v, want %v", err, tc.target)
			}
		})
	}
}

// TestAuctionInvariants runs the phases one by one and checks after each
// the conditions the optimality proof rests on.
func TestAuctionInvariants(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 9))
	for n := range 200 {
		a := randomAssignment(r, 1+r.IntN(200), 1+r.IntN(20), 6, 0, 1000, 8)
		var opt Options
		if n%2 == 1 {
			opt.Priority = randomPriority(r, a.Workers)
		}
		s, err := newAuction(a, opt)
		if err != nil {
			t.Fatal(err)
		}
		s.eps = 1
		for i := 0; i < a.Workers; i++ {
			wb := s.workerBonus(i)
			for k := a.Start[i]; k < a.Start[i+1]; k++ {
				s.eps = max(s.eps, (int64(a.Score[k])+wb)*s.mult/scaleFactor)
			}
			s.queue = append(s.queue, int32(i))
		}
		for {
			s.forward()
			s.reverse()
			s.checkInvariants(t)
			if s.eps == 1 {
				break
			}
			s.eps = max(1, s.eps/scaleFactor)
			s.reassess()
		}
		if err := s.certify(); err != nil {
			t.Fatalf("case %d: %v", n, err)
		}
	}
}

// checkInvariants checks ε-optimality and the seat bookkeeping at the end
// of a phase.
func (s *auction) checkInvariants(t *testing.T) {
	t.Helper()
	a := s.a
	for i := int32(0); int(i) < a.Workers; i++ {
		v1, _, _ := s.best(i)
		st := s.ws[i]
		if st.arc < 0 {
			if st.seat != -1 || st.profit != 0 || v1 > s.eps {
				t.Fatalf("unassigned worker %d: seat %d profit %d, gains %d > ε = %d", i, st.seat, st.profit, v1, s.eps)
			}
			continue
		}
		val := (int64(a.Score[st.arc]) + s.workerBonus(int(i))) * s.mult
		if s.holder[st.seat] != i || st.profit != val-s.price[st.seat] {
			t.Fatalf("worker %d: seat %d held by %d, profit %d, value - price %d", i, st.seat, s.holder[st.seat], st.profit, val-s.price[st.seat])
		}
		if j := a.Vacancy[st.arc]; st.seat < s.seatStart[j] || st.seat >= s.seatStart[j+1] {
			t.Fatalf("worker %d: seat %d not in vacancy %d", i, st.seat, j)
		}
		if st.profit < v1-s.eps {
			t.Fatalf("worker %d: profit %d, best %d, ε %d", i, st.profit, v1, s.eps)
		}
	}
	for j := int32(0); int(j) < len(a.Capacity); j++ {
		lo, hi := s.seatStart[j], s.seatStart[j+1]
		for p := lo; p < hi; p++ {
			if s.holder[p] < 0 && s.price[p] != 0 {
				t.Fatalf("vacancy %d: free seat %d at price %d", j, p, s.price[p])
			}
			if c := lo + 2*(p-lo) + 1; c < hi && s.less(c, p) {
				t.Fatalf("vacancy %d: heap order broken at %d", j, p)
			}
		}
		if lo < hi && s.minPrice[j] != s.price[lo] {
			t.Fatalf("vacancy %d: min price %d, heap top %d", j, s.minPrice[j], s.price[lo])
		}
	}
}

func TestSolveRecognisesAssignments(t *testing.T) {
	gen := func() *Graph {
		a := &Assignment{Workers: 3, Capacity: []int32{1, 2}, Start: []int32{0, 2, 3, 5},
			Vacancy: []int32{0, 1, 0, 0, 1}, Score: []int32{10, 4, 7, 3, 9}}
		g, err := a.Graph(Options{})
		if err != nil {
			t.Fatal(err)
		}
		return g
	}
	// Node ids in gen's layout: 1 source, 2..4 workers, 5..6 vacancies, 7 sink.
	tests := []struct {
		name string
		edit func(g *Graph)
		want Algorithm
	}{
		{"generator layout", func(*Graph) {}, Bipartite},
		{"bypass split in two", func(g *Graph) {
			g.Cap[g.Arcs()-1] = 1
			g.AddArc(0, 6, 0, Inf, 0)
		}, Bipartite},
		{"own bypass per worker", func(g *Graph) {
			g.Cap[g.Arcs()-1] = 0
			for w := int32(1); w <= 3; w++ {
				g.AddArc(w, 6, 0, 1, 0)
			}
		}, Bipartite},
		{"bypass too small", func(g *Graph) { g.Cap[g.Arcs()-1] = 2 }, Simplex},
		{"bypass with a cost", func(g *Graph) { g.Cost[g.Arcs()-1] = 1 }, Simplex},
		{"fewer units than workers", func(g *Graph) {
			g.Supplies = []Supply{{Node: 0, Amount: 2}, {Node: 6, Amount: -2}}
		}, Simplex},
		{"a lower bound", func(g *Graph) {
			g.Low = make([]int64, g.Arcs())
			g.Low[4] = 1
		}, Simplex},
		{"worker capacity 2", func(g *Graph) { g.Cap[0] = 2 }, Simplex},
		{"vacancy to worker arc", func(g *Graph) { g.AddArc(4, 1, 0, 1, 0) }, Simplex},
		{"third supply node", func(g *Graph) {
			g.Supplies = []Supply{{Node: 0, Amount: 3}, {Node: 1, Amount: 1}, {Node: 6, Amount: -4}}
		}, Simplex},
		{"self-loop", func(g *Graph) { g.AddArc(1, 1, 0, 1, -5) }, Simplex},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := gen()
			tc.edit(g)
			sol, used, err := Solve(g, Auto)
			if err != nil {
				t.Fatalf("Solve: %v", err)
			}
			if used != tc.want {
				t.Errorf("Solve used %s, want %s", used, tc.want)
			}
			ref, err := SolveSimplex(g)
			if err != nil {
				t.Fatal(err)
			}
			if sol.Status != ref.Status || sol.Cost != ref.Cost {
				t.Fatalf("Solve = %v %v, simplex %v %v", sol.Status, sol.Cost, ref.Status, ref.Cost)
			}
			if sol.Status == Optimal {
				checkFlow(t, g, sol)
			}
			_, _, err = Solve(g, Bipartite)
			if (tc.want == Bipartite) != (err == nil) || (err != nil && !errors.Is(err, ErrNotBipartite)) {
				t.Errorf("Solve(Bipartite) = %v", err)
			}
		})
	}
}

// TestSolveBipartiteRandom solves random assignment graphs both ways: the
// same optimum, and a valid flow from the bipartite path.
func TestSolveBipartiteRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 17))
	for n := range 200 {
		a := randomAssignment(r, 1+r.IntN(60), 1+r.IntN(10), 5, -10, 50, 6)
		g, err := a.Graph(Options{})
		if err != nil {
			t.Fatal(err)
		}
		// Shuffle the arcs: recognition must not depend on their order.
		for i := g.Arcs() - 1; i > 0; i-- {
			k := r.IntN(i + 1)
			g.Tail[i], g.Tail[k] = g.Tail[k], g.Tail[i]
			g.Head[i], g.Head[k] = g.Head[k], g.Head[i]
			g.Cap[i], g.Cap[k] = g.Cap[k], g.Cap[i]
			g.Cost[i], g.Cost[k] = g.Cost[k], g.Cost[i]
		}
		sol, used, err := Solve(g, Auto)
		if err != nil || used != Bipartite {
			t.Fatalf("case %d: Solve = %s, %v", n, used, err)
		}
		checkFlow(t, g, sol)
		ref, err := SolveSimplex(g)
		if err != nil {
			t.Fatal(err)
		}
		if sol.Cost != ref.Cost {
			t.Fatalf("case %d: bipartite cost %v, simplex %v", n, sol.Cost, ref.Cost)
		}
	}
}

// TestGeneratedTiny solves the benchmark generator's tiny instance (seed
// 1), whose optimum the reference solvers agree on.
func TestGeneratedTiny(t *testing.T) {
	f, err := os.Open("testdata/gen-tiny-s1.min")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	g, err := ReadDIMACS(f, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, algo := range []Algorithm{Bipartite, Simplex} {
		sol, _, err := Solve(g, algo)
		if err != nil {
			t.Fatal(err)
		}
		if got := sol.Cost.String(); got != "-22553" {
			t.Errorf("Solve(%s) cost = %s, want -22553", algo, got)
		}
		checkFlow(t, g, sol)
	}
}

func TestWriteAssignment(t *testing.T) {
	a := &Assignment{Workers: 2, Capacity: []int32{1}, Start: []int32{0, 1, 2}, Vacancy: []int32{0, 0}, Score: []int32{900, 10}}
	var b strings.Builder
	if err := WriteAssignment(&b, a, Options{Priority: []bool{false, true}}); err != nil {
		t.Fatal(err)
	}
	// B = 1 + min(900 + 10, 1 seat * 900) + 0.
	want := "p min 5 6\nn 1 2\nn 5 -2\na 1 2 0 1 0\na 1 3 0 1 0\na 2 4 0 1 -900\na 3 4 0 1 -911\na 4 5 0 1 0\na 1 5 0 2 0\n"
	got := b.String()
	if i := strings.Index(got, "p min"); i < 0 || got[i:] != want {
		t.Errorf("WriteAssignment =\n%s\nwant (after the comments)\n%s", got, want)
	}
}
