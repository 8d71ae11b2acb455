package match

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// heldArcs returns, per worker, the arc of out.Instance it was placed by,
// or -1.
func heldArcs(out *Outcome) []int32 {
	held := make([]int32, out.Workers)
	for i := range held {
		held[i] = -1
	}
	for _, pl := range out.Placements {
		held[pl.Worker] = out.Instance.Start[pl.Worker] + pl.Rank - 1
	}
	return held
}

// prefers says whether vacancy j ranks worker a above worker b, given the
// arcs xa and xb by which they reach it; ok is false when j does not
// accept a.
type prefers func(j int32, a int32, xa int32, b int32, xb int32) (better, ok bool)

func byScore(in *Assignment) prefers {
	return func(_, a, xa, b, xb int32) (bool, bool) {
		sa, sb := in.Score[xa], in.Score[xb]
		return sa > sb || sa == sb && a < b, true
	}
}

func byRanks(vranks [][]int32) prefers {
	return func(j, a, _, b, _ int32) (bool, bool) {
		ra, rb := slices.Index(vranks[j], a), slices.Index(vranks[j], b)
		return ra >= 0 && (rb < 0 || ra < rb), ra >= 0
	}
}

// blockingPair returns a worker and vacancy that would both rather have
// each other than what held gives them, checking every pair of the
// workers' lists; "" when there is none.
func blockingPair(a *Assignment, held []int32, pref prefers) string {
	holders := make([][]int32, len(a.Capacity)) // arcs held at each vacancy
	for i, x := range held {
		if x >= 0 {
			if a.Vacancy[x] < 0 || x < a.Start[i] || x >= a.Start[i+1] {
				return fmt.Sprintf("worker %d holds arc %d outside its list", i, x)
			}
			if _, ok := pref(a.Vacancy[x], int32(i), x, int32(i), x); !ok {
				return fmt.Sprintf("worker %d holds vacancy %d, which does not accept it", i, a.Vacancy[x])
			}
			holders[a.Vacancy[x]] = append(holders[a.Vacancy[x]], x)
		}
	}
	worker := func(x int32) int32 {
		i, _ := slices.BinarySearch(a.Start, x+1)
		return int32(i - 1)
	}
	for j, hs := range holders {
		if len(hs) > int(a.Capacity[j]) {
			return fmt.Sprintf("vacancy %d holds %d over its capacity %d", j, len(hs), a.Capacity[j])
		}
	}
	for i := range a.Workers {
		end := a.Start[i+1]
		if held[i] >= 0 {
			end = held[i] // the vacancies the worker ranks above its own
		}
		for x := a.Start[i]; x < end; x++ {
			j := a.Vacancy[x]
			if _, ok := pref(j, int32(i), x, int32(i), x); !ok {
				continue
			}
			if len(holders[j]) < int(a.Capacity[j]) {
				return fmt.Sprintf("worker %d and vacancy %d, which has a free seat", i, j)
			}
			for _, h := range holders[j] {
				if better, _ := pref(j, int32(i), x, worker(h), h); better {
					return fmt.Sprintf("worker %d and vacancy %d, which holds worker %d it likes less", i, j, worker(h))
				}
			}
		}
	}
	return ""
}

func TestStableNoBlockingPairByScore(t *testing.T) {
	for seed := range uint64(6) {
		ws, vs := synth(seed, synthSpec{workers: 2000, vacancies: 250, occupations: 15, openMax: 6, villages: 5, strict: 0.4})
		p := DefaultParams(synthDay)
		p.Objective = Stable
		p.Candidates = []int{1, 3, 10, 30, 60, 5}[seed]
		out, err := Run(ws, vs, p, nil)
		if err != nil {
			t.Fatal(err)
		}
		checkOutcome(t, "stable", ws, vs, p, out)
		if b := blockingPair(out.Instance, heldArcs(out), byScore(out.Instance)); b != "" {
			t.Errorf("seed %d: blocking pair: %s", seed, b)
		}
	}
}

