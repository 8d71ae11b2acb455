package match

import (
	"errors"
	"fmt"
	"io"
	"math"
)

// PriorityBonus returns the bonus B that MaxWeight adds to every score of a
// priority worker when Options.Priority is set: large enough that one more
// priority worker placed outweighs any score. B = 1 + min(P1, P2) + N,
// where P1 sums each worker's best positive score, P2 sums each vacancy's
// best positive score times its seats (headcount, at most its candidates),
// and N sums each priority worker's worst negative score.
//
// Why it is enough: let X be an assignment placing the most priority
// workers, p of them, with the best total among those, and Y one placing
// fewer. Y's total is at most min(P1, P2). X's total is at least -N: in X
// no worker without priority sits on a negative score (leaving it
// unassigned would keep p and raise the total), and a priority worker loses
// at most its worst score. So B·p + total(X) >= B·(p-1) + B - N >
// B·(p-1) + min(P1, P2) >= the weight of Y: the weighted optimum places p
// priority workers, and among those it maximises the total score.
func PriorityBonus(a *Assignment, priority []bool) int64 {
	var p1, p2, n uint64
	best := make([]int64, len(a.Capacity))
	cands := make([]int32, len(a.Capacity))
	for i := 0; i < a.Workers; i++ {
		var hi, lo int64
		for k := a.Start[i]; k < a.Start[i+1]; k++ {
			sc, j := int64(a.Score[k]), a.Vacancy[k]
			hi, lo = max(hi, sc), min(lo, sc)
			best[j] = max(best[j], sc)
			cands[j]++
		}
		p1 += uint64(hi)
		if priority != nil && priority[i] {
			n += uint64(-lo)
		}
	}
	for j, b := range best {
		p2 += uint64(b) * uint64(min(a.Capacity[j], cands[j]))
	}
	return int64(1 + min(p1, p2) + n)
}

// Graph returns a as a minimum-cost-flow instance in the layout of the
// benchmark generator gen-matching.py: node 1 the source (supply W),
// nodes 2..W+1 the workers, then the vacancies, then the sink (supply -W);
// arcs source->worker (capacity 1, cost 0), worker->vacancy in a's arc
// order (capacity 1, cost -score, minus PriorityBonus for priority workers
// when opt.Priority is set), vacancy->sink (capacity: the headcount, cost
// 0), and the bypass source->sink (capacity W, cost 0). Its optimal cost is
// -(Total + B·PriorityPlaced) of MaxWeight's result. It returns
// ErrAssignment (wrapped) for an inconsistent a.
func (a *Assignment) Graph(opt Options) (*Graph, error) {
	if err := a.Check(); err != nil {
		return nil, err
	}
	if opt.Priority != nil && len(opt.Priority) != a.Workers {
		return nil, fmt.Errorf("%d priority flags for %d workers: %w", len(opt.Priority), a.Workers, ErrAssignment)
	}
	w, v := a.Workers, len(a.Capacity)
	if w+v+2 > MaxNodes {
		return nil, fmt.Errorf("%d workers and %d vacancies: %w", w, v, ErrAssignment)
	}
	var bonus int64
	if opt.Priority != nil {
		bonus = PriorityBonus(a, opt.Priority)
	}
	src, snk := int32(0), int32(w+v+1)
	m := w + len(a.Vacancy) + v + 1
	g := &Graph{
		Nodes: w + v + 2,
		Tail:  make([]int32, 0, m),
		Head:  make([]int32, 0, m),
		Cap:   make([]int64, 0, m),
		Cost:  make([]int64, 0, m),
	}
	if w > 0 {
		g.Supplies = []Supply{{Node: src, Amount: int64(w)}, {Node: snk, Amount: -int64(w)}}
	}
	for i := 0; i < w; i++ {
		g.AddArc(src, int32(1+i), 0, 1, 0)
	}
	for i := 0; i < w; i++ {
		var b int64
		if opt.Priority != nil && opt.Priority[i] {
			b = bonus
		}
		for k := a.Start[i]; k < a.Start[i+1]; k++ {
			g.AddArc(int32(1+i), int32(1+w)+a.Vacancy[k], 0, 1, -(int64(a.Score[k]) + b))
		}
	}
	for j := 0; j < v; j++ {
		g.AddArc(int32(1+w+j), snk, 0, int64(a.Capacity[j]), 0)
	}
	g.AddArc(src, snk, 0, int64(w), 0)
	return g, nil
}

// WriteAssignment writes a as a DIMACS instance laid out as a.Graph(opt)
// describes, so that other solvers can check MaxWeight's optimum. It
// returns ErrAssignment (wrapped) for an inconsistent a, or the writer's
// error.
func WriteAssignment(w io.Writer, a *Assignment, opt Options) error {
	g, err := a.Graph(opt)
	if err != nil {
		return err
	}
	comments := []string{
		fmt.Sprintf("assignment: %d workers, %d vacancies, %d candidate arcs", a.Workers, len(a.Capacity), len(a.Vacancy)),
		fmt.Sprintf("nodes: 1=source, 2..%d=workers, %d..%d=vacancies, %d=sink; cost = -score", a.Workers+1, a.Workers+2, g.Nodes-1, g.Nodes),
	}
	if opt.Priority != nil {
		comments = append(comments, fmt.Sprintf("priority workers' costs include -%d (one more placed outweighs any score)", PriorityBonus(a, opt.Priority)))
	}
	return WriteDIMACS(w, g, comments...)
}

