// Package match is the matching engine: it decides which worker goes to
// which vacancy. Run filters each worker's candidate vacancies by the hard
// requirements (and says, for a worker left without one, which requirement
// removed the last), scores every candidate pair as a sum of named parts,
// and assigns workers exactly: a maximum-weight b-matching solved as a
// minimum-cost flow (MaxWeight), optionally placing priority households
// first, or a stable matching by worker-proposing deferred acceptance.
// Graphs and assignments read and write the DIMACS format, so that other
// solvers can check the results.
//
// The package is pure: data in, result out, no I/O, no clock (the day is a
// parameter), and the same input always gives the same output.
package match

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"laborbridge"
)

// Worker is what matching needs of a registered worker.
type Worker struct {
	Home          string // county-level division code
	Village       string // village or family name within Home; "" for none
	Occupation    string // ISCO-08 unit group
	SkillLevel    int    // 1 senior technician … 5 entry; 0 unknown
	CertLevel     int    // level of a certificate held in Occupation, 1 … 5; 0 none
	Years         int    // years of experience in Occupation
	Birth         time.Time
	Male          bool
	Priority      bool      // priority (poverty-alleviation) household
	WishRegions   []string  // province codes; empty means anywhere
	MinWage       int       // lowest acceptable monthly wage, yuan; 0 none
	AvailableFrom time.Time // zero means the day of the run
}

// Vacancy is what matching needs of an open vacancy.
type Vacancy struct {
	Employer   string // any key naming the employer, for the village part; "" for one of its own
	Occupation string // ISCO-08 unit group
	Division   string // workplace division code (city or county)
	// Lat and Lon are the workplace (WGS84 degrees); both zero means the
	// point of Division.
	Lat, Lon  float64
	Open      int // seats left
	WageMin   int // monthly, yuan
	WageMax   int
	StartDate time.Time // zero means the day of the run
	AgeMin    int       // 0 for none
	AgeMax    int       // 0 for none
	// CertLevel is the certificate required in Occupation: 0 none, else
	// 1 (best) … 5 (entry), met by a certificate of that level or better.
	CertLevel  int
	MinYears   int
	Housing    bool
	Meals      bool
	TravelPaid bool
}

// Objective says what Run optimises.
type Objective string

// The objectives.
const (
	// MaxScore finds the assignment of largest total score.
	MaxScore Objective = "max"
	// PriorityFirst places as many workers of priority households as
	// possible, then finds the largest total score among the assignments
	// that do.
	PriorityFirst Objective = "priority"
	// Stable runs worker-proposing deferred acceptance: no worker and
	// vacancy would both rather have each other than what they got.
	Stable Objective = "stable"
)

// DefaultCandidates is how many candidate vacancies a worker keeps unless
// Params.Candidates says otherwise: enough that the best assignment rarely
// wants a vacancy further down a worker's list, few enough that a national
// run fits in memory.
const DefaultCandidates = 30

// maxCandidates bounds Params.Candidates.
const maxCandidates = 1000

// Params are a run's settings.
type Params struct {
	Objective Objective // "" means MaxScore
	Weights   Weights
	// Today is the day of the run: the earliest start for everyone.
	Today time.Time
	// Candidates is how many vacancies each worker keeps, the best by
	// score (0 means DefaultCandidates).
	Candidates int
	// MinRelated is how far a candidate's occupation may be from the
	// worker's: 3 the same unit group only, 2 also its minor group, 1
	// also its sub-major group (0 means 1).
	MinRelated int
	// Ranks, in stable mode only, are the workers' own rankings: for
	// each worker, vacancy indices, most wanted first. Vacancies that
	// fail a hard filter are dropped from them; Candidates does not
	// apply. Nil means rankings by score.
	Ranks [][]int32
	// VacancyRanks, in stable mode only, are the vacancies' rankings: for
	// each vacancy, worker indices, most wanted first; a worker not listed
	// is not accepted. Nil means rankings by score.
	VacancyRanks [][]int32
}

