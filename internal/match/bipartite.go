package match

import (
	"errors"
	"fmt"
	"math/bits"
)

// Assignment is a maximum-weight bipartite b-matching instance: workers,
// vacancies with a headcount, and for each worker a list of candidate
// vacancies with an integer score. Arcs are stored by worker (CSR): worker
// i's candidates are Vacancy[Start[i]:Start[i+1]] with scores
// Score[Start[i]:Start[i+1]]. A worker may list a vacancy more than once
// (the best score counts).
type Assignment struct {
	Workers  int
	Capacity []int32 // per vacancy: its headcount
	Start    []int32 // len Workers+1, Start[0] = 0, non-decreasing
	Vacancy  []int32 // per arc: 0-based vacancy index
	Score    []int32 // per arc
}

// Options changes what MaxWeight maximises.
type Options struct {
	// Priority, when not nil (one flag per worker), places as many
	// flagged workers as possible first, then maximises the total score
	// among the assignments that do: a lexicographic objective.
	Priority []bool
}

// Result is an optimal assignment.
type Result struct {
	Vacancy        []int32 // per worker: the vacancy, -1 when unassigned
	Arc            []int32 // per worker: the arc used (index into Vacancy/Score), -1 when unassigned
	Total          int64   // the total score
	Placed         int     // workers assigned
	PriorityPlaced int     // priority workers assigned (0 without Options.Priority)
	Stats          Stats
}

// Stats describes the work MaxWeight did, for progress displays.
type Stats struct {
	Phases       int   // ε-scaling phases
	Bids         int64 // forward bids (a worker claiming a seat)
	Reverse      int64 // reverse steps (a vacancy with a free seat claiming a worker or lowering its price)
	Reassessed   int64 // assignments dropped at phase starts because they no longer were ε-optimal
	Repriced     int64 // seats made cheaper at phase starts instead
	PriorityUnit int64 // the bonus B added to priority workers' scores (0 without priority)
}

// ErrAssignment reports an inconsistent Assignment or Options.
var ErrAssignment = errors.New("invalid assignment instance")

// Check returns an error wrapping ErrAssignment when a is inconsistent.
func (a *Assignment) Check() error {
	if a.Workers < 0 || len(a.Start) != a.Workers+1 {
		return fmt.Errorf("start has %d entries for %d workers: %w", len(a.Start), a.Workers, ErrAssignment)
	}
	m := len(a.Vacancy)
	if len(a.Score) != m || a.Start[0] != 0 || int(a.Start[a.Workers]) != m {
		return fmt.Errorf("%d vacancies and %d scores for %d arcs: %w", m, len(a.Score), a.Start[a.Workers], ErrAssignment)
	}
	for i := 0; i < a.Workers; i++ {
		if a.Start[i] > a.Start[i+1] {
			return fmt.Errorf("worker %d: start decreases: %w", i, ErrAssignment)
		}
	}
	v := int32(len(a.Capacity))
	for k, j := range a.Vacancy {
		if j < 0 || j >= v {
			return fmt.Errorf("arc %d: vacancy %d out of range 0..%d: %w", k, j, v-1, ErrAssignment)
		}
	}
	for j, c := range a.Capacity {
		if c < 0 {
			return fmt.Errorf("vacancy %d: negative capacity %d: %w", j, c, ErrAssignment)
		}
	}
	return nil
}

// MaxWeight returns an assignment of maximum total score (with
// Options.Priority: of maximum priority count, then maximum score): each
// worker on at most one of its candidate vacancies, each vacancy at most
// its capacity. A worker stays unassigned rather than take a score below 0;
// arcs of score 0 (for workers without priority) are never used, which
// changes no total. The result is exact: the solver proves it with a dual
// solution before returning. It returns ErrAssignment for an inconsistent
// instance and ErrTooLarge when the scores are too large for its 64-bit
// arithmetic; both wrapped.
func MaxWeight(a *Assignment, opt Options) (*Result, error) {
	if err := a.Check(); err != nil {
		return nil, err
	}
	if opt.Priority != nil && len(opt.Priority) != a.Workers {
		return nil, fmt.Errorf("%d priority flags for %d workers: %w", len(opt.Priority), a.Workers, ErrAssignment)
	}
	s, err := newAuction(a, opt)
	if err != nil {
		return nil, err
	}
	s.solve()
	if err := s.certify(); err != nil {
		return nil, err
	}
	return s.result(), nil
}