// bipartite is a Graph recognised as an Assignment, with what it takes to
// turn an assignment back into a flow on the graph's arcs.
type bipartite struct {
	g         *Graph
	a         *Assignment
	source    int32
	sink      int32
	supply    int64
	workerOf  []int32 // per node: worker index, -1
	vacancyOf []int32 // per node: vacancy index, -1
	bypass    []int32 // source->sink arcs
	ownBypass []int32 // per worker: its worker->sink arc, -1
	sinkArcs  [][]int32
}

// recognise returns g as an Assignment when g has the structure of one
// (see Solve), or nil.
func recognise(g *Graph) *bipartite {
	if len(g.Supplies) < 2 {
		return nil
	}
	b := &bipartite{g: g, source: -1, sink: -1}
	pos, neg, demand := 0, 0, int64(0)
	for _, s := range g.Supplies {
		switch {
		case s.Amount > 0:
			pos++
			b.source, b.supply = s.Node, s.Amount
		case s.Amount < 0:
			neg++
			b.sink, demand = s.Node, s.Amount
		}
	}
	if pos != 1 || neg != 1 || demand != -b.supply {
		return nil
	}
	for a := range g.Tail {
		if g.LowOf(a) != 0 {
			return nil
		}
	}
	n := g.Nodes
	b.workerOf = make([]int32, n)
	b.vacancyOf = make([]int32, n)
	for u := range b.workerOf {
		b.workerOf[u] = -1
		b.vacancyOf[u] = -1
	}
	src, snk := b.source, b.sink
	// Pass 1: source->worker arcs and the bypass.
	var bypassCap uint64
	workers := int32(0)
	for a, t := range g.Tail {
		h := g.Head[a]
		if t == h || h == src || t == snk {
			return nil
		}
		if t != src {
			continue
		}
		if g.Cost[a] != 0 {
			return nil
		}
		if h == snk {
			b.bypass = append(b.bypass, int32(a))
			bypassCap = satAdd(bypassCap, g.Cap[a])
			continue
		}
		if g.Cap[a] != 1 || b.workerOf[h] >= 0 {
			return nil
		}
		b.workerOf[h] = workers
		workers++
	}
	if int64(workers) > b.supply {
		return nil // only some workers could be placed: a cardinality limit
	}
	// Pass 2: arcs into the sink: vacancies, or workers' own bypasses.
	b.ownBypass = make([]int32, workers)
	for i := range b.ownBypass {
		b.ownBypass[i] = -1
	}
	vacancies := int32(0)
	var capacity []uint64
	for a, h := range g.Head {
		t := g.Tail[a]
		if h != snk || t == src {
			continue
		}
		if g.Cost[a] != 0 {
			return nil
		}
		if w := b.workerOf[t]; w >= 0 {
			if b.ownBypass[w] >= 0 || g.Cap[a] < 1 {
				return nil
			}
			b.ownBypass[w] = int32(a)
			continue
		}
		j := b.vacancyOf[t]
		if j < 0 {
			j = vacancies
			b.vacancyOf[t] = j
			vacancies++
			capacity = append(capacity, 0)
			b.sinkArcs = append(b.sinkArcs, nil)
		}
		capacity[j] = satAdd(capacity[j], g.Cap[a])
		b.sinkArcs[j] = append(b.sinkArcs[j], int32(a))
	}
	// Every assignment must be feasible: the units of unassigned workers
	// need a way to the sink.
	own := 0
	for _, a := range b.ownBypass {
		if a >= 0 {
			own++
		}
	}
	switch {
	case bypassCap >= uint64(b.supply):
	case own == int(workers) && satAdd(bypassCap, int64(workers)) >= uint64(b.supply):
	default:
		return nil
	}
	// Pass 3: worker->vacancy arcs, counted, then placed (CSR).
	start := make([]int32, workers+1)
	for a, t := range g.Tail {
		h := g.Head[a]
		if t == src || h == snk {
			continue
		}
		w, j := b.workerOf[t], b.vacancyOf[h]
		if w < 0 || j < 0 {
			return nil
		}
		if c := g.Cost[a]; c < -math.MaxInt32 || c > math.MaxInt32 {
			return nil
		}
		if g.Cap[a] >= 1 {
			start[w+1]++
		}
	}
	for w := int32(0); w < workers; w++ {
		start[w+1] += start[w]
	}
	m := start[workers]
	as := &Assignment{
		Workers:  int(workers),
		Capacity: make([]int32, vacancies),
		Start:    start,
		Vacancy:  make([]int32, m),
		Score:    make([]int32, m),
	}
	for j, c := range capacity {
		as.Capacity[j] = int32(min(c, math.MaxInt32))
	}
	fill := make([]int32, workers)
	copy(fill, start[:workers])
	for a, t := range g.Tail {
		h := g.Head[a]
		if t == src || h == snk || g.Cap[a] < 1 {
			continue
		}
		w := b.workerOf[t]
		as.Vacancy[fill[w]] = b.vacancyOf[h]
		as.Score[fill[w]] = int32(-g.Cost[a])
		fill[w]++
	}
	b.a = as
	return b
}

