package match

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
)

// Status is the outcome of a minimum-cost-flow solve.
type Status int8

// The outcomes, named as in LEMON and the DIMACS tools.
const (
	Optimal    Status = iota // a minimum-cost flow exists and was found
	Infeasible               // supplies do not sum to 0, or no flow meets them and the bounds
	Unbounded                // a negative-cost cycle of infinite capacity (reported even when no flow is feasible, as LEMON does)
)

// String returns the status as the DIMACS tools and LEMON print it.
func (s Status) String() string {
	switch s {
	case Optimal:
		return "OPTIMAL"
	case Infeasible:
		return "INFEASIBLE"
	case Unbounded:
		return "UNBOUNDED"
	}
	return fmt.Sprintf("Status(%d)", int8(s))
}

// Solution is the result of solving a Graph. Cost and Flow are set only
// when Status is Optimal; Flow is parallel to the graph's arcs.
type Solution struct {
	Status Status
	Cost   Int128
	Flow   []int64
	// Pivots counts the network simplex's pivots; Phases and Bids the
	// bipartite solver's ε-scaling phases and bids.
	Pivots int64
	Phases int
	Bids   int64
}

// ErrTooLarge reports numbers too large for the solvers' exact 64-bit
// arithmetic (costs times nodes, or supplies and capacities, near 2^62).
var ErrTooLarge = errors.New("numbers too large for exact 64-bit arithmetic")

// CostOf returns the cost of flow on g, exactly.
func CostOf(g *Graph, flow []int64) Int128 {
	var c Int128
	for a, f := range flow {
		if f != 0 {
			c = c.Add(Mul128(f, g.Cost[a]))
		}
	}
	return c
}

// SolveSimplex solves g with the primal network simplex method (block
// search pivots, strongly feasible trees, big-M artificial arcs). It
// returns ErrGraph for an inconsistent g and ErrTooLarge when the numbers
// could overflow 64-bit arithmetic; both wrapped.
func SolveSimplex(g *Graph) (*Solution, error) {
	if err := g.Check(); err != nil {
		return nil, err
	}
	s, status, err := newSimplex(g)
	if err != nil || status != Optimal {
		return &Solution{Status: status}, err
	}
	status = s.run()
	sol := &Solution{Status: status, Pivots: s.pivots}
	if status != Optimal {
		return sol, nil
	}
	for a := range g.Tail {
		if g.Tail[a] == g.Head[a] && g.Cost[a] < 0 && g.Cap[a] == Inf {
			sol.Status = Unbounded
			return sol, nil
		}
	}
	for u := 0; u < s.n; u++ {
		if s.flow[s.m+u] != 0 {
			sol.Status = Infeasible
			return sol, nil
		}
	}
	flow := make([]int64, s.m)
	for a := range flow {
		low := g.LowOf(a)
		flow[a] = s.flow[s.pos[a]] + low
		if g.Tail[a] == g.Head[a] && g.Cost[a] < 0 {
			// Self-loops stay out of the tree: saturate the profitable ones.
			flow[a] = g.Cap[a]
		}
	}
	sol.Flow = flow
	sol.Cost = CostOf(g, flow)
	return sol, nil
}

// Arc states: at the lower bound, in the spanning tree, at the upper bound.
// Fixed arcs (self-loops, zero capacity) have state 0 like tree arcs, so
// pricing, which multiplies by the state, never picks them.
const (
	stLower int8 = 1
	stTree  int8 = 0
	stUpper int8 = -1
)

// simplex holds the network simplex state. Arcs 0..m-1 are the graph's,
// in mixed order (flows shifted by the lower bounds), m+u is the
// artificial arc between node u and the root n.
type simplex struct {
	n, m       int
	pos        []int32 // per graph arc: its position here
	tail, head []int32 // per position: the graph's arcs
	cost       []int64
	cap        []int64 // m+n residual capacities (cap - low), Inf unbounded
	flow       []int64 // m+n
	state      []int8  // m
	artCost    int64

	pi                                  []int64 // n+1
	parent, pred, thread, revThread     []int32 // n+1
	succNum, lastSucc                   []int32 // n+1
	predUp                              []bool  // n+1: pred arc points from the node to its parent
	block, next                         int
	pivots                              int64
	path                                []int32
	pathLast, pathAfter, pathRev, pathN []int32
}