// The solver is an ε-scaling auction over seats: vacancy j has
// min(Capacity[j], candidates) seats, each with a price; a worker's value
// for j is its (scaled) score minus the cheapest seat of j, and the dummy
// "unassigned" option is worth 0 at a price fixed at 0.
//
// Exactness: scores are multiplied by M = (workers with a candidate) + 1
// and the last phase runs with ε = 1. At the end of a phase every assigned
// worker's value is within ε of its best option (counting "unassigned" at
// 0), every unassigned worker's best option is worth at most ε, and every
// free seat has price 0. Then the dual solution (each worker's best value,
// clamped at 0; the seat prices) is feasible and exceeds the assignment's
// value by at most (workers)·ε < M, and as both the assignment's value and
// the optimum are multiples of M, the assignment is optimal. certify
// recomputes that gap from scratch after the last phase.
//
// The free-seat condition is the asymmetric part: a phase starts from the
// previous phase's prices and keeps every assignment that is still
// ε-optimal, so a seat left by a dropped worker keeps (at least) its
// vacancy's cheapest price and may find no bidder. After the forward bids,
// a reverse step serves each vacancy with such a seat: the outsiders who
// gain most by moving to it take its free seats, at the price that leaves
// the next outsider within ε, or, with no outsider gaining more than ε, the
// free seats drop to price 0. That keeps every worker ε-optimal and raises
// each moving worker's profit by at least ε, so it terminates.
type auction struct {
	a         *Assignment
	prio      []bool
	bonus     int64 // B: priority workers' scores are raised by it
	mult      int64 // M
	eps       int64
	seatStart []int32 // per vacancy, len V+1: its seats, a binary min-heap on price
	price     []int64 // per seat
	holder    []int32 // per seat: worker, -1 free
	minPrice  []int64 // per vacancy: its cheapest seat's price (noSeat when it has none)
	ws        []workerState
	hint      []bidHint // per worker, valid while prices only rise (one forward pass)
	queue     []int32
	rev       reverseIndex
	stats     Stats
}

// workerState is kept together because the reverse steps read it for
// workers in no particular order.
type workerState struct {
	profit int64 // value of its assignment (0 when unassigned)
	seat   int32 // -1 when unassigned
	arc    int32 // -1 when unassigned
}

const noSeat = int64(1) << 62

// bidHint spares a bidder the scan of all its arcs: while prices only rise
// (during the forward bids), the arcs other than its two best at its last
// scan are still worth at most what the third best was then. When one of
// the two is still worth that much, the bid needs nothing else: the best
// of the two wins, and the other or the bound stands for the second best
// (an upper bound only makes the bid smaller, and the bidder's profit
// stays within ε of its best). Rivals in a price war re-bid for the same
// two vacancies again and again.
type bidHint struct {
	a, b  int32 // arcs, -1 for none
	bound int64 // at least 0: staying unassigned is an option
}

