package match

import (
	"errors"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"laborbridge"
)

func TestExplainFilters(t *testing.T) {
	tests := []struct {
		name       string
		w          func(*Worker)
		v          func(*Vacancy)
		minRelated int
		want       Reason
	}{
		{"every filter passes", nil, nil, 0, ""},
		{"unrelated occupation", nil, func(v *Vacancy) { v.Occupation = "9333" }, 0, ReasonOccupation},
		{"sub-major group reached by default", nil, func(v *Vacancy) { v.Occupation = "5131" }, 0, ""},
		{"sub-major group not reached from the minor group", nil, func(v *Vacancy) { v.Occupation = "5131" }, 2, ReasonOccupation},
		{"minor group reached", func(w *Worker) { w.Occupation, w.CertLevel = "9412", 0 }, func(v *Vacancy) { v.Occupation = "9411" }, 2, ""},
		{"minor group not reached by the occupation only", func(w *Worker) { w.Occupation = "9412" }, func(v *Vacancy) { v.Occupation = "9411" }, 3, ReasonOccupation},
		{"no seat left", nil, func(v *Vacancy) { v.Open = 0 }, 0, ReasonHeadcount},
		{"outside the wished regions", nil, func(v *Vacancy) { v.Division = "440300" }, 0, ReasonRegion},
		{"anywhere", func(w *Worker) { w.WishRegions = nil }, func(v *Vacancy) { v.Division = "440300" }, 0, ""},
		{"a county of a wished province", nil, func(v *Vacancy) { v.Division = "110105" }, 0, ""},
		{"workplace without a province, worker going anywhere", func(w *Worker) { w.WishRegions = nil }, func(v *Vacancy) { v.Division = "" }, 0, ""},
		{"workplace without a province", nil, func(v *Vacancy) { v.Division = "" }, 0, ReasonRegion},
		{"certificate level 4 where 3 is required", nil, func(v *Vacancy) { v.CertLevel = 3 }, 0, ReasonCertificate},
		{"certificate level 4 where 4 is required", nil, func(v *Vacancy) { v.CertLevel = 4 }, 0, ""},
		{"certificate level 2 where 4 is required", func(w *Worker) { w.CertLevel = 2 }, func(v *Vacancy) { v.CertLevel = 4 }, 0, ""},
		{"no certificate where one is required", func(w *Worker) { w.CertLevel = 0 }, func(v *Vacancy) { v.CertLevel = 5 }, 0, ReasonCertificate},
		{"certificate of another occupation", nil, func(v *Vacancy) { v.Occupation, v.CertLevel = "5131", 5 }, 0, ReasonCertificate},
		{"fewer years than required", nil, func(v *Vacancy) { v.MinYears = 5 }, 0, ReasonYears},
		{"years as required", nil, func(v *Vacancy) { v.MinYears = 3 }, 0, ""},
		{"too old", nil, func(v *Vacancy) { v.AgeMax = 30 }, 0, ReasonAge},
		{"too young", nil, func(v *Vacancy) { v.AgeMin = 40 }, 0, ReasonAge},
		{"age is taken on the start date", func(w *Worker) { w.Birth = date(1981, 1, 20) }, func(v *Vacancy) { v.AgeMax = 44 }, 0, ReasonAge},
		{"age on the start date fits", func(w *Worker) { w.Birth = date(1981, 2, 2) }, func(v *Vacancy) { v.AgeMax = 44 }, 0, ""},
		{"a woman past the legal working age", func(w *Worker) { w.Birth, w.Male = date(1970, 1, 1), false }, func(v *Vacancy) { v.AgeMax = 0 }, 0, ReasonAge},
		{"a man of the same age", func(w *Worker) { w.Birth = date(1970, 1, 1) }, func(v *Vacancy) { v.AgeMax = 0 }, 0, ""},
		{"under the legal working age", func(w *Worker) { w.Birth = date(2010, 3, 1) }, func(v *Vacancy) { v.AgeMin = 0 }, 0, ReasonAge},
		{"wage range below the minimum", func(w *Worker) { w.MinWage = 7500 }, nil, 0, ReasonWage},
		{"wage range reaching the minimum", func(w *Worker) { w.MinWage = 7000 }, nil, 0, ""},
		{"available after the start", func(w *Worker) { w.AvailableFrom = date(2026, 2, 15) }, nil, 0, ReasonStartDate},
		{"available on the start", func(w *Worker) { w.AvailableFrom = date(2026, 2, 1) }, nil, 0, ""},
		{"vacancy started already", nil, func(v *Vacancy) { v.StartDate = date(2025, 12, 1) }, 0, ""},
		{"vacancy started already, worker available later", func(w *Worker) { w.AvailableFrom = date(2026, 1, 7) },
			func(v *Vacancy) { v.StartDate = date(2025, 12, 1) }, 0, ReasonStartDate},
		{"occupation before headcount", nil, func(v *Vacancy) { v.Occupation, v.Open = "9333", 0 }, 0, ReasonOccupation},
		{"region before certificate", nil, func(v *Vacancy) { v.Division, v.CertLevel = "440300", 1 }, 0, ReasonRegion},
		{"age before wage", func(w *Worker) { w.MinWage = 9000 }, func(v *Vacancy) { v.AgeMax = 20 }, 0, ReasonAge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, v := fitPair(tt.w, tt.v)
			p := DefaultParams(synthDay)
			p.MinRelated = tt.minRelated
			f, err := Explain(w, v, p)
			if err != nil {
				t.Fatalf("Explain = %v", err)
			}
			if f.Reason != tt.want {
				t.Errorf("Explain(%s).Reason = %q (%s), want %q", tt.name, f.Reason, f.Detail, tt.want)
			}
			if (f.Detail == "") != (tt.want == "") {
				t.Errorf("Explain(%s).Detail = %q", tt.name, f.Detail)
			}
			// Run agrees: the pair is a candidate exactly when it passes.
			out, err := Run([]Worker{w}, []Vacancy{v}, p, nil)
			if err != nil {
				t.Fatalf("Run = %v", err)
			}
			if got := out.Arcs == 1; got != (tt.want == "") {
				t.Errorf("Run(%s).Arcs = %d, want a candidate: %v", tt.name, out.Arcs, tt.want == "")
			}
			if tt.want != "" && (len(out.Unplaced) != 1 || out.Unplaced[0].Reason != tt.want) {
				t.Errorf("Run(%s).Unplaced = %+v, want reason %q", tt.name, out.Unplaced, tt.want)
			}
		})
	}
}