// randomRanks gives each worker a ranking of some vacancies and each
// vacancy a ranking of some of the workers who ranked it, and of a few
// who did not.
func randomRanks(r *rand.Rand, nw, nv int) ([][]int32, [][]int32) {
	ranks := make([][]int32, nw)
	vranks := make([][]int32, nv)
	for i := range ranks {
		for _, j := range r.Perm(nv)[:r.IntN(nv+1)] {
			ranks[i] = append(ranks[i], int32(j))
			if r.IntN(5) > 0 {
				vranks[j] = append(vranks[j], int32(i))
			}
		}
	}
	for j := range vranks {
		if nw > 0 && r.IntN(3) == 0 {
			if i := int32(r.IntN(nw)); !slices.Contains(vranks[j], i) {
				vranks[j] = append(vranks[j], i)
			}
		}
		r.Shuffle(len(vranks[j]), func(a, b int) { vranks[j][a], vranks[j][b] = vranks[j][b], vranks[j][a] })
	}
	return ranks, vranks
}

func TestStableNoBlockingPairExplicit(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 9))
	for trial := range 200 {
		nw, nv := 1+r.IntN(40), 1+r.IntN(12)
		ws, vs := tinySynth(r, nw, nv)
		ranks, vranks := randomRanks(r, nw, nv)
		for _, mode := range []string{"both", "workers", "vacancies"} {
			p := DefaultParams(synthDay)
			p.Objective = Stable
			pref := prefers(nil)
			switch mode {
			case "both":
				p.Ranks, p.VacancyRanks = ranks, vranks
			case "workers":
				p.Ranks = ranks
			case "vacancies":
				p.VacancyRanks = vranks
			}
			out, err := Run(ws, vs, p, nil)
			if err != nil {
				t.Fatal(err)
			}
			checkOutcome(t, mode, ws, vs, p, out)
			if p.VacancyRanks != nil {
				pref = byRanks(vranks)
			} else {
				pref = byScore(out.Instance)
			}
			if b := blockingPair(out.Instance, heldArcs(out), pref); b != "" {
				t.Errorf("trial %d, %s ranked: blocking pair: %s", trial, mode, b)
			}
			if p.Ranks != nil {
				// The lists are the worker's own, filtered, in its order.
				a := out.Instance
				for i := range ws {
					list := a.Vacancy[a.Start[i]:a.Start[i+1]]
					k := 0
					for _, j := range ranks[i] {
						if f, _ := Explain(ws[i], vs[j], p); f.Reason == "" {
							if k >= len(list) || list[k] != j {
								t.Fatalf("trial %d: worker %d list %v, ranking %v", trial, i, list, ranks[i])
							}
							k++
						}
					}
					if k != len(list) {
						t.Fatalf("trial %d: worker %d list %v, ranking %v", trial, i, list, ranks[i])
					}
				}
			}
		}
	}
}

// TestStableWorkerOptimal enumerates every matching of tiny instances and
// checks that deferred acceptance gives each worker its best partner among
// all stable matchings.
func TestStableWorkerOptimal(t *testing.T) {
	r := rand.New(rand.NewPCG(10, 11))
	for trial := range 300 {
		nw, nv := 1+r.IntN(6), 1+r.IntN(4)
		ws, vs := tinySynth(r, nw, nv)
		ranks, vranks := randomRanks(r, nw, nv)
		p := DefaultParams(synthDay)
		p.Objective, p.Ranks, p.VacancyRanks = Stable, ranks, vranks
		out, err := Run(ws, vs, p, nil)
		if err != nil {
			t.Fatal(err)
		}
		a := out.Instance
		got := heldArcs(out)
		pref := byRanks(vranks)
		held := make([]int32, nw)
		used := make([]int32, nv)
		stable := 0
		var walk func(i int)
		walk = func(i int) {
			if i == nw {
				if blockingPair(a, held, pref) != "" {
					return
				}
				stable++
				for w := range nw {
					if position(got[w], a, w) > position(held[w], a, w) {
						t.Errorf("trial %d: worker %d does better (arc %d) in another stable matching than with deferred acceptance (arc %d)", trial, w, held[w], got[w])
					}
				}
				return
			}
			held[i] = -1
			walk(i + 1)
			for x := a.Start[i]; x < a.Start[i+1]; x++ {
				j := a.Vacancy[x]
				if _, ok := pref(j, int32(i), x, int32(i), x); ok && used[j] < a.Capacity[j] {
					used[j]++
					held[i] = x
					walk(i + 1)
					used[j]--
				}
			}
		}
		walk(0)
		if stable == 0 {
			t.Errorf("trial %d: no stable matching found, deferred acceptance gave %v", trial, got)
		}
	}
}