// DefaultParams returns the parameters of a run on today that maximises
// the total score with the default weights.
func DefaultParams(today time.Time) Params {
	return Params{Objective: MaxScore, Weights: DefaultWeights(), Today: today, Candidates: DefaultCandidates, MinRelated: relSubMajor}
}

// normal returns p with defaults filled in, or an Invalid error.
func (p Params) normal(workers, vacancies int) (Params, error) {
	var probs laborbridge.Problems
	switch p.Objective {
	case "":
		p.Objective = MaxScore
	case MaxScore, PriorityFirst, Stable:
	default:
		probs.Add("objective", "unknown objective %q (max, priority or stable)", p.Objective)
	}
	if p.Today.IsZero() {
		probs.Add("today", "the day of the run is required")
	}
	if p.Candidates == 0 {
		p.Candidates = DefaultCandidates
	}
	if p.Candidates < 1 || p.Candidates > maxCandidates {
		probs.Add("candidates", "%d candidates per worker is outside 1–%d", p.Candidates, maxCandidates)
	}
	if p.MinRelated == 0 {
		p.MinRelated = relSubMajor
	}
	if p.MinRelated < relSubMajor || p.MinRelated > relOccupation {
		probs.Add("min_related", "relation %d is outside 1–3", p.MinRelated)
	}
	if err := p.Weights.check(); err != nil {
		var e *laborbridge.Error
		if errors.As(err, &e) && e.Problems != nil {
			probs = append(probs, e.Problems...)
		} else {
			probs.AddErr("", err)
		}
	}
	if p.Objective != Stable && (p.Ranks != nil || p.VacancyRanks != nil) {
		probs.Add("ranks", "rankings are given for the stable objective only")
	}
	if p.Ranks != nil {
		checkRanks(&probs, "ranks", p.Ranks, workers, vacancies)
	}
	if p.VacancyRanks != nil {
		checkRanks(&probs, "vacancy_ranks", p.VacancyRanks, vacancies, workers)
	}
	return p, probs.Err()
}

// checkRanks checks that ranks has one list per owner of distinct indices
// below n.
func checkRanks(probs *laborbridge.Problems, field string, ranks [][]int32, owners, n int) {
	if len(ranks) != owners {
		probs.Add(field, "%d rankings for %d", len(ranks), owners)
		return
	}
	seen := make([]int32, n)
	for o, list := range ranks {
		for _, x := range list {
			switch {
			case x < 0 || int(x) >= n:
				probs.Add(fmt.Sprintf("%s[%d]", field, o), "index %d is outside 0–%d", x, n-1)
				return
			case seen[x] == int32(o)+1:
				probs.Add(fmt.Sprintf("%s[%d]", field, o), "index %d is ranked twice", x)
				return
			}
			seen[x] = int32(o) + 1
		}
	}
}

// Stage names a step of Run, reported to its progress function as the step
// begins, so that a caller can show progress and time each step.
type Stage string

// The stages of Run, in order.
const (
	StageCandidates Stage = "candidates" // index the vacancies, filter, keep each worker's best by score
	StageScores     Stage = "scores"     // the village part; each worker's list in order of preference
	StageSolve      Stage = "solve"      // the assignment
	StageResults    Stage = "results"    // placements with their parts, reasons for the rest
)

// Placement is one worker placed on one vacancy.
type Placement struct {
	Worker  int32 `json:"worker"`  // index into Run's workers
	Vacancy int32 `json:"vacancy"` // index into Run's vacancies
	Score   int32 `json:"score"`
	// Rank is the vacancy's place in the worker's list: 1 for the first
	// choice.
	Rank       int32   `json:"rank"`
	Parts      Parts   `json:"parts"`
	DistanceKm float32 `json:"distance_km"` // great-circle, home county to workplace; -1 when unknown
}

// Unplaced is a worker Run did not place, and why.
type Unplaced struct {
	Worker int32  `json:"worker"`
	Reason Reason `json:"reason"`
	// Candidates is how many candidate vacancies the worker had (0
	// unless Reason is ReasonLost).
	Candidates int32  `json:"candidates"`
	Detail     string `json:"detail"` // one English sentence with the numbers
}

