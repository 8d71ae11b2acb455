package match

import (
	"math/bits"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
)

// The hard filters, in the order they are applied. A pair's stage is the
// first filter it fails (stPass when none); a worker without a candidate is
// told the filter at which the set of vacancies still open to them became
// empty, which is the largest stage over all vacancies considered.
const (
	stOccupation int8 = iota + 1
	stHeadcount
	stRegion
	stCertificate
	stYears
	stAge
	stWage
	stStart
	stPass
)

// vtable holds vacancies' filter fields in one order, as parallel slices of
// small integers, so that a scan touches a few cache lines per vacancy.
type vtable struct {
	vid     []int32 // the vacancy's index in the run's input
	mid     []int32
	wageMax []int32
	ageMin  []int16
	ageMax  []int16 // noBound when the vacancy sets none
	cert    []int8
	years   []int16
	start   []int32
	startY  []int16
	startMD []int16
	ben     []int32
	sufBen  []int32 // the largest ben from here to the end of the group
}

func newVTable(in *input, order []int32) vtable {
	n := len(order)
	t := vtable{
		vid: order, mid: make([]int32, n), wageMax: make([]int32, n), ageMin: make([]int16, n),
		ageMax: make([]int16, n), cert: make([]int8, n), years: make([]int16, n), start: make([]int32, n),
		startY: make([]int16, n), startMD: make([]int16, n), ben: make([]int32, n), sufBen: make([]int32, n),
	}
	for k, j := range order {
		v := &in.vacs[j]
		t.mid[k] = in.vMid[j]
		t.wageMax[k] = int32(v.WageMax)
		t.ageMin[k] = int16(v.AgeMin)
		t.ageMax[k] = noBound
		if v.AgeMax > 0 {
			t.ageMax[k] = int16(v.AgeMax)
		}
		t.cert[k] = int8(v.CertLevel)
		t.years[k] = int16(v.MinYears)
		t.start[k], t.startY[k], t.startMD[k] = in.vStart[j], in.vStartY[j], in.vStartMD[j]
		t.ben[k] = in.vBen[j]
		t.sufBen[k] = t.ben[k]
	}
	return t
}

// wctx is what the filters and the score need of one worker.
type wctx struct {
	i       int32
	occ     int32
	cert    int8
	years   int16
	by, bmd int16
	retire  int16
	minWage int32
	avail   int32
	home    int32
	wish    uint64
	sameOcc bool // the vacancies being scanned are in the worker's occupation
}

func (in *input) ctx(i int32) wctx {
	w := &in.workers[i]
	return wctx{
		i: i, occ: in.wOcc[i], cert: int8(w.CertLevel), years: int16(w.Years),
		by: in.wBirthY[i], bmd: in.wBirthMD[i], retire: retirementAge(w.Male),
		minWage: int32(w.MinWage), avail: in.wAvail[i], home: in.wHome[i], wish: in.wWish[i],
	}
}

// stage returns the first personal filter (certificate, years, age, wage,
// start date) that vacancy k of t fails for w, or stPass.
func (t *vtable) stage(w *wctx, k int32) int8 {
	if c := t.cert[k]; c > 0 && (!w.sameOcc || w.cert == 0 || w.cert > c) {
		return stCertificate
	}
	if w.years < t.years[k] {
		return stYears
	}
	if a := ageAt(t.startY[k], t.startMD[k], w.by, w.bmd); a < t.ageMin[k] || a > t.ageMax[k] ||
		a < minWorkingAge || a > w.retire {
		return stAge
	}
	if w.minWage > t.wageMax[k] {
		return stWage
	}
	if w.avail > t.start[k] {
		return stStart
	}
	return stPass
}

// vgroup is a run of the index's vacancies with one occupation, province
// and workplace point, sorted by the middle of the wage range, falling.
// Its fields bound what its vacancies can offer, so that a whole group is
// passed over when it cannot beat the candidates found already or when one
// filter fails for all of its vacancies.
type vgroup struct {
	from, to             int32
	place                int32
	occ                  int32
	maxMid, maxBen       int32
	minCert, maxCert     int8
	minYears             int16
	minAgeMin, maxAgeMax int16
	earlyY, earlyMD      int16 // the earliest start
	lateY, lateMD        int16 // the latest start
	maxWage              int32
	lateStart            int32
}