// TestUnplacedReasons gives one worker several vacancies, each removed by
// some filter, and checks that the reason is the filter that removed the
// last one and that the detail quotes the numbers.
func TestUnplacedReasons(t *testing.T) {
	type vac func(*Vacancy)
	elsewhere := func(v *Vacancy) { v.Division = "440300" }
	tests := []struct {
		name   string
		w      func(*Worker)
		vs     []vac
		want   Reason
		detail []string
	}{
		{"no vacancy in the trade", nil, []vac{func(v *Vacancy) { v.Occupation = "9333" }}, ReasonOccupation,
			[]string{"no vacancy for Cooks (5120) or a related occupation"}},
		{"all full", nil, []vac{func(v *Vacancy) { v.Open = 0 }, func(v *Vacancy) { v.Open, v.Occupation = 0, "5131" }}, ReasonHeadcount,
			[]string{"all 2 vacancies", "are full"}},
		{"only elsewhere", nil, []vac{elsewhere, elsewhere, func(v *Vacancy) { v.Division = "320500" }, func(v *Vacancy) { v.Open = 0 }},
			ReasonRegion, []string{"in Beijing", "3 are open elsewhere", "Guangdong 2", "Jiangsu 1"}},
		{"certificate", nil, []vac{elsewhere, func(v *Vacancy) { v.CertLevel = 3 }, func(v *Vacancy) { v.CertLevel = 2 }},
			ReasonCertificate, []string{"all 2 vacancies left require", "level 3 or better", "holds level 4 in Cooks (5120)"}},
		{"years", nil, []vac{func(v *Vacancy) { v.CertLevel = 1 }, func(v *Vacancy) { v.MinYears = 8 }, func(v *Vacancy) { v.MinYears = 5 }},
			ReasonYears, []string{"at least 5 years", "the worker has 3"}},
		{"age", nil, []vac{func(v *Vacancy) { v.MinYears = 9 }, func(v *Vacancy) { v.AgeMax = 30 }, func(v *Vacancy) { v.AgeMin, v.AgeMax = 20, 32 }},
			ReasonAge, []string{"will be 35", "ages 18 to 32"}},
		{"legal age", func(w *Worker) { w.Birth, w.Male = date(1969, 1, 1), false }, []vac{func(v *Vacancy) { v.AgeMax = 0 }},
			ReasonAge, []string{"will be 57", "legal working age for women ends at 55"}},
		{"wage", func(w *Worker) { w.MinWage, w.WishRegions = 8000, []string{"110000", "320000"} },
			[]vac{func(v *Vacancy) { v.AgeMax = 20 }, func(v *Vacancy) { v.WageMax = 7500 }, func(v *Vacancy) { v.Division = "320500" }},
			ReasonWage, []string{"no vacancy left in Beijing or Jiangsu pays 8,000 or more", "the best of 2 vacancies pays 7,500"}},
		{"start date", func(w *Worker) { w.AvailableFrom = date(2026, 3, 1) },
			[]vac{func(v *Vacancy) { v.WageMin, v.WageMax = 100, 100 }, nil, func(v *Vacancy) { v.StartDate = date(2026, 2, 20) }},
			ReasonStartDate, []string{"available from 2026-03-01", "the latest on 2026-02-20"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := fitWorker()
			if tt.w != nil {
				tt.w(&w)
			}
			var vs []Vacancy
			for _, edit := range tt.vs {
				v := fitVacancy()
				if edit != nil {
					edit(&v)
				}
				vs = append(vs, v)
			}
			out, err := Run([]Worker{w}, vs, DefaultParams(synthDay), nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(out.Unplaced) != 1 || out.Unplaced[0].Reason != tt.want {
				t.Fatalf("Run(%s).Unplaced = %+v, want reason %q", tt.name, out.Unplaced, tt.want)
			}
			for _, s := range tt.detail {
				if !strings.Contains(out.Unplaced[0].Detail, s) {
					t.Errorf("Run(%s) detail = %q, want it to contain %q", tt.name, out.Unplaced[0].Detail, s)
				}
			}
		})
	}
}

func TestUnplacedLost(t *testing.T) {
	a, b := fitWorker(), fitWorker()
	b.SkillLevel = 5 // scores lower
	v := fitVacancy()
	v.Open = 1
	tests := []struct {
		o      Objective
		detail string
	}{
		{MaxScore, "the only candidate vacancy went to other workers: the best total score puts them there"},
		{PriorityFirst, "the only candidate vacancy went to other workers: placing priority households first, then the best total score, puts them there"},
		{Stable, "the only vacancy on the worker's list took workers it ranks higher"},
	}
	for _, tt := range tests {
		t.Run(string(tt.o), func(t *testing.T) {
			p := DefaultParams(synthDay)
			p.Objective = tt.o
			out, err := Run([]Worker{a, b}, []Vacancy{v}, p, nil)
			if err != nil {
				t.Fatal(err)
			}
			want := Unplaced{Worker: 1, Reason: ReasonLost, Candidates: 1, Detail: tt.detail}
			if len(out.Unplaced) != 1 || out.Unplaced[0] != want {
				t.Errorf("Run(%s).Unplaced = %+v, want %+v", tt.o, out.Unplaced, want)
			}
			if len(out.Placements) != 1 || out.Placements[0].Worker != 0 {
				t.Errorf("Run(%s).Placements = %+v, want worker 0", tt.o, out.Placements)
			}
		})
	}
}

// stageOf orders reasons as the filters apply.
var stageOf = map[Reason]int8{ReasonOccupation: stOccupation, ReasonHeadcount: stHeadcount, ReasonRegion: stRegion,
	ReasonCertificate: stCertificate, ReasonYears: stYears, ReasonAge: stAge, ReasonWage: stWage, ReasonStartDate: stStart, "": stPass}

// TestCandidatesAgainstExplain checks the index against scoring every pair
// with Explain: each list holds min(K, feasible) feasible vacancies, in
// order of score then index, with Explain's scores; no feasible vacancy
// left out scores more than one kept; a worker without a candidate gets
// the largest filter stage over all vacancies.
func TestCandidatesAgainstExplain(t *testing.T) {
	for seed := range uint64(6) {
		ws, vs := synth(seed, synthSpec{workers: 300, vacancies: 250, occupations: 12, openMax: 3, strict: 0.6})
		p := DefaultParams(synthDay)
		p.Candidates = []int{1, 3, 5, 8, 30, 300}[seed]
		p.MinRelated = []int{1, 2, 3, 1, 2, 1}[seed]
		p.Weights.Village = 0
		out, err := Run(ws, vs, p, nil)
		if err != nil {
			t.Fatal(err)
		}
		a := out.Instance
		reasons := map[int32]Reason{}
		for _, u := range out.Unplaced {
			reasons[u.Worker] = u.Reason
		}
		for i := range ws {
			var feasible []int32
			scores := map[int32]int32{}
			worst := int8(0)
			for j := range vs {
				f, err := Explain(ws[i], vs[j], p)
				if err != nil {
					t.Fatal(err)
				}
				worst = max(worst, stageOf[f.Reason])
				if f.Reason == "" {
					feasible = append(feasible, int32(j))
					scores[int32(j)] = f.Parts.Total()
				}
			}
			list, sc := a.Vacancy[a.Start[i]:a.Start[i+1]], a.Score[a.Start[i]:a.Start[i+1]]
			if want := min(p.Candidates, len(feasible)); len(list) != want {
				t.Fatalf("seed %d worker %d: %d candidates, want %d", seed, i, len(list), want)
			}
			for k, j := range list {
				if got, ok := scores[j]; !ok || got != sc[k] {
					t.Errorf("seed %d worker %d: candidate %d score %d, Explain says %d (feasible %v)", seed, i, j, sc[k], got, ok)
				}
				if k > 0 && (sc[k] > sc[k-1] || sc[k] == sc[k-1] && j < list[k-1]) {
					t.Errorf("seed %d worker %d: list out of order at %d", seed, i, k)
				}
			}
			if len(list) > 0 {
				floor := sc[len(sc)-1]
				for _, j := range feasible {
					if !slices.Contains(list, j) && scores[j] > floor {
						t.Errorf("seed %d worker %d: vacancy %d scores %d, above the list's last %d, but was left out", seed, i, j, scores[j], floor)
					}
				}
			} else if got := stageOf[reasons[int32(i)]]; got != worst {
				t.Errorf("seed %d worker %d: reason %q, want %q", seed, i, reasons[int32(i)], stageReason[worst])
			}
		}
	}
}

func TestRunInvalid(t *testing.T) {
	tests := []struct {
		name  string
		w     func(*Worker)
		v     func(*Vacancy)
		p     func(*Params)
		field string
	}{
		{"no day", nil, nil, func(p *Params) { p.Today = time.Time{} }, "today"},
		{"unknown objective", nil, nil, func(p *Params) { p.Objective = "best" }, "objective"},
		{"negative candidates", nil, nil, func(p *Params) { p.Candidates = -1 }, "candidates"},
		{"too many candidates", nil, nil, func(p *Params) { p.Candidates = maxCandidates + 1 }, "candidates"},
		{"relation out of range", nil, nil, func(p *Params) { p.MinRelated = 4 }, "min_related"},
		{"weights", nil, nil, func(p *Params) { p.Weights.Meals = -3 }, "weights.meals"},
		{"rankings outside stable mode", nil, nil, func(p *Params) { p.Ranks = [][]int32{{0}} }, "ranks"},
		{"rankings of the wrong length", nil, nil, func(p *Params) { p.Objective, p.Ranks = Stable, [][]int32{} }, "ranks"},
		{"ranking out of range", nil, nil, func(p *Params) { p.Objective, p.Ranks = Stable, [][]int32{{1}} }, "ranks[0]"},
		{"ranking twice", nil, nil, func(p *Params) { p.Objective, p.VacancyRanks = Stable, [][]int32{{0, 0}} }, "vacancy_ranks[0]"},
		{"no birth date", func(w *Worker) { w.Birth = time.Time{} }, nil, nil, "workers[0].birth"},
		{"certificate level", func(w *Worker) { w.CertLevel = 6 }, nil, nil, "workers[0].cert_level"},
		{"skill level", func(w *Worker) { w.SkillLevel = -1 }, nil, nil, "workers[0].skill_level"},
		{"negative years", func(w *Worker) { w.Years = -1 }, nil, nil, "workers[0].years"},
		{"negative wage wish", func(w *Worker) { w.MinWage = -1 }, nil, nil, "workers[0].min_wage"},
		{"unknown region", func(w *Worker) { w.WishRegions = []string{"990000"} }, nil, nil, "workers[0].wish_regions"},
		{"negative headcount", nil, func(v *Vacancy) { v.Open = -1 }, nil, "vacancies[0].open"},
		{"wage range upside down", nil, func(v *Vacancy) { v.WageMax = 100 }, nil, "vacancies[0].wage_max"},
		{"age range upside down", nil, func(v *Vacancy) { v.AgeMin, v.AgeMax = 40, 30 }, nil, "vacancies[0].age_max"},
		{"required level", nil, func(v *Vacancy) { v.CertLevel = 9 }, nil, "vacancies[0].cert_level"},
		{"latitude", nil, func(v *Vacancy) { v.Lat = 91 }, nil, "vacancies[0].lat"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, v := fitPair(tt.w, tt.v)
			p := DefaultParams(synthDay)
			if tt.p != nil {
				tt.p(&p)
			}
			out, err := Run([]Worker{w}, []Vacancy{v}, p, nil)
			var e *laborbridge.Error
			if !errors.As(err, &e) || e.Kind != laborbridge.Invalid || out != nil {
				t.Fatalf("Run(%s) = %v, %v, want an Invalid error", tt.name, out, err)
			}
			fields := []string{e.Field}
			for _, q := range e.Problems {
				fields = append(fields, q.Field)
			}
			if !slices.Contains(fields, tt.field) {
				t.Errorf("Run(%s) error %q names %v, want %s", tt.name, err, fields, tt.field)
			}
		})
	}
}