func newSimplex(g *Graph) (*simplex, Status, error) {
	n, m := g.Nodes, g.Arcs()
	supply := g.SupplyVector()
	var sum Int128
	for _, b := range supply {
		sum = sum.Add(Int128Of(b))
	}
	if sum.Sign() != 0 {
		return nil, Infeasible, nil
	}
	s := &simplex{n: n, m: m}
	// Arc mixing: arc a sits at position pos[a], spreading neighbouring
	// arcs (often of one node) over the blocks that pricing scans, so
	// that each block samples the whole graph.
	s.pos = make([]int32, m)
	skip := max(3, m/n)
	for a, p, start := 0, 0, 0; a < m; a++ {
		s.pos[a] = int32(p)
		if p += skip; p >= m {
			start++
			p = start
		}
	}
	s.tail = make([]int32, m)
	s.head = make([]int32, m)
	s.cost = make([]int64, m)
	s.cap = make([]int64, m+n)
	s.flow = make([]int64, m+n)
	s.state = make([]int8, m)
	var maxCost uint64
	var bound uint64 // sum of |supply| and finite capacities, saturating
	add := func(v uint64) {
		if bound += v; bound < v || bound > 1<<62 {
			bound = math.MaxUint64
		}
	}
	for a := 0; a < m; a++ {
		t, h := g.Tail[a], g.Head[a]
		low, c := g.LowOf(a), g.Cap[a]
		p := s.pos[a]
		s.tail[p], s.head[p], s.cost[p] = t, h, g.Cost[a]
		if c != Inf {
			r, ok := sub64(c, low)
			if !ok {
				return nil, Optimal, fmt.Errorf("arc %d: capacity %d minus lower bound %d: %w", a, c, low, ErrTooLarge)
			}
			c = r
			add(uint64(c))
		}
		s.cap[p] = c
		if t == h {
			continue // state 0: out of the simplex; SolveSimplex settles it
		}
		maxCost = max(maxCost, absU(g.Cost[a]))
		if low != 0 {
			var ok1, ok2 bool
			supply[t], ok1 = sub64(supply[t], low)
			supply[h], ok2 = add64(supply[h], low)
			if !ok1 || !ok2 {
				return nil, Optimal, fmt.Errorf("arc %d: lower bound %d: %w", a, low, ErrTooLarge)
			}
		}
		if c != 0 {
			s.state[p] = stLower
		}
	}
	for _, b := range supply {
		add(absU(b))
	}
	if bound == math.MaxUint64 {
		return nil, Optimal, fmt.Errorf("supplies and capacities sum beyond 2^62: %w", ErrTooLarge)
	}
	// An artificial arc must cost more than half any simple path of real
	// arcs, so that no optimum uses one when a feasible flow exists.
	hi, lo := bits.Mul64(maxCost+1, uint64(n)+1)
	if hi != 0 || lo > 1<<60 {
		return nil, Optimal, fmt.Errorf("arc costs up to %d on %d nodes: %w", maxCost, n, ErrTooLarge)
	}
	s.artCost = int64(lo)
	s.initTree(supply)
	s.block = max(10, int(math.Sqrt(float64(m))))
	return s, Optimal, nil
}

func add64(a, b int64) (int64, bool) {
	c := a + b
	return c, (c > a) == (b > 0)
}

func sub64(a, b int64) (int64, bool) {
	c := a - b
	return c, (c < a) == (b > 0)
}