// Outcome is the result of a run.
type Outcome struct {
	Objective  Objective
	Placements []Placement // by worker
	Unplaced   []Unplaced  // by worker: every worker not placed
	Total      int64       // the sum of the placements' scores
	// PriorityPlaced counts placed workers of priority households.
	PriorityPlaced int
	Workers        int
	Vacancies      int
	Seats          int64 // open seats of all vacancies
	Arcs           int   // candidate pairs
	// Solver is MaxWeight's work (zero in stable mode); Proposals is
	// deferred acceptance's (zero otherwise).
	Solver    Stats
	Proposals int64
	// Instance and Options are what was solved, each worker's candidates
	// in order of preference: WriteAssignment(w, Instance, Options)
	// exports it for other solvers.
	Instance *Assignment
	Options  Options
}

// Run matches workers to vacancies under p and reports progress (which may
// be nil) as each stage begins. Indices in the outcome are positions in
// workers and vacancies. It returns an Invalid *laborbridge.Error listing
// the problems when a worker, a vacancy or p breaks a rule (a missing birth
// date or day of the run, a level outside 0–5, a negative headcount, an
// unknown province, a ranking with a bad index, weights out of range, too
// many candidate pairs for one run), and an Internal one if the solver
// fails, which is a bug.
func Run(workers []Worker, vacancies []Vacancy, p Params, progress func(Stage)) (*Outcome, error) {
	if progress == nil {
		progress = func(Stage) {}
	}
	p, err := p.normal(len(workers), len(vacancies))
	if err != nil {
		return nil, err
	}
	progress(StageCandidates)
	in, err := newInput(workers, vacancies, p)
	if err != nil {
		return nil, err
	}
	start, vac, score, none, err := candidates(in)
	if err != nil {
		return nil, err
	}

	progress(StageScores)
	addVillage(in, start, vac, score)
	if p.Ranks == nil {
		sortLists(start, vac, score)
	}
	a := &Assignment{Workers: len(workers), Capacity: make([]int32, len(vacancies)), Start: start, Vacancy: vac, Score: score}
	out := &Outcome{Objective: p.Objective, Workers: len(workers), Vacancies: len(vacancies), Arcs: len(vac), Instance: a}
	for j := range vacancies {
		a.Capacity[j] = int32(min(vacancies[j].Open, math.MaxInt32))
		out.Seats += int64(a.Capacity[j])
	}

	progress(StageSolve)
	var held []int32 // per worker: the arc it holds, -1 when none
	switch p.Objective {
	case Stable:
		var key []int64
		if p.VacancyRanks != nil {
			key = rankKeys(a, p.VacancyRanks)
		} else {
			key = scoreKeys(a)
		}
		held, out.Proposals = deferredAcceptance(a, key)
	default:
		if p.Objective == PriorityFirst {
			out.Options.Priority = make([]bool, len(workers))
			for i := range workers {
				out.Options.Priority[i] = workers[i].Priority
			}
		}
		res, err := MaxWeight(a, out.Options)
		if err != nil {
			return nil, laborbridge.InternalError(fmt.Errorf("match: solve: %w", err))
		}
		held, out.Solver = res.Arc, res.Stats
	}

	progress(StageResults)
	var lost []Unplaced
	for i := range workers {
		x := held[i]
		if x < 0 {
			if n := start[i+1] - start[i]; n > 0 {
				lost = append(lost, Unplaced{Worker: int32(i), Reason: ReasonLost, Candidates: n, Detail: lostDetail(&p, n)})
			}
			continue
		}
		j := vac[x]
		parts, km := in.parts(int32(i), j)
		parts.Village = score[x] - parts.Total()
		out.Placements = append(out.Placements, Placement{Worker: int32(i), Vacancy: j, Score: score[x],
			Rank: x - start[i] + 1, Parts: parts, DistanceKm: km})
		out.Total += int64(score[x])
		if workers[i].Priority {
			out.PriorityPlaced++
		}
	}
	out.Unplaced = mergeByWorker(none, lost)
	return out, nil
}