// satAdd adds a capacity (Inf: saturate) to an unsigned running total.
func satAdd(x uint64, c int64) uint64 {
	if c <= 0 {
		return x
	}
	if c == Inf || x+uint64(c) < x {
		return math.MaxUint64
	}
	return x + uint64(c)
}

// solution turns an assignment into an optimal flow on the graph's arcs.
func (b *bipartite) solution(res *Result) *Solution {
	g, a := b.g, b.a
	flow := make([]int64, g.Arcs())
	src, snk := b.source, b.sink
	// Worker->vacancy arcs: the one whose CSR position the result names,
	// found by replaying the order in which recognise placed them.
	fill := make([]int32, a.Workers)
	copy(fill, a.Start[:a.Workers])
	used := make([]int64, len(a.Capacity))
	assigned := int64(0)
	for e, t := range g.Tail {
		h := g.Head[e]
		if t == src || h == snk || g.Cap[e] < 1 {
			continue
		}
		w := b.workerOf[t]
		if res.Arc[w] == fill[w] {
			flow[e] = 1
			used[a.Vacancy[fill[w]]]++
			assigned++
		}
		fill[w]++
	}
	// The other units: through the bypass first, then workers' own.
	rest := b.supply - assigned
	for _, e := range b.bypass {
		f := min(rest, g.Cap[e])
		flow[e] = f
		rest -= f
	}
	for w, e := range b.ownBypass {
		if e >= 0 && res.Arc[w] < 0 && rest > 0 {
			flow[e] = 1
			rest--
		}
	}
	for e, t := range g.Tail {
		if t != src || g.Head[e] == snk {
			continue
		}
		w := b.workerOf[g.Head[e]]
		if res.Arc[w] >= 0 || (b.ownBypass[w] >= 0 && flow[b.ownBypass[w]] == 1) {
			flow[e] = 1
		}
	}
	for j, arcs := range b.sinkArcs {
		u := used[j]
		for _, e := range arcs {
			f := min(u, g.Cap[e])
			flow[e] = f
			u -= f
		}
	}
	return &Solution{Status: Optimal, Cost: Int128Of(-res.Total), Flow: flow,
		Phases: res.Stats.Phases, Bids: res.Stats.Bids}
}

// Algorithm names a solver for Solve.
type Algorithm string

// The algorithms Solve knows.
const (
	Auto      Algorithm = "auto"      // Bipartite when the graph has its structure, else Simplex
	Simplex   Algorithm = "simplex"   // SolveSimplex
	Bipartite Algorithm = "bipartite" // MaxWeight on the recognised assignment
)

// ErrNotBipartite reports a graph without the structure Bipartite needs.
var ErrNotBipartite = errors.New("not a bipartite assignment instance")

// Solve solves g with algo and returns the solution and the algorithm
// used. The bipartite structure is: one source with supply W and one sink
// with -W; arcs source->worker of capacity 1 and cost 0, at most one per
// worker, and no more workers than W; worker->vacancy arcs (capacity at
// least 1, any cost in the int32 range); vacancy->sink arcs of cost 0 (the
// headcount); a way for unassigned workers' units to reach the sink at cost
// 0 (source->sink arcs of total capacity at least W, or a worker->sink arc
// for every worker); no other arcs, no lower bounds. Auto uses MaxWeight
// then, else SolveSimplex. It returns ErrNotBipartite when Bipartite is
// forced on another graph, and the errors of SolveSimplex and MaxWeight;
// all wrapped.
func Solve(g *Graph, algo Algorithm) (*Solution, Algorithm, error) {
	if err := g.Check(); err != nil {
		return nil, algo, err
	}
	switch algo {
	case Simplex:
		sol, err := SolveSimplex(g)
		return sol, Simplex, err
	case Auto, Bipartite:
		b := recognise(g)
		if b == nil {
			if algo == Bipartite {
				return nil, algo, fmt.Errorf("solve: %w", ErrNotBipartite)
			}
			sol, err := SolveSimplex(g)
			return sol, Simplex, err
		}
		res, err := MaxWeight(b.a, Options{})
		if errors.Is(err, ErrTooLarge) && algo == Auto {
			sol, err := SolveSimplex(g)
			return sol, Simplex, err
		}
		if err != nil {
			return nil, Bipartite, err
		}
		return b.solution(res), Bipartite, nil
	}
	return nil, algo, fmt.Errorf("solve: unknown algorithm %q", algo)
}
