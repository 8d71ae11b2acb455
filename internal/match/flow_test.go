package match

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// refSolve is an independent reference for small graphs: unboundedness as
// a negative cycle among infinite-capacity arcs (reported before
// infeasibility, as LEMON does), feasibility by augmenting paths from a
// super source, optimality by cancelling negative cycles found with
// Bellman-Ford. It shares no code with the solvers.
func refSolve(g *Graph) (Status, int64) {
	n := g.Nodes
	supply := g.SupplyVector()
	var total int64
	for _, b := range supply {
		total += b
	}
	if total != 0 {
		return Infeasible, 0
	}
	// Residual graph with lower bounds moved into the supplies; infinite
	// capacities become big (no optimum of a bounded instance needs more).
	big := int64(1)
	for a := range g.Tail {
		if g.Cap[a] != Inf {
			big += g.Cap[a] - g.LowOf(a)
		}
		big += 2 * max(g.LowOf(a), -g.LowOf(a))
	}
	for _, b := range supply {
		big += max(b, -b)
	}
	type edge struct {
		to   int
		cap  int64
		cost int64
		rev  int
	}
	adj := make([][]edge, n+2)
	type fwd struct {
		u, i int
		c    int64
	}
	var arcs []fwd
	addEdge := func(u, v int, c, cost int64) {
		arcs = append(arcs, fwd{u, len(adj[u]), c})
		adj[u] = append(adj[u], edge{v, c, cost, len(adj[v])})
		adj[v] = append(adj[v], edge{u, 0, -cost, len(adj[u]) - 1})
	}
	base := int64(0)
	for a := range g.Tail {
		u, v, low := int(g.Tail[a]), int(g.Head[a]), g.LowOf(a)
		base += low * g.Cost[a]
		c := big
		if g.Cap[a] != Inf {
			c = g.Cap[a] - low
		}
		supply[u] -= low
		supply[v] += low
		if u != v {
			addEdge(u, v, c, g.Cost[a])
		} else if g.Cost[a] < 0 {
			base += c * g.Cost[a]
		}
	}
	real := len(arcs)
	src, snk := n, n+1
	need := int64(0)
	for u, b := range supply {
		if b > 0 {
			addEdge(src, u, b, 0)
			need += b
		} else if b < 0 {
			addEdge(u, snk, -b, 0)
		}
	}
	// Unbounded: a negative cycle of infinite arcs (self-loops included).
	dist := make([][]int64, n)
	const inf = int64(1) << 60
	for i := range dist {
		dist[i] = make([]int64, n)
		for j := range dist[i] {
			dist[i][j] = inf
		}
	}
	for a := range g.Tail {
		if g.Cap[a] == Inf {
			u, v := g.Tail[a], g.Head[a]
			dist[u][v] = min(dist[u][v], g.Cost[a])
		}
	}
	for k := 0; k < n; k++ {
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				if dist[i][k] < inf && dist[k][j] < inf && dist[i][k]+dist[k][j] < dist[i][j] {
					dist[i][j] = dist[i][k] + dist[k][j]
				}
			}
		}
	}
	for i := 0; i < n; i++ {
		if dist[i][i] < 0 {
			return Unbounded, 0
		}
	}
	// Feasibility: max flow by BFS augmenting paths.
	for need > 0 {
		prev := make([][2]int, n+2)
		for i := range prev {
			prev[i] = [2]int{-1, -1}
		}
		prev[src] = [2]int{src, -1}
		q := []int{src}
		for len(q) > 0 && prev[snk][0] < 0 {
			u := q[0]
			q = q[1:]
			for i, e := range adj[u] {
				if e.cap > 0 && prev[e.to][0] < 0 {
					prev[e.to] = [2]int{u, i}
					q = append(q, e.to)
				}
			}
		}
		if prev[snk][0] < 0 {
			return Infeasible, 0
		}
		f := need
		for v := snk; v != src; v = prev[v][0] {
			f = min(f, adj[prev[v][0]][prev[v][1]].cap)
		}
		for v := snk; v != src; v = prev[v][0] {
			e := &adj[prev[v][0]][prev[v][1]]
			e.cap -= f
			adj[v][e.rev].cap += f
		}
		need -= f
	}
	// Cancel negative cycles among the real nodes.
	for {
		d := make([]int64, n)
		pre := make([][2]int, n)
		for i := range pre {
			pre[i] = [2]int{-1, -1}
		}
		x := -1
		for it := 0; it < n; it++ {
			x = -1
			for u := 0; u < n; u++ {
				for i, e := range adj[u] {
					if e.to < n && e.cap > 0 && d[u]+e.cost < d[e.to] {
						d[e.to] = d[u] + e.cost
						pre[e.to] = [2]int{u, i}
						x = e.to
					}
				}
			}
		}
		if x < 0 {
			break
		}
		for i := 0; i < n; i++ {
			x = pre[x][0]
		}
		f := big
		for v := x; ; {
			e := adj[pre[v][0]][pre[v][1]]
			f = min(f, e.cap)
			if v = pre[v][0]; v == x {
				break
			}
		}
		for v := x; ; {
			e := &adj[pre[v][0]][pre[v][1]]
			e.cap -= f
			adj[v][e.rev].cap += f
			if v = pre[v][0]; v == x {
				break
			}
		}
	}
	cost := base
	for _, f := range arcs[:real] {
		e := adj[f.u][f.i]
		cost += (f.c - e.cap) * e.cost
	}
	return Optimal, cost
}