// bound returns the first personal filter that every vacancy of g fails
// for w, or stPass when some vacancy might pass them all.
func (g *vgroup) bound(w *wctx) int8 {
	if g.minCert > 0 && (g.occ != w.occ || w.cert == 0 || w.cert > g.maxCert) {
		return stCertificate
	}
	if w.years < g.minYears {
		return stYears
	}
	// Age only grows with the start date.
	if a := ageAt(g.earlyY, g.earlyMD, w.by, w.bmd); a > g.maxAgeMax || a > w.retire {
		return stAge
	}
	if a := ageAt(g.lateY, g.lateMD, w.by, w.bmd); a < g.minAgeMin || a < minWorkingAge {
		return stAge
	}
	if w.minWage > g.maxWage {
		return stWage
	}
	if w.avail > g.lateStart {
		return stStart
	}
	return stPass
}

// span is the groups of one occupation in one province.
type span struct {
	from, to       int32
	maxMid, maxBen int32
}

// index finds the vacancies of an occupation in a province, grouped by
// workplace, with bounds at each level. It holds open vacancies only.
type index struct {
	t        vtable
	groups   []vgroup
	spans    []span // by occupation*slots + slot
	slots    int
	occSlots []uint64 // per occupation: the slots with open vacancies
	maxDist  []int32  // by home*slots + slot: the most distance points in the province
	total    []int32  // per occupation: vacancies, open or full
	open     []int32  // by occupation*slots + slot: open vacancies
}

func newIndex(in *input) *index {
	ns := len(in.slots)
	no := len(in.occs)
	ix := &index{slots: ns, spans: make([]span, no*ns), occSlots: make([]uint64, no),
		total: make([]int32, no), open: make([]int32, no*ns)}
	var order []int32
	for j := range in.vacs {
		ix.total[in.vOcc[j]]++
		if in.vacs[j].Open > 0 {
			order = append(order, int32(j))
			ix.open[int(in.vOcc[j])*ns+int(in.vSlot[j])]++
		}
	}
	slices.SortFunc(order, func(a, b int32) int {
		switch {
		case in.vOcc[a] != in.vOcc[b]:
			return int(in.vOcc[a] - in.vOcc[b])
		case in.vSlot[a] != in.vSlot[b]:
			return int(in.vSlot[a] - in.vSlot[b])
		case in.vPlace[a] != in.vPlace[b]:
			return int(in.vPlace[a] - in.vPlace[b])
		case in.vMid[a] != in.vMid[b]:
			return int(in.vMid[b] - in.vMid[a])
		}
		return int(a - b)
	})
	ix.t = newVTable(in, order)
	t := &ix.t
	placeInSlot := make([][]bool, ns)
	for k := 0; k < len(order); {
		j := order[k]
		occ, slot, place := in.vOcc[j], in.vSlot[j], in.vPlace[j]
		e := k
		for e < len(order) && in.vOcc[order[e]] == occ && in.vSlot[order[e]] == slot && in.vPlace[order[e]] == place {
			e++
		}
		g := vgroup{from: int32(k), to: int32(e), place: place, occ: occ, maxMid: t.mid[k],
			minCert: t.cert[k], maxCert: t.cert[k], minYears: t.years[k], minAgeMin: t.ageMin[k], maxAgeMax: t.ageMax[k],
			earlyY: t.startY[k], earlyMD: t.startMD[k], lateY: t.startY[k], lateMD: t.startMD[k],
			maxWage: t.wageMax[k], lateStart: t.start[k]}
		early := t.start[k]
		for x := e - 2; x >= k; x-- {
			t.sufBen[x] = max(t.sufBen[x], t.sufBen[x+1])
		}
		for x := k; x < e; x++ {
			g.minCert, g.maxCert = min(g.minCert, t.cert[x]), max(g.maxCert, t.cert[x])
			g.minYears = min(g.minYears, t.years[x])
			g.minAgeMin, g.maxAgeMax = min(g.minAgeMin, t.ageMin[x]), max(g.maxAgeMax, t.ageMax[x])
			g.maxWage = max(g.maxWage, t.wageMax[x])
			if t.start[x] < early {
				early, g.earlyY, g.earlyMD = t.start[x], t.startY[x], t.startMD[x]
			}
			if t.start[x] > g.lateStart {
				g.lateStart, g.lateY, g.lateMD = t.start[x], t.startY[x], t.startMD[x]
			}
		}
		g.maxBen = t.sufBen[k]
		sp := &ix.spans[int(occ)*ns+int(slot)]
		if ix.occSlots[occ]&(1<<slot) == 0 {
			ix.occSlots[occ] |= 1 << slot
			*sp = span{from: int32(len(ix.groups)), to: int32(len(ix.groups))}
		}
		sp.to++
		sp.maxMid, sp.maxBen = max(sp.maxMid, g.maxMid), max(sp.maxBen, g.maxBen)
		ix.groups = append(ix.groups, g)
		if placeInSlot[slot] == nil {
			placeInSlot[slot] = make([]bool, in.places)
		}
		placeInSlot[slot][place] = true
		k = e
	}
	ix.maxDist = make([]int32, in.homes*ns)
	for h := 0; h < in.homes; h++ {
		for s, places := range placeInSlot {
			for q, ok := range places {
				if ok {
					ix.maxDist[h*ns+s] = max(ix.maxDist[h*ns+s], in.dist(int32(h), int32(q)))
				}
			}
		}
	}
	return ix
}