// lostDetail explains why a worker with n candidates was not placed.
func lostDetail(p *Params, n int32) string {
	var list, took string
	switch {
	case p.Objective == Stable && p.VacancyRanks != nil:
		list, took = "on the worker's list", "took workers they rank higher or do not take this worker"
	case p.Objective == Stable:
		list, took = "on the worker's list", "took workers they rank higher"
	case p.Objective == PriorityFirst:
		list, took = "candidate", "went to other workers: placing priority households first, then the best total score, puts them there"
	default:
		list, took = "candidate", "went to other workers: the best total score puts them there"
	}
	if n == 1 {
		if p.Objective == Stable {
			took = strings.NewReplacer("they rank", "it ranks", "do not", "does not").Replace(took)
			return "the only vacancy " + list + " " + took
		}
		return "the only candidate vacancy " + took
	}
	all := fmt.Sprintf("all %d", n)
	if n == 2 {
		all = "both"
	}
	if p.Objective == Stable {
		return fmt.Sprintf("%s vacancies %s %s", all, list, took)
	}
	return fmt.Sprintf("%s candidate vacancies %s", all, took)
}

// mergeByWorker merges a and b, each sorted by worker.
func mergeByWorker(a, b []Unplaced) []Unplaced {
	out := make([]Unplaced, 0, len(a)+len(b))
	for len(a) > 0 && len(b) > 0 {
		if a[0].Worker < b[0].Worker {
			out, a = append(out, a[0]), a[1:]
		} else {
			out, b = append(out, b[0]), b[1:]
		}
	}
	return append(append(out, a...), b...)
}

// Fit is how one worker fits one vacancy.
type Fit struct {
	// Reason is the first hard filter the pair fails, "" when it passes
	// them all; Detail says it with the numbers.
	Reason Reason `json:"reason,omitempty"`
	Detail string `json:"detail,omitempty"`
	// Parts is the score the pair gets (or would get, were it not
	// filtered out), without the village part, which depends on the
	// other workers of a run.
	Parts      Parts   `json:"parts"`
	DistanceKm float32 `json:"distance_km"`
}

// Explain returns how worker w fits vacancy v under p's weights, day and
// relation (p's objective, candidates and rankings play no part). It
// returns an Invalid *laborbridge.Error when w, v or p breaks a rule, as
// Run does.
func Explain(w Worker, v Vacancy, p Params) (Fit, error) {
	p.Objective, p.Ranks, p.VacancyRanks = MaxScore, nil, nil
	p, err := p.normal(1, 1)
	if err != nil {
		return Fit{}, err
	}
	in, err := newInput([]Worker{w}, []Vacancy{v}, p)
	if err != nil {
		return Fit{}, err
	}
	var f Fit
	f.Parts, f.DistanceKm = in.parts(0, 0)
	var st int8
	wc := in.ctx(0)
	switch {
	case int(relation(w.Occupation, v.Occupation)) < p.MinRelated:
		st = stOccupation
	case v.Open <= 0:
		st = stHeadcount
	case wc.wish&(1<<in.vSlot[0]) == 0:
		st = stRegion
	default:
		t := newVTable(in, []int32{0})
		wc.sameOcc = w.Occupation == v.Occupation
		st = t.stage(&wc, 0)
	}
	if st != stPass {
		f.Reason, f.Detail = stageReason[st], pairDetail(in, st)
	}
	return f, nil
}

// maxArcs32 is the most candidate pairs one run holds: arcs are indexed by
// int32.
const maxArcs32 = math.MaxInt32

func errTooManyArcs(n int64) error {
	return laborbridge.Errorf(laborbridge.Invalid,
		"up to %d candidate pairs are more than one run holds (%d); lower the candidates per worker or split the run by region", n, maxArcs32)
}