// TestRunInvalidBounded checks that a million bad rows give one short error.
func TestRunInvalidBounded(t *testing.T) {
	ws := make([]Worker, 1000)
	_, err := Run(ws, nil, DefaultParams(synthDay), nil)
	var e *laborbridge.Error
	if !errors.As(err, &e) || len(e.Problems) != maxProblems {
		t.Errorf("Run(1000 workers without birth dates) = %v, want %d problems", err, maxProblems)
	}
}

func TestRunEmpty(t *testing.T) {
	out, err := Run(nil, nil, DefaultParams(synthDay), nil)
	if err != nil || out.Arcs != 0 || len(out.Placements) != 0 || len(out.Unplaced) != 0 {
		t.Errorf("Run(nothing) = %+v, %v, want an empty outcome", out, err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	ws, _ := tinySynth(r, 5, 0)
	out, err = Run(ws, nil, DefaultParams(synthDay), nil)
	if err != nil || len(out.Unplaced) != 5 || out.Unplaced[0].Reason != ReasonOccupation {
		t.Errorf("Run(no vacancies) = %+v, %v, want 5 unplaced for occupation", out, err)
	}
}

// TestDiagnoseAgainstScan checks the index's account of a worker without
// candidates (which passes over and sums up whole groups) against
// recording every vacancy one by one.
func TestDiagnoseAgainstScan(t *testing.T) {
	checked := 0
	for seed := range uint64(4) {
		ws, vs := synth(seed, synthSpec{workers: 3000, vacancies: 400, occupations: 20, openMax: 3, strict: 0.9})
		p := DefaultParams(synthDay)
		p.MinRelated = int(seed%3) + 1
		in, err := newInput(ws, vs, p)
		if err != nil {
			t.Fatal(err)
		}
		ix := newIndex(in)
		all := newVTable(in, identity(len(vs)))
		vac, score := make([]int32, p.Candidates), make([]int32, p.Candidates)
		for i := range ws {
			if ix.choose(in, int32(i), vac, score) > 0 {
				continue
			}
			got := ix.diagnose(in, int32(i))
			var want diag
			w := in.ctx(int32(i))
			for j := range vs {
				if int(relation(ws[i].Occupation, vs[j].Occupation)) < p.MinRelated || vs[j].Open <= 0 || w.wish&(1<<in.vSlot[j]) == 0 {
					continue
				}
				w.sameOcc = in.vOcc[j] == w.occ
				want.record(all.stage(&w, int32(j)), &all, int32(j), &w)
			}
			if got != want {
				t.Errorf("seed %d worker %d: diagnose = %+v, scan %+v", seed, i, got, want)
			}
			checked++
		}
	}
	if checked < 100 {
		t.Errorf("only %d workers without candidates checked", checked)
	}
}