// position is how far down worker w's list arc x is; unmatched is last.
func position(x int32, a *Assignment, w int) int32 {
	if x < 0 {
		return a.Start[w+1] - a.Start[w]
	}
	return x - a.Start[w]
}

func TestStableTextbook(t *testing.T) {
	w := fitWorker()
	x, y := fitVacancy(), fitVacancy()
	x.Open, y.Open = 1, 2
	tests := []struct {
		name   string
		ranks  [][]int32
		vranks [][]int32
		want   []int32 // vacancy per worker, -1 unplaced
	}{
		{"everyone wants X, X wants C", [][]int32{{0, 1}, {0, 1}, {0}}, [][]int32{{2, 1, 0}, {0, 1}}, []int32{1, 1, 0}},
		{"Y does not accept B", [][]int32{{0, 1}, {0, 1}, {0}}, [][]int32{{2, 1, 0}, {0}}, []int32{1, -1, 0}},
		{"X wants A, who wants Y", [][]int32{{1, 0}, {0}, {0}}, [][]int32{{0, 2, 1}, {0}}, []int32{1, -1, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := DefaultParams(synthDay)
			p.Objective, p.Ranks, p.VacancyRanks = Stable, tt.ranks, tt.vranks
			out, err := Run([]Worker{w, w, w}, []Vacancy{x, y}, p, nil)
			if err != nil {
				t.Fatal(err)
			}
			got := []int32{-1, -1, -1}
			for _, pl := range out.Placements {
				got[pl.Worker] = pl.Vacancy
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Run(stable, %s) = %v, want %v", tt.name, got, tt.want)
			}
		})
	}
}

func TestStableUnranked(t *testing.T) {
	p := DefaultParams(synthDay)
	p.Objective, p.Ranks = Stable, [][]int32{{}, {0}}
	v := fitVacancy()
	v.AgeMax = 20
	out, err := Run([]Worker{fitWorker(), fitWorker()}, []Vacancy{v}, p, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []Reason{ReasonUnranked, ReasonAge}
	if len(out.Unplaced) != 2 || out.Unplaced[0].Reason != want[0] || out.Unplaced[1].Reason != want[1] {
		t.Errorf("Run(stable, empty and filtered rankings).Unplaced = %+v, want reasons %v", out.Unplaced, want)
	}
}

// TestStableNRMPUnderASecond holds the stable mode to its budget on an
// instance of NRMP's size (a tenth of it under -short).
func TestStableNRMPUnderASecond(t *testing.T) {
	nw, nv := 50_000, 6_400
	if testing.Short() {
		nw, nv = 5_000, 640
	}
	ws, vs, ranks, vranks := nrmpLike(3, nw, nv, 10, 15)
	p := DefaultParams(synthDay)
	p.Objective, p.Ranks, p.VacancyRanks = Stable, ranks, vranks
	best := time.Duration(1 << 62)
	for range 3 {
		start := time.Now()
		out, err := Run(ws, vs, p, nil)
		if err != nil {
			t.Fatal(err)
		}
		best = min(best, time.Since(start))
		if len(out.Placements) == 0 {
			t.Fatal("Run(stable) placed no one")
		}
	}
	// Under the race detector (CI) the code runs about ten times slower;
	// the limit stretches with it, and still catches a change of order.
	if limit := raceSlowdown * time.Second; best > limit {
		t.Errorf("Run(stable, %d workers × %d vacancies) took %v, want under %v", nw, nv, best, limit)
	}
}