func newAuction(a *Assignment, opt Options) (*auction, error) {
	w, v := a.Workers, len(a.Capacity)
	s := &auction{a: a, prio: opt.Priority}
	var maxScore uint64
	active := 0
	for i := 0; i < w; i++ {
		for k := a.Start[i]; k < a.Start[i+1]; k++ {
			maxScore = max(maxScore, absU(int64(a.Score[k])))
		}
		if a.Start[i] < a.Start[i+1] {
			active++
		}
	}
	if opt.Priority != nil {
		s.bonus = PriorityBonus(a, opt.Priority)
		s.stats.PriorityUnit = s.bonus
	}
	s.mult = int64(active) + 1
	hi, lo := bits.Mul64(maxScore+uint64(s.bonus), uint64(s.mult))
	if hi != 0 || lo > 1<<60 {
		return nil, fmt.Errorf("scores up to %d for %d workers: %w", maxScore, w, ErrTooLarge)
	}
	// Seats: no more per vacancy than workers who could want it.
	want := make([]int32, v)
	for i := 0; i < w; i++ {
		wb := s.workerBonus(i)
		for k := a.Start[i]; k < a.Start[i+1]; k++ {
			if int64(a.Score[k])+wb > 0 {
				want[a.Vacancy[k]]++
			}
		}
	}
	s.seatStart = make([]int32, v+1)
	for j := 0; j < v; j++ {
		s.seatStart[j+1] = s.seatStart[j] + min(a.Capacity[j], want[j])
	}
	seats := s.seatStart[v]
	s.price = make([]int64, seats)
	s.holder = make([]int32, seats)
	for k := range s.holder {
		s.holder[k] = -1
	}
	s.minPrice = make([]int64, v)
	for j := 0; j < v; j++ {
		if s.seatStart[j] == s.seatStart[j+1] {
			s.minPrice[j] = noSeat
		}
	}
	s.ws = make([]workerState, w)
	s.hint = make([]bidHint, w)
	for i := range s.ws {
		s.ws[i] = workerState{seat: -1, arc: -1}
		s.hint[i] = bidHint{a: -1, b: -1, bound: noSeat}
	}
	return s, nil
}

func (s *auction) workerBonus(i int) int64 {
	if s.prio != nil && s.prio[i] {
		return s.bonus
	}
	return 0
}

// scaleFactor is α, the ratio between consecutive phases' ε.
const scaleFactor = 8

func (s *auction) solve() {
	var maxValue int64
	for i := 0; i < s.a.Workers; i++ {
		wb := s.workerBonus(i)
		for k := s.a.Start[i]; k < s.a.Start[i+1]; k++ {
			maxValue = max(maxValue, (int64(s.a.Score[k])+wb)*s.mult)
		}
	}
	if maxValue <= 0 {
		return // nobody gains from any vacancy
	}
	s.eps = max(1, maxValue/scaleFactor)
	s.queue = s.queue[:0]
	for i := 0; i < s.a.Workers; i++ {
		s.queue = append(s.queue, int32(i))
	}
	for {
		s.stats.Phases++
		s.forward()
		s.reverse()
		if s.eps == 1 {
			return
		}
		s.eps = max(1, s.eps/scaleFactor)
		s.reassess()
	}
}

// best returns worker i's best and second-best values (the dummy counts as
// a 0 in both) and the arc of the best, -1 for the dummy.
func (s *auction) best(i int32) (v1, v2 int64, arc int32) {
	a := s.a
	wb, mult, minPrice := s.workerBonus(int(i)), s.mult, s.minPrice
	arc = -1
	lo, hi := a.Start[i], a.Start[i+1]
	vac := a.Vacancy[lo:hi]
	score := a.Score[lo:hi]
	score = score[:len(vac)]
	for k, j := range vac {
		// A score of 0 or less gives v <= 0 (prices are never negative),
		// which never beats the dummy's 0: no test needed.
		v := (int64(score[k])+wb)*mult - minPrice[j]
		if v > v2 {
			if v > v1 {
				v2, v1, arc = v1, v, lo+int32(k)
			} else {
				v2 = v
			}
		}
	}
	return v1, v2, arc
}

// scan returns worker i's best and second-best values (the dummy counts as
// a 0 in both) and the arc of the best, -1 for the dummy, and records the
// worker's bid hint.
func (s *auction) scan(i int32) (v1, v2 int64, arc int32) {
	a := s.a
	wb, mult, minPrice := s.workerBonus(int(i)), s.mult, s.minPrice
	lo, hi := a.Start[i], a.Start[i+1]
	vac := a.Vacancy[lo:hi]
	score := a.Score[lo:hi]
	score = score[:len(vac)]
	// The two best arcs and the third best value, the dummy's 0 among
	// the values.
	x1, x2, x3 := int64(-1)<<62, int64(-1)<<62, int64(0)
	k1, k2 := int32(-1), int32(-1)
	for k, j := range vac {
		v := (int64(score[k])+wb)*mult - minPrice[j]
		if v > x3 {
			switch {
			case v > x1:
				x3, x2, k2, x1, k1 = x2, x1, k1, v, lo+int32(k)
			case v > x2:
				x3, x2, k2 = x2, v, lo+int32(k)
			default:
				x3 = v
			}
		}
	}
	x3 = max(x3, 0)
	s.hint[i] = bidHint{a: k1, b: k2, bound: x3}
	if x1 <= 0 {
		return 0, 0, -1
	}
	return x1, max(x2, x3), k1
}