// checkFlow verifies bounds, conservation and the claimed cost.
func checkFlow(t *testing.T, g *Graph, sol *Solution) {
	t.Helper()
	bal := make([]int64, g.Nodes)
	for a, f := range sol.Flow {
		if f < g.LowOf(a) || f > g.Cap[a] {
			t.Fatalf("arc %d: flow %d outside [%d, %d]", a, f, g.LowOf(a), g.Cap[a])
		}
		bal[g.Tail[a]] += f
		bal[g.Head[a]] -= f
	}
	sup := g.SupplyVector()
	for u := range bal {
		if bal[u] != sup[u] {
			t.Fatalf("node %d: net outflow %d, supply %d", u+1, bal[u], sup[u])
		}
	}
	if c := CostOf(g, sol.Flow); c != sol.Cost {
		t.Fatalf("cost of flow %v, claimed %v", c, sol.Cost)
	}
}

func randomGraph(r *rand.Rand, maxN, maxM int) *Graph {
	n := 1 + r.IntN(maxN)
	g := &Graph{Nodes: n}
	m := r.IntN(maxM + 1)
	for range m {
		u, v := int32(r.IntN(n)), int32(r.IntN(n))
		low := int64(0)
		if r.IntN(5) == 0 {
			low = int64(r.IntN(3))
		}
		c := low + int64(r.IntN(6))
		if r.IntN(6) == 0 {
			c = Inf
		}
		g.AddArc(u, v, low, c, int64(r.IntN(21)-8))
	}
	sup := make([]int64, n)
	for range r.IntN(1 + n/2) {
		a, b := r.IntN(n), r.IntN(n)
		x := int64(1 + r.IntN(6))
		sup[a] += x
		sup[b] -= x
	}
	if r.IntN(15) == 0 {
		sup[r.IntN(n)]++
	}
	for u, b := range sup {
		if b != 0 || r.IntN(8) == 0 {
			g.Supplies = append(g.Supplies, Supply{Node: int32(u), Amount: b})
		}
	}
	return g
}

func TestSolveSimplexRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	counts := map[Status]int{}
	for i := range 30000 {
		maxN, maxM := 7, 15
		if i%3 == 0 {
			maxN, maxM = 30, 120
		}
		g := randomGraph(r, maxN, maxM)
		wantStatus, wantCost := refSolve(g)
		sol, err := SolveSimplex(g)
		if err != nil {
			t.Fatalf("case %d: SolveSimplex: %v", i, err)
		}
		counts[wantStatus]++
		if sol.Status != wantStatus {
			var b strings.Builder
			WriteDIMACS(&b, g)
			t.Fatalf("case %d: SolveSimplex status = %v, want %v\n%s", i, sol.Status, wantStatus, b.String())
		}
		if wantStatus != Optimal {
			continue
		}
		checkFlow(t, g, sol)
		if c, _ := sol.Cost.Int64(); c != wantCost {
			var b strings.Builder
			WriteDIMACS(&b, g)
			t.Fatalf("case %d: SolveSimplex cost = %d, want %d\n%s", i, c, wantCost, b.String())
		}
	}
	for _, s := range []Status{Optimal, Infeasible, Unbounded} {
		if counts[s] < 100 {
			t.Errorf("only %d random cases were %v: the generator misses a case", counts[s], s)
		}
	}
	t.Logf("statuses: %v", counts)
}
