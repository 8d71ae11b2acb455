package match

import (
	"math/rand/v2"
	"reflect"
	"runtime"
	"slices"
	"testing"
)

// checkOutcome checks what every outcome promises: each worker is either
// placed once or unplaced once; placements respect headcounts and every
// hard filter, their parts add up to their scores, and totals add up.
func checkOutcome(t *testing.T, name string, ws []Worker, vs []Vacancy, p Params, out *Outcome) {
	t.Helper()
	seen := make([]int, len(ws))
	used := make([]int, len(vs))
	var total int64
	priority := 0
	for k, pl := range out.Placements {
		if k > 0 && pl.Worker <= out.Placements[k-1].Worker {
			t.Errorf("%s: placements not sorted by worker at %d", name, k)
		}
		seen[pl.Worker]++
		used[pl.Vacancy]++
		total += int64(pl.Score)
		if ws[pl.Worker].Priority {
			priority++
		}
		if pl.Parts.Total() != pl.Score {
			t.Errorf("%s: placement %+v: parts add up to %d", name, pl, pl.Parts.Total())
		}
		f, err := Explain(ws[pl.Worker], vs[pl.Vacancy], p)
		if err != nil {
			t.Fatal(err)
		}
		if f.Reason != "" {
			t.Errorf("%s: worker %d placed on vacancy %d, which fails %s: %s", name, pl.Worker, pl.Vacancy, f.Reason, f.Detail)
		}
		noVillage := pl.Parts
		noVillage.Village = 0
		if f.Parts != noVillage || f.DistanceKm != pl.DistanceKm {
			t.Errorf("%s: placement parts %v, Explain says %v", name, pl.Parts, f.Parts)
		}
		a := out.Instance
		if list := a.Vacancy[a.Start[pl.Worker]:a.Start[pl.Worker+1]]; int(pl.Rank) > len(list) || list[pl.Rank-1] != pl.Vacancy {
			t.Errorf("%s: placement %+v: rank does not point at the vacancy", name, pl)
		}
	}
	for k, u := range out.Unplaced {
		if k > 0 && u.Worker <= out.Unplaced[k-1].Worker {
			t.Errorf("%s: unplaced not sorted by worker at %d", name, k)
		}
		seen[u.Worker]++
		a := out.Instance
		n := a.Start[u.Worker+1] - a.Start[u.Worker]
		if (u.Reason == ReasonLost) != (n > 0) || u.Candidates != min(n, u.Candidates) || u.Detail == "" {
			t.Errorf("%s: unplaced %+v with %d candidates", name, u, n)
		}
	}
	for i, n := range seen {
		if n != 1 {
			t.Errorf("%s: worker %d appears %d times", name, i, n)
		}
	}
	for j, n := range used {
		if n > vs[j].Open {
			t.Errorf("%s: vacancy %d holds %d, headcount %d", name, j, n, vs[j].Open)
		}
	}
	if total != out.Total || priority != out.PriorityPlaced {
		t.Errorf("%s: total %d priority %d, outcome says %d and %d", name, total, priority, out.Total, out.PriorityPlaced)
	}
	if err := out.Instance.Check(); err != nil {
		t.Errorf("%s: instance: %v", name, err)
	}
}

func TestRunProperties(t *testing.T) {
	for seed := range uint64(8) {
		ws, vs := synth(seed, synthSpec{workers: 400, vacancies: 120, occupations: 10, openMax: 4, villages: 3, strict: 0.5})
		for _, o := range []Objective{MaxScore, PriorityFirst, Stable} {
			p := DefaultParams(synthDay)
			p.Objective = o
			p.Candidates = 6
			out, err := Run(ws, vs, p, nil)
			if err != nil {
				t.Fatal(err)
			}
			checkOutcome(t, string(o), ws, vs, p, out)
		}
	}
}