func (s *simplex) initTree(supply []int64) {
	n, root := s.n, int32(s.n)
	s.pi = make([]int64, n+1)
	s.parent = make([]int32, n+1)
	s.pred = make([]int32, n+1)
	s.thread = make([]int32, n+1)
	s.revThread = make([]int32, n+1)
	s.succNum = make([]int32, n+1)
	s.lastSucc = make([]int32, n+1)
	s.predUp = make([]bool, n+1)
	for u := 0; u < n; u++ {
		e := s.m + u
		s.cap[e] = Inf
		s.parent[u] = root
		s.pred[u] = int32(e)
		s.thread[u] = int32(u + 1)
		s.revThread[u] = int32(u - 1)
		s.succNum[u] = 1
		s.lastSucc[u] = int32(u)
		if supply[u] >= 0 {
			// u -> root: zero flow points up, so the tree is strongly feasible.
			s.predUp[u] = true
			s.flow[e] = supply[u]
			s.pi[u] = -s.artCost
		} else {
			s.flow[e] = -supply[u]
			s.pi[u] = s.artCost
		}
	}
	s.parent[root] = -1
	s.pred[root] = -1
	s.thread[root] = 0
	s.revThread[0] = root
	s.thread[n-1] = root
	s.revThread[root] = int32(n - 1)
	s.succNum[root] = int32(n + 1)
	s.lastSucc[root] = int32(n - 1)
}

func (s *simplex) arcCost(e int32) int64 {
	if int(e) >= s.m {
		return s.artCost
	}
	return s.cost[e]
}

// findEntering returns an arc violating optimality, searching blocks of
// arcs from where the last search stopped and taking the worst of the
// first block that has one; -1 when the flow is optimal.
func (s *simplex) findEntering() int32 {
	m := s.m
	tail, head, cost, state, pi := s.tail[:m], s.head[:m], s.cost[:m], s.state[:m], s.pi
	best, minc := -1, int64(0)
	cnt := s.block
	e := s.next
	for k := 0; k < m; k++ {
		if st := state[e]; st != 0 {
			c := int64(st) * (cost[e] + pi[tail[e]] - pi[head[e]])
			if c < minc {
				minc, best = c, e
			}
		}
		e++
		if e == m {
			e = 0
		}
		if cnt--; cnt == 0 {
			if best >= 0 {
				s.next = e
				return int32(best)
			}
			cnt = s.block
		}
	}
	if best >= 0 {
		s.next = e
	}
	return int32(best)
}

func (s *simplex) run() Status {
	if s.m == 0 {
		return Optimal
	}
	for {
		in := s.findEntering()
		if in < 0 {
			return Optimal
		}
		s.pivots++
		if !s.pivot(in) {
			return Unbounded
		}
	}
}

// pivot brings arc in into the tree; false when the cycle it closes has
// infinite capacity (the problem is unbounded).
func (s *simplex) pivot(in int32) bool {
	var first, second int32
	if s.state[in] == stLower {
		first, second = s.tail[in], s.head[in]
	} else {
		first, second = s.head[in], s.tail[in]
	}
	// The join node: the lowest common ancestor of both ends.
	u, v := first, second
	for u != v {
		if s.succNum[u] < s.succNum[v] {
			u = s.parent[u]
		} else {
			v = s.parent[v]
		}
	}
	join := u

	// The leaving arc is the last blocking arc of the cycle, oriented along
	// the entering arc and read from the join node: strict comparisons on
	// the first side, non-strict on the second, keep the tree strongly
	// feasible (no cycling).
	delta := s.cap[in]
	side := 0
	var uOut int32
	for u := first; u != join; u = s.parent[u] {
		e := s.pred[u]
		d := s.flow[e]
		if !s.predUp[u] {
			d = residual(s.cap[e], d)
		}
		if d < delta {
			delta, uOut, side = d, u, 1
		}
	}
	for u := second; u != join; u = s.parent[u] {
		e := s.pred[u]
		d := s.flow[e]
		if s.predUp[u] {
			d = residual(s.cap[e], d)
		}
		if d <= delta {
			delta, uOut, side = d, u, 2
		}
	}
	if delta == Inf {
		return false
	}
	if delta > 0 {
		s.flow[in] += int64(s.state[in]) * delta
		for u := first; u != join; u = s.parent[u] {
			if s.predUp[u] {
				s.flow[s.pred[u]] -= delta
			} else {
				s.flow[s.pred[u]] += delta
			}
		}
		for u := second; u != join; u = s.parent[u] {
			if s.predUp[u] {
				s.flow[s.pred[u]] += delta
			} else {
				s.flow[s.pred[u]] -= delta
			}
		}
	}
	if side == 0 {
		s.state[in] = -s.state[in]
		return true
	}
	uIn, vIn := first, second
	if side == 2 {
		uIn, vIn = second, first
	}
	out := s.pred[uOut]
	if int(out) < s.m {
		if s.flow[out] == 0 {
			s.state[out] = stLower
		} else {
			s.state[out] = stUpper
		}
	}
	// Potentials of the moving subtree shift so that arc in costs 0 reduced.
	rc := s.cost[in] + s.pi[s.tail[in]] - s.pi[s.head[in]]
	sigma := rc
	if uIn == s.tail[in] {
		sigma = -rc
	}
	s.state[in] = stTree
	s.updateTree(in, uIn, vIn, uOut, join, sigma)
	return true
}