// choose fills vac and score (length K) with worker i's K best candidate
// vacancies by score, in no particular order, and returns how many it
// found. Vacancies of equal score are taken in the order of the scan.
// Without a candidate it returns what the filters left (see diag).
//
// The scan visits the related occupations, then the wished provinces,
// then the workplaces, then the vacancies by wage, falling; once K
// candidates are held, a province, workplace or rest of a workplace whose
// bound cannot beat the weakest of them is passed over, so a worker in a
// trade with thousands of vacancies scores a few dozen of them.
func (ix *index) choose(in *input, i int32, vac, score []int32) (int, diag) {
	w := in.ctx(i)
	wk := &in.workers[i]
	wt := &in.p.Weights
	t := &ix.t
	k := len(vac)
	n := 0
	var d diag
	ns := ix.slots
	for _, r := range in.occs[w.occ].rel {
		tconst := wt.workerPoints(wk, r.rel)
		w.sameOcc = r.occ == w.occ
		for mask := w.wish & ix.occSlots[r.occ]; mask != 0; mask &= mask - 1 {
			slot := bits.TrailingZeros64(mask)
			sp := &ix.spans[int(r.occ)*ns+slot]
			if n == k && tconst+ix.maxDist[int(w.home)*ns+slot]+wt.wagePoints(sp.maxMid, w.minWage)+sp.maxBen <= score[0] {
				continue
			}
			for gi := sp.from; gi < sp.to; gi++ {
				g := &ix.groups[gi]
				gconst := tconst + in.dist(w.home, g.place)
				if n == k && gconst+wt.wagePoints(g.maxMid, w.minWage)+g.maxBen <= score[0] {
					continue
				}
				if st := g.bound(&w); st != stPass {
					if n == 0 && st >= d.best {
						for x := g.from; x < g.to; x++ {
							d.record(t.stage(&w, x), t, x, &w)
						}
					}
					continue
				}
				for x := g.from; x < g.to; x++ {
					wp := wt.wagePoints(t.mid[x], w.minWage)
					if n == k && gconst+wp+t.sufBen[x] <= score[0] {
						break
					}
					if st := t.stage(&w, x); st != stPass {
						if n == 0 {
							d.record(st, t, x, &w)
						}
						continue
					}
					s := gconst + wp + t.ben[x]
					switch {
					case n < k:
						vac[n], score[n] = t.vid[x], s
						n++
						heapUp(vac, score, n-1)
					case s > score[0]:
						vac[0], score[0] = t.vid[x], s
						heapDown(vac[:n], score[:n], 0)
					}
				}
			}
		}
	}
	return n, d
}

// heapUp and heapDown keep vac and score a min-heap on score.
func heapUp(vac, score []int32, c int) {
	for c > 0 {
		p := (c - 1) / 2
		if score[p] <= score[c] {
			return
		}
		vac[p], vac[c] = vac[c], vac[p]
		score[p], score[c] = score[c], score[p]
		c = p
	}
}

func heapDown(vac, score []int32, p int) {
	n := len(score)
	for {
		c := 2*p + 1
		if c >= n {
			return
		}
		if c+1 < n && score[c+1] < score[c] {
			c++
		}
		if score[p] <= score[c] {
			return
		}
		vac[p], vac[c] = vac[c], vac[p]
		score[p], score[c] = score[c], score[p]
		p = c
	}
}