// bruteAssign returns the best (priority count, total score) over all
// assignments of a's arcs, by trying every choice for every worker.
func bruteAssign(a *Assignment, priority []bool) (bestPrio int, bestTotal int64) {
	used := make([]int32, len(a.Capacity))
	bestPrio, bestTotal = -1, -1
	var walk func(i, prio int, total int64)
	walk = func(i, prio int, total int64) {
		if i == a.Workers {
			if prio > bestPrio || prio == bestPrio && total > bestTotal {
				bestPrio, bestTotal = prio, total
			}
			return
		}
		walk(i+1, prio, total)
		for x := a.Start[i]; x < a.Start[i+1]; x++ {
			j := a.Vacancy[x]
			if used[j] < a.Capacity[j] {
				used[j]++
				p := prio
				if priority != nil && priority[i] {
					p++
				}
				walk(i+1, p, total+int64(a.Score[x]))
				used[j]--
			}
		}
	}
	walk(0, 0, 0)
	return bestPrio, bestTotal
}

// TestRunOptimal checks the max and priority objectives against every
// assignment of tiny instances where every feasible pair is a candidate.
func TestRunOptimal(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for trial := range 300 {
		ws, vs := tinySynth(r, 1+r.IntN(7), 1+r.IntN(4))
		for _, o := range []Objective{MaxScore, PriorityFirst} {
			p := DefaultParams(synthDay)
			p.Objective = o
			p.Candidates = maxCandidates
			out, err := Run(ws, vs, p, nil)
			if err != nil {
				t.Fatal(err)
			}
			checkOutcome(t, string(o), ws, vs, p, out)
			var prio []bool
			if o == PriorityFirst {
				prio = make([]bool, len(ws))
				for i := range ws {
					prio[i] = ws[i].Priority
				}
			}
			bp, bt := bruteAssign(out.Instance, prio)
			if o == PriorityFirst && out.PriorityPlaced != bp {
				t.Errorf("trial %d: %s placed %d priority workers, brute force %d", trial, o, out.PriorityPlaced, bp)
			}
			if out.Total != bt {
				t.Errorf("trial %d: %s total %d, brute force %d", trial, o, out.Total, bt)
			}
			// The candidates are all feasible pairs.
			arcs := 0
			for i := range ws {
				for j := range vs {
					if f, _ := Explain(ws[i], vs[j], p); f.Reason == "" {
						arcs++
					}
				}
			}
			if arcs != out.Arcs {
				t.Errorf("trial %d: %d candidate pairs, %d feasible", trial, out.Arcs, arcs)
			}
		}
	}
}

// TestRunMaxEqualsSolver checks that the max objective reports MaxWeight's
// optimum of the instance it exports.
func TestRunMaxEqualsSolver(t *testing.T) {
	ws, vs := synth(11, synthSpec{workers: 3000, vacancies: 400, occupations: 30, strict: 0.3})
	for _, o := range []Objective{MaxScore, PriorityFirst} {
		p := DefaultParams(synthDay)
		p.Objective = o
		out, err := Run(ws, vs, p, nil)
		if err != nil {
			t.Fatal(err)
		}
		res, err := MaxWeight(out.Instance, out.Options)
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != out.Total || res.PriorityPlaced != out.PriorityPlaced && o == PriorityFirst || res.Placed != len(out.Placements) {
			t.Errorf("%s: Run total %d placed %d, MaxWeight %d placed %d", o, out.Total, len(out.Placements), res.Total, res.Placed)
		}
		checkOutcome(t, string(o), ws, vs, p, out)
	}
}

func TestRunDeterministic(t *testing.T) {
	ws, vs := synth(5, synthSpec{workers: 5000, vacancies: 600, occupations: 40, strict: 0.4})
	for _, o := range []Objective{MaxScore, PriorityFirst, Stable} {
		p := DefaultParams(synthDay)
		p.Objective = o
		first, err := Run(ws, vs, p, nil)
		if err != nil {
			t.Fatal(err)
		}
		again, _ := Run(ws, vs, p, nil)
		procs := runtime.GOMAXPROCS(1)
		single, _ := Run(ws, vs, p, nil)
		runtime.GOMAXPROCS(max(procs, 4))
		many, _ := Run(ws, vs, p, nil)
		runtime.GOMAXPROCS(procs)
		for name, out := range map[string]*Outcome{"again": again, "one processor": single, "four processors": many} {
			if !reflect.DeepEqual(first, out) {
				t.Errorf("%s: Run %s differs from the first run", o, name)
			}
		}
	}
}