// bidValues is scan, from the bid hint when it suffices.
func (s *auction) bidValues(i int32) (v1, v2 int64, arc int32) {
	h := s.hint[i]
	if h.a < 0 {
		return s.scan(i)
	}
	a := s.a
	wb := s.workerBonus(int(i))
	va := (int64(a.Score[h.a])+wb)*s.mult - s.minPrice[a.Vacancy[h.a]]
	vb := int64(-1) << 62
	if h.b >= 0 {
		vb = (int64(a.Score[h.b])+wb)*s.mult - s.minPrice[a.Vacancy[h.b]]
	}
	k1, x1, x2 := h.a, va, vb
	if vb > va {
		k1, x1, x2 = h.b, vb, va
	}
	if x1 < h.bound {
		return s.scan(i)
	}
	if x1 <= 0 {
		return 0, 0, -1
	}
	return x1, max(x2, h.bound), k1
}

// forward runs bids until every worker in the queue holds a seat or has
// chosen to stay unassigned.
func (s *auction) forward() {
	a := s.a
	for len(s.queue) > 0 {
		i := s.queue[len(s.queue)-1]
		s.queue = s.queue[:len(s.queue)-1]
		v1, v2, arc := s.bidValues(i)
		if arc < 0 {
			s.ws[i].profit = 0
			continue
		}
		s.stats.Bids++
		j := a.Vacancy[arc]
		r := s.seatStart[j]
		// Another seat of the same vacancy is an alternative too.
		if c, hi := r+1, s.seatStart[j+1]; c < hi {
			p := s.price[c]
			if c+1 < hi {
				p = min(p, s.price[c+1])
			}
			v2 = max(v2, v1+s.minPrice[j]-p)
		}
		bid := s.minPrice[j] + (v1 - v2) + s.eps
		if h := s.holder[r]; h >= 0 {
			s.ws[h].seat = -1
			s.ws[h].arc = -1
			s.ws[h].profit = 0
			s.queue = append(s.queue, h)
		}
		s.holder[r] = i
		s.price[r] = bid
		s.ws[i].seat = r
		s.ws[i].arc = arc
		s.ws[i].profit = v2 - s.eps
		s.siftDown(j, r)
		s.minPrice[j] = s.price[r]
	}
}

// less orders seats in a vacancy's heap: by price, free seats first among
// equal prices, so that a bidder takes a free seat rather than displace a
// worker.
func (s *auction) less(x, y int32) bool {
	px, py := s.price[x], s.price[y]
	return px < py || (px == py && s.holder[x] < 0 && s.holder[y] >= 0)
}

func (s *auction) swapSeats(x, y int32) {
	s.price[x], s.price[y] = s.price[y], s.price[x]
	s.holder[x], s.holder[y] = s.holder[y], s.holder[x]
	if h := s.holder[x]; h >= 0 {
		s.ws[h].seat = x
	}
	if h := s.holder[y]; h >= 0 {
		s.ws[h].seat = y
	}
}

// siftDown restores vacancy j's heap after the seat at position p got
// dearer (or taken).
func (s *auction) siftDown(j int32, p int32) {
	lo, hi := s.seatStart[j], s.seatStart[j+1]
	for {
		c := lo + 2*(p-lo) + 1
		if c >= hi {
			return
		}
		if c+1 < hi && s.less(c+1, c) {
			c++
		}
		if !s.less(c, p) {
			return
		}
		s.swapSeats(c, p)
		p = c
	}
}