// chooseListed fills vac and score with the vacancies of worker i's own
// ranking that pass every hard filter, in the worker's order.
func (in *input) chooseListed(all *vtable, i int32, ranked []int32, vac, score []int32) (int, diag) {
	w := in.ctx(i)
	wt := &in.p.Weights
	n := 0
	var d diag
	for _, j := range ranked {
		rel := relation(in.occs[w.occ].code, in.occs[in.vOcc[j]].code)
		var st int8
		switch {
		case int(rel) < in.p.MinRelated:
			st = stOccupation
		case in.vacs[j].Open <= 0:
			st = stHeadcount
		case w.wish&(1<<in.vSlot[j]) == 0:
			st = stRegion
		default:
			w.sameOcc = in.vOcc[j] == w.occ
			st = all.stage(&w, j)
		}
		if st != stPass {
			if n == 0 {
				d.record(st, all, j, &w)
			}
			continue
		}
		vac[n] = j
		score[n] = wt.workerPoints(&in.workers[i], rel) + in.dist(w.home, in.vPlace[j]) +
			wt.wagePoints(in.vMid[j], w.minWage) + in.vBen[j]
		n++
	}
	return n, d
}

// candidates returns every worker's candidates as arcs grouped by worker
// (not yet in the order of preference), and the workers left without one
// with the reason.
func candidates(in *input) (start, vac, score []int32, none []Unplaced, err error) {
	nw := len(in.workers)
	slot := make([]int64, nw+1)
	var ix *index
	var all vtable
	if in.p.Ranks != nil {
		for i, r := range in.p.Ranks {
			slot[i+1] = slot[i] + int64(len(r))
		}
		all = newVTable(in, identity(len(in.vacs)))
	} else {
		ix = newIndex(in)
		for i := range nw {
			slot[i+1] = slot[i] + int64(in.p.Candidates)
		}
	}
	vac = make([]int32, slot[nw])
	score = make([]int32, slot[nw])
	count := make([]int32, nw)
	const chunk = 512
	out := make([][]Unplaced, (nw+chunk-1)/chunk)
	parallel(nw, chunk, func(c, lo, hi int) {
		var rd reasonText
		for i := lo; i < hi; i++ {
			v, s := vac[slot[i]:slot[i+1]], score[slot[i]:slot[i+1]]
			var n int
			var d diag
			if ix != nil {
				n, d = ix.choose(in, int32(i), v, s)
			} else {
				n, d = in.chooseListed(&all, int32(i), in.p.Ranks[i], v, s)
			}
			count[i] = int32(n)
			if n == 0 {
				reason, detail := rd.noCandidate(in, ix, int32(i), &d)
				out[c] = append(out[c], Unplaced{Worker: int32(i), Reason: reason, Detail: detail})
			}
		}
	})
	// Close the gaps left by short lists, in place: each list moves down.
	start = make([]int32, nw+1)
	var m int64
	for i := range nw {
		n := int64(count[i])
		if m+n > maxArcs32 {
			return nil, nil, nil, nil, errTooManyArcs(m + n)
		}
		copy(vac[m:m+n], vac[slot[i]:slot[i]+n])
		copy(score[m:m+n], score[slot[i]:slot[i]+n])
		m += n
		start[i+1] = int32(m)
	}
	if m < int64(len(vac))/2 {
		vac, score = slices.Clone(vac[:m]), slices.Clone(score[:m])
	} else {
		vac, score = vac[:m:m], score[:m:m]
	}
	for _, u := range out {
		none = append(none, u...)
	}
	return start, vac, score, none, nil
}

func identity(n int) []int32 {
	s := make([]int32, n)
	for i := range s {
		s[i] = int32(i)
	}
	return s
}

// parallel runs fn over [0, n) in chunks on every processor. Each chunk
// writes only its own slots, so the result does not depend on scheduling.
func parallel(n, chunk int, fn func(c, lo, hi int)) {
	chunks := (n + chunk - 1) / chunk
	procs := min(runtime.GOMAXPROCS(0), chunks)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range procs {
		wg.Go(func() {
			for {
				c := int(next.Add(1) - 1)
				if c >= chunks {
					return
				}
				fn(c, c*chunk, min(c*chunk+chunk, n))
			}
		})
	}
	wg.Wait()
}