func TestRunProgress(t *testing.T) {
	var got []Stage
	ws, vs := synth(1, synthSpec{workers: 50, vacancies: 20, occupations: 5})
	if _, err := Run(ws, vs, DefaultParams(synthDay), func(s Stage) { got = append(got, s) }); err != nil {
		t.Fatal(err)
	}
	want := []Stage{StageCandidates, StageScores, StageSolve, StageResults}
	if !slices.Equal(got, want) {
		t.Errorf("Run stages = %v, want %v", got, want)
	}
}

func TestProvinceSlotsFitABitSet(t *testing.T) {
	if n := len(provinceSlots().codes); n > 64 {
		t.Errorf("%d province slots, a wish set holds 64", n)
	}
}

func TestVillagePart(t *testing.T) {
	// Three workers of one village and one of another, two employers.
	w := fitWorker()
	other := fitWorker()
	other.Village = "西村"
	elsewhere := fitWorker()
	elsewhere.Home = "140821" // same village name, another county
	ws := []Worker{w, w, w, other, elsewhere}
	v1, v2, v3 := fitVacancy(), fitVacancy(), fitVacancy()
	v1.Open, v2.Open, v3.Open = 5, 5, 5
	v2.Employer = "F"
	v3.Employer = "" // an employer of its own
	p := DefaultParams(synthDay)
	p.Weights.VillageCap = 1
	out, err := Run(ws, []Vacancy{v1, v2, v3}, p, nil)
	if err != nil {
		t.Fatal(err)
	}
	a := out.Instance
	village := func(i int, j int32) int32 {
		for x := a.Start[i]; x < a.Start[i+1]; x++ {
			if a.Vacancy[x] == j {
				f, _ := Explain(ws[i], []Vacancy{v1, v2, v3}[j], p)
				return a.Score[x] - f.Parts.Total()
			}
		}
		t.Fatalf("worker %d has no candidate %d", i, j)
		return 0
	}
	tests := []struct {
		name   string
		worker int
		vac    int32
		want   int32
	}{
		{"two fellows, capped at one", 0, 0, 30},
		{"fellows at the other employer too", 1, 1, 30},
		{"an employer without a name is the vacancy alone", 2, 2, 30},
		{"alone in the village", 3, 0, 0},
		{"same name in another county", 4, 0, 0},
	}
	for _, tt := range tests {
		if got := village(tt.worker, tt.vac); got != tt.want {
			t.Errorf("%s: village part of worker %d at vacancy %d = %d, want %d", tt.name, tt.worker, tt.vac, got, tt.want)
		}
	}
	p.Weights.VillageCap = 5
	out, _ = Run(ws, []Vacancy{v1, v2, v3}, p, nil)
	a = out.Instance
	if got := village(0, 0); got != 60 {
		t.Errorf("village part with two fellows, cap 5 = %d, want 60", got)
	}
}

func TestVillageUnnamedEmployers(t *testing.T) {
	a, b := fitWorker(), fitWorker()
	b.WishRegions = []string{"440000"}
	v1, v2 := fitVacancy(), fitVacancy()
	v1.Employer, v2.Employer, v2.Division = "", "", "440300"
	out, err := Run([]Worker{a, b}, []Vacancy{v1, v2}, DefaultParams(synthDay), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, pl := range out.Placements {
		if pl.Parts.Village != 0 {
			t.Errorf("worker %d at an unnamed employer: village part %d, want 0 (the other villager's vacancy has no name either)", pl.Worker, pl.Parts.Village)
		}
	}
	if len(out.Placements) != 2 {
		t.Errorf("Run placed %d, want 2", len(out.Placements))
	}
}