// siftUp restores vacancy j's heap after the seat at position p got
// cheaper (or freed).
func (s *auction) siftUp(j int32, p int32) {
	lo := s.seatStart[j]
	for p > lo {
		q := lo + (p-lo-1)/2
		if !s.less(p, q) {
			return
		}
		s.swapSeats(p, q)
		p = q
	}
}

// heapify rebuilds vacancy j's heap after its prices changed.
func (s *auction) heapify(j int32) {
	lo, hi := s.seatStart[j], s.seatStart[j+1]
	for p := lo + (hi-lo)/2; p >= lo; p-- {
		s.siftDown(j, p)
	}
	for p := lo; p < hi; p++ {
		if h := s.holder[p]; h >= 0 {
			s.ws[h].seat = p
		}
	}
	if lo < hi {
		s.minPrice[j] = s.price[lo]
	}
}

// reassess starts a phase: with the smaller ε, drop the assignments that
// are no longer ε-optimal and queue the unassigned workers who now gain
// more than ε from some vacancy. Seats keep their prices.
func (s *auction) reassess() {
	s.queue = s.queue[:0]
	for i := int32(0); int(i) < s.a.Workers; i++ {
		v1, _, _ := s.scan(i)
		if r := s.ws[i].seat; r >= 0 {
			if s.ws[i].profit >= v1-s.eps {
				continue
			}
			j := s.a.Vacancy[s.ws[i].arc]
			if val := s.ws[i].profit + s.price[r]; val-s.minPrice[j] >= v1-s.eps {
				// Only this seat is too dear, not the vacancy: charge
				// what keeps the worker within ε, still no less than
				// the vacancy's cheapest seat.
				s.price[r] = val - (v1 - s.eps)
				s.ws[i].profit = v1 - s.eps
				s.siftUp(j, r)
				s.stats.Repriced++
				continue
			}
			// The freed seat may cost as little as the vacancy's cheapest
			// without changing any worker's values: then the next bidder
			// takes it instead of displacing someone.
			s.holder[r] = -1
			s.price[r] = s.price[s.seatStart[j]]
			s.siftUp(j, r)
			s.ws[i].seat = -1
			s.ws[i].arc = -1
			s.ws[i].profit = 0
			s.stats.Reassessed++
		} else if v1 <= s.eps {
			continue
		}
		s.queue = append(s.queue, i)
	}
}

// certify checks the optimality certificate described on auction: the gap
// between the dual bound and the assignment's scaled value is below M.
func (s *auction) certify() error {
	a := s.a
	var dual, primal Int128
	for i := int32(0); int(i) < a.Workers; i++ {
		v1, _, _ := s.best(i)
		dual = dual.Add(Int128Of(v1))
		if k := s.ws[i].arc; k >= 0 {
			primal = primal.Add(Int128Of((int64(a.Score[k]) + s.workerBonus(int(i))) * s.mult))
		}
	}
	for r, p := range s.price {
		if p < 0 || (s.holder[r] < 0 && p != 0) {
			return fmt.Errorf("match: seat %d ends at price %d: %w", r, p, errUncertified)
		}
		dual = dual.Add(Int128Of(p))
	}
	gap := dual.Add(primal.Neg())
	if gap.Sign() < 0 || gap.Cmp(Int128Of(s.mult)) >= 0 {
		return fmt.Errorf("match: duality gap %v, want below %d: %w", gap, s.mult, errUncertified)
	}
	return nil
}

// errUncertified would mean a defect in the solver: it is never expected.
var errUncertified = errors.New("assignment not proven optimal")

func (s *auction) result() *Result {
	a := s.a
	res := &Result{Vacancy: make([]int32, a.Workers), Arc: make([]int32, a.Workers), Stats: s.stats}
	for i, st := range s.ws {
		k := st.arc
		res.Arc[i] = k
		if k < 0 {
			res.Vacancy[i] = -1
			continue
		}
		res.Vacancy[i] = a.Vacancy[k]
		res.Total += int64(a.Score[k])
		res.Placed++
		if s.prio != nil && s.prio[i] {
			res.PriorityPlaced++
		}
	}
	return res
}