func residual(c, f int64) int64 {
	if c == Inf {
		return Inf
	}
	return c - f
}

// updateTree re-hangs the subtree rooted at uOut, whose pred arc leaves the
// tree, from the entering arc: the path uIn..uOut is reversed, the subtree's
// preorder is rebuilt rooted at uIn and spliced in after vIn.
func (s *simplex) updateTree(in, uIn, vIn, uOut, join int32, sigma int64) {
	thread, rev, last, parent := s.thread, s.revThread, s.lastSucc, s.parent
	// Old values along the path x0 = uIn, ..., xk = uOut.
	path := s.path[:0]
	pl, pa, pr, pn := s.pathLast[:0], s.pathAfter[:0], s.pathRev[:0], s.pathN[:0]
	for u := uIn; ; u = parent[u] {
		path = append(path, u)
		pl = append(pl, last[u])
		pa = append(pa, thread[last[u]])
		pr = append(pr, rev[u])
		pn = append(pn, s.succNum[u])
		if u == uOut {
			break
		}
	}
	s.path, s.pathLast, s.pathAfter, s.pathRev, s.pathN = path, pl, pa, pr, pn
	k := len(path) - 1
	oldRevOut, oldLastOut, oldAfter := pr[k], pl[k], pa[k]
	oldParentOut := parent[uOut]
	size := pn[k]

	// New preorder of the subtree: x0's own subtree, then for each x_i
	// the part of its old subtree before x_{i-1}'s and the part after it.
	tail := pl[0]
	for i := 1; i <= k; i++ {
		x := path[i]
		thread[tail], rev[x] = x, tail
		tail = pr[i-1]
		if pl[i] != pl[i-1] {
			b := pa[i-1]
			thread[tail], rev[b] = b, tail
			tail = pl[i]
		}
	}
	blockLast := tail
	// Cut the old block out, splice the new one in after vIn.
	thread[oldRevOut], rev[oldAfter] = oldAfter, oldRevOut
	nx := thread[vIn]
	thread[vIn], rev[uIn] = uIn, vIn
	thread[blockLast], rev[nx] = nx, blockLast

	// Reverse parents and pred arcs along the path.
	newParent, newPred, newUp := vIn, in, s.tail[in] == uIn
	for _, x := range path {
		oe, oup := s.pred[x], s.predUp[x]
		parent[x], s.pred[x], s.predUp[x] = newParent, newPred, newUp
		newParent, newPred, newUp = x, oe, !oup
	}

	// Subtree sizes.
	s.succNum[uIn] = size
	for i := 1; i <= k; i++ {
		s.succNum[path[i]] = size - pn[i-1]
	}
	for u := oldParentOut; u != join; u = parent[u] {
		s.succNum[u] -= size
	}
	for u := vIn; u != join; u = parent[u] {
		s.succNum[u] += size
	}

	// Last nodes of subtrees.
	for _, x := range path {
		last[x] = blockLast
	}
	for u := oldParentOut; u >= 0 && last[u] == oldLastOut; u = parent[u] {
		last[u] = oldRevOut
	}
	if last[vIn] == vIn {
		for u := vIn; u >= 0 && last[u] == vIn; u = parent[u] {
			last[u] = blockLast
		}
	}

	if sigma != 0 {
		for u := uIn; ; u = thread[u] {
			s.pi[u] += sigma
			if u == blockLast {
				break
			}
		}
	}
}
