package match

import (
	"math"
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

// vtable holds vacancies' filter and score fields in one order, a row of
// small integers per vacancy that fits half a cache line: scans jump from
// group to group, so a vacancy should cost one memory access.
type vtable struct {
	rows []vrow
}

type vrow struct {
	vid     int32 // the vacancy's index in the run's input
	mid     int32
	wageMax int32
	start   int32
	ben     int32
	ageMin  int16
	ageMax  int16 // noBound when the vacancy sets none
	years   int16
	startY  int16
	startMD int16
	cert    int8
}

func newVTable(in *input, order []int32) vtable {
	t := vtable{rows: make([]vrow, len(order))}
	for k, j := range order {
		v := &in.vacs[j]
		r := &t.rows[k]
		*r = vrow{vid: j, mid: in.vMid[j], wageMax: int32(v.WageMax), start: in.vStart[j], ben: in.vBen[j],
			ageMin: int16(v.AgeMin), ageMax: noBound, years: int16(v.MinYears), startY: in.vStartY[j],
			startMD: in.vStartMD[j], cert: int8(v.CertLevel)}
		if v.AgeMax > 0 {
			r.ageMax = int16(v.AgeMax)
		}
	}
	return t
}

// wctx is what the filters and the score need of one worker.
type wctx struct {
	occ      int32
	home     int32 // row of the distance tables; the last row is "no point"
	wish     uint64
	avail    int32 // the first day the worker can start
	minWage  int32
	by, bmd  int16 // birth year, month*32 + day
	years    int16
	retire   int16
	cert     int8
	skill    int8
	priority bool
	sameOcc  bool // the vacancies being scanned are in the worker's occupation
}

func (in *input) ctx(i int32) wctx { return in.wc[i] }

// stage returns the first personal filter (certificate, years, age, wage,
// start date) that vacancy k of t fails for w, or stPass.
func (t *vtable) stage(w *wctx, k int32) int8 {
	r := &t.rows[k]
	if r.cert > 0 && (!w.sameOcc || w.cert == 0 || w.cert > r.cert) {
		return stCertificate
	}
	if w.years < r.years {
		return stYears
	}
	if a := ageAt(r.startY, r.startMD, w.by, w.bmd); a < r.ageMin || a > r.ageMax || a < minWorkingAge || a > w.retire {
		return stAge
	}
	if w.minWage > r.wageMax {
		return stWage
	}
	if w.avail > r.start {
		return stStart
	}
	return stPass
}

// vgroup is the index's vacancies of one occupation, province and
// workplace point. Its fields bound what its vacancies can offer, so that
// a whole group is passed over when it cannot beat the candidates found
// already or when one filter fails for all of its vacancies.
type vgroup struct {
	from, to             int32 // positions in the index's vtable
	place                int32
	occ                  int32
	maxMid, maxBen       int32
	minCert, maxCert     int8
	minReq               int8 // the strictest required level (the smallest above 0), 0 when none requires one
	minYears, maxYears   int16
	minAgeMin, maxAgeMin int16
	minAgeMax, maxAgeMax int16
	earlyY, earlyMD      int16 // the earliest start
	lateY, lateMD        int16 // the latest start
	minWage, maxWage     int32 // of the vacancies' highest wages
	earlyStart           int32
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

// floor returns the first personal filter that some vacancy of g may fail
// for w: every vacancy passes the filters before it.
func (g *vgroup) floor(w *wctx) int8 {
	if g.maxCert > 0 && (g.occ != w.occ || w.cert == 0 || w.cert > g.minReq) {
		return stCertificate
	}
	if w.years < g.maxYears {
		return stYears
	}
	if a := ageAt(g.lateY, g.lateMD, w.by, w.bmd); a > g.minAgeMax || a > w.retire {
		return stAge
	}
	if a := ageAt(g.earlyY, g.earlyMD, w.by, w.bmd); a < g.maxAgeMin || a < minWorkingAge {
		return stAge
	}
	if w.minWage > g.minWage {
		return stWage
	}
	if w.avail > g.earlyStart {
		return stStart
	}
	return stPass
}

// recordGroup records every vacancy of g at stage st, which they all fail
// at (g.floor and g.bound agree), from the group's bounds.
func (d *diag) recordGroup(st int8, g *vgroup, w *wctx) {
	if st == stPass || st < d.best {
		return
	}
	if st > d.best {
		*d = diag{best: st, a: math.MaxInt32, b: math.MinInt32, lo: math.MaxInt32, hi: math.MinInt32}
	}
	d.n += g.to - g.from
	switch st {
	case stCertificate:
		d.b = max(d.b, int32(g.maxCert))
	case stYears:
		d.a = min(d.a, int32(g.minYears))
	case stAge:
		early, late := int32(ageAt(g.earlyY, g.earlyMD, w.by, w.bmd)), int32(ageAt(g.lateY, g.lateMD, w.by, w.bmd))
		d.a, d.b = min(d.a, early), max(d.b, late)
		d.lo, d.hi = min(d.lo, int32(g.minAgeMin)), max(d.hi, int32(g.maxAgeMax))
		if early < minWorkingAge {
			d.legal |= 1
		}
		if late > int32(w.retire) {
			d.legal |= 2
		}
	case stWage:
		d.b = max(d.b, g.maxWage)
	case stStart:
		d.b = max(d.b, g.lateStart)
	}
}

// span is the groups of one occupation in one province.
type span struct {
	from, to       int32
	maxMid, maxBen int32
}

// index finds the open vacancies of an occupation in a province, grouped
// by workplace, with bounds at each level.
//
// A vacancy's score for a worker is the worker's part, the distance part
// of the workplace and the vacancy's benefits and wage parts. The wage
// part falls as the worker's wish rises, so the index keeps one order per
// wish level w0 (a multiple of wageStep): each group's vacancies by their
// benefits plus the wage part for a wish of w0, and each province's groups
// by the first of theirs, falling. For a worker wishing w0 or more these
// keys bound what the rest of a group or province can offer, and the scan
// stops where they cannot beat the K-th best candidate found.
type index struct {
	t        vtable
	groups   []vgroup
	spans    []span // by occupation*slots + slot
	slots    int
	occSlots []uint64 // per occupation: the slots with open vacancies
	maxDist  []int32  // by home*slots + slot: the most distance points in the province
	total    []int32  // per occupation: vacancies, open or full
	open     []int32  // by occupation*slots + slot: open vacancies
	wageStep int
	levels   []level
	// dgroups split the groups into the vacancies that ask for neither
	// a certificate nor years and the others: the first kind fail every
	// worker at the same filter more often, which lets diagnose count
	// them without a scan.
	dgroups []vgroup
	dspans  []span
}

type level struct {
	vs []ventry // each group's range of t, sorted by key, falling
	gs []gentry // each span's range of groups, sorted by key, falling
}

type ventry struct{ x, key int32 }

type gentry struct{ g, place, key int32 }

// wageLevels is how many wish levels the index keeps orders for.
const wageLevels = 32

func newGroup(t *vtable, from, to, place, occ int32) vgroup {
	k := from
	g := vgroup{from: from, to: to, place: place, occ: occ,
		minCert: t.rows[k].cert, maxCert: t.rows[k].cert, minYears: t.rows[k].years, maxYears: t.rows[k].years,
		minAgeMin: t.rows[k].ageMin, maxAgeMin: t.rows[k].ageMin, minAgeMax: t.rows[k].ageMax, maxAgeMax: t.rows[k].ageMax,
		earlyY: t.rows[k].startY, earlyMD: t.rows[k].startMD, lateY: t.rows[k].startY, lateMD: t.rows[k].startMD,
		minWage: t.rows[k].wageMax, maxWage: t.rows[k].wageMax, earlyStart: t.rows[k].start, lateStart: t.rows[k].start}
	for x := from; x < to; x++ {
		g.maxMid, g.maxBen = max(g.maxMid, t.rows[x].mid), max(g.maxBen, t.rows[x].ben)
		g.minCert, g.maxCert = min(g.minCert, t.rows[x].cert), max(g.maxCert, t.rows[x].cert)
		if c := t.rows[x].cert; c > 0 && (g.minReq == 0 || c < g.minReq) {
			g.minReq = c
		}
		g.minYears, g.maxYears = min(g.minYears, t.rows[x].years), max(g.maxYears, t.rows[x].years)
		g.minAgeMin, g.maxAgeMin = min(g.minAgeMin, t.rows[x].ageMin), max(g.maxAgeMin, t.rows[x].ageMin)
		g.minAgeMax, g.maxAgeMax = min(g.minAgeMax, t.rows[x].ageMax), max(g.maxAgeMax, t.rows[x].ageMax)
		g.minWage, g.maxWage = min(g.minWage, t.rows[x].wageMax), max(g.maxWage, t.rows[x].wageMax)
		if t.rows[x].start < g.earlyStart {
			g.earlyStart, g.earlyY, g.earlyMD = t.rows[x].start, t.rows[x].startY, t.rows[x].startMD
		}
		if t.rows[x].start > g.lateStart {
			g.lateStart, g.lateY, g.lateMD = t.rows[x].start, t.rows[x].startY, t.rows[x].startMD
		}
	}
	return g
}

func newIndex(in *input) *index {
	ns := len(in.slots)
	no := len(in.occs)
	ix := &index{slots: ns, spans: make([]span, no*ns), dspans: make([]span, no*ns), occSlots: make([]uint64, no),
		total: make([]int32, no), open: make([]int32, no*ns)}
	var order []int32
	for j := range in.vacs {
		ix.total[in.vOcc[j]]++
		if in.vacs[j].Open > 0 {
			order = append(order, int32(j))
			ix.open[int(in.vOcc[j])*ns+int(in.vSlot[j])]++
		}
	}
	asks := func(j int32) int32 {
		if in.vacs[j].CertLevel > 0 || in.vacs[j].MinYears > 0 {
			return 1
		}
		return 0
	}
	slices.SortFunc(order, func(a, b int32) int {
		switch {
		case in.vOcc[a] != in.vOcc[b]:
			return int(in.vOcc[a] - in.vOcc[b])
		case in.vSlot[a] != in.vSlot[b]:
			return int(in.vSlot[a] - in.vSlot[b])
		case in.vPlace[a] != in.vPlace[b]:
			return int(in.vPlace[a] - in.vPlace[b])
		case asks(a) != asks(b):
			return int(asks(a) - asks(b))
		}
		return int(a - b)
	})
	ix.t = newVTable(in, order)
	t := &ix.t
	wt := &in.p.Weights
	placeInSlot := make([][]bool, ns)
	for k := 0; k < len(order); {
		j := order[k]
		occ, slot, place := in.vOcc[j], in.vSlot[j], in.vPlace[j]
		e := k
		for e < len(order) && in.vOcc[order[e]] == occ && in.vSlot[order[e]] == slot && in.vPlace[order[e]] == place {
			e++
		}
		g := newGroup(t, int32(k), int32(e), place, occ)
		at := int(occ)*ns + int(slot)
		if ix.occSlots[occ]&(1<<slot) == 0 {
			ix.occSlots[occ] |= 1 << slot
			ix.spans[at] = span{from: int32(len(ix.groups)), to: int32(len(ix.groups))}
			ix.dspans[at] = span{from: int32(len(ix.dgroups)), to: int32(len(ix.dgroups))}
		}
		sp := &ix.spans[at]
		sp.to++
		sp.maxMid, sp.maxBen = max(sp.maxMid, g.maxMid), max(sp.maxBen, g.maxBen)
		ix.groups = append(ix.groups, g)
		for d := k; d < e; {
			f := d
			for f < e && asks(order[f]) == asks(order[d]) {
				f++
			}
			ix.dgroups = append(ix.dgroups, newGroup(t, int32(d), int32(f), place, occ))
			ix.dspans[at].to++
			d = f
		}
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

	// The wish levels: every wageStep yuan up to the highest wish.
	most := 0
	for i := range in.workers {
		most = max(most, in.workers[i].MinWage)
	}
	ix.wageStep = max(100, (most/(wageLevels-1)+99)/100*100)
	ix.levels = make([]level, most/ix.wageStep+1)
	parallel(len(ix.levels), 1, func(_, lo, hi int) {
		for l := lo; l < hi; l++ {
			w0 := int32(l * ix.wageStep)
			lv := level{vs: make([]ventry, len(order)), gs: make([]gentry, len(ix.groups))}
			for x := range lv.vs {
				lv.vs[x] = ventry{int32(x), t.rows[x].ben + wt.wagePoints(t.rows[x].mid, w0)}
			}
			byKey := func(a, b ventry) int {
				if a.key != b.key {
					return int(b.key - a.key)
				}
				return int(a.x - b.x)
			}
			for gi, g := range ix.groups {
				slices.SortFunc(lv.vs[g.from:g.to], byKey)
				lv.gs[gi] = gentry{int32(gi), g.place, lv.vs[g.from].key}
			}
			for _, sp := range ix.spans {
				slices.SortFunc(lv.gs[sp.from:sp.to], func(a, b gentry) int {
					if a.key != b.key {
						return int(b.key - a.key)
					}
					return int(a.g - b.g)
				})
			}
			ix.levels[l] = lv
		}
	})
	return ix
}

// choose fills vac and score (length K) with worker i's K best candidate
// vacancies by score, in no particular order, and returns how many it
// found. Vacancies of equal score are taken in the order of the scan.
//
// The scan visits the related occupations (closest first), the wished
// provinces (the most promising first), their workplaces and their
// vacancies (see index); once K candidates are held, a province or
// workplace whose bound cannot beat the weakest of them is passed over, so
// a worker in a trade with thousands of vacancies looks at a few dozen.
func (ix *index) choose(in *input, i int32, vac, score []int32) int {
	w := in.ctx(i)
	wt := &in.p.Weights
	t := &ix.t
	lv := &ix.levels[min(int(w.minWage)/ix.wageStep, len(ix.levels)-1)]
	dist := in.distPts[int(w.home)*in.places : int(w.home+1)*in.places]
	k := len(vac)
	n := 0
	ns := ix.slots
	type slotBound struct {
		slot  int32
		bound int32
	}
	var slots [64]slotBound
	for _, r := range in.occs[w.occ].rel {
		tconst := wt.workerPoints(&w, r.rel)
		w.sameOcc = r.occ == w.occ
		// The wished provinces by their bound, highest first.
		m := 0
		for mask := w.wish & ix.occSlots[r.occ]; mask != 0; mask &= mask - 1 {
			s := bits.TrailingZeros64(mask)
			sp := &ix.spans[int(r.occ)*ns+s]
			b := slotBound{int32(s), tconst + ix.maxDist[int(w.home)*ns+s] + wt.wagePoints(sp.maxMid, w.minWage) + sp.maxBen}
			x := m
			for ; x > 0 && slots[x-1].bound < b.bound; x-- {
				slots[x] = slots[x-1]
			}
			slots[x] = b
			m++
		}
		for _, sb := range slots[:m] {
			if n == k && sb.bound <= score[0] {
				break
			}
			sp := &ix.spans[int(r.occ)*ns+int(sb.slot)]
			far := tconst + ix.maxDist[int(w.home)*ns+int(sb.slot)]
			for _, ge := range lv.gs[sp.from:sp.to] {
				gconst := tconst + dist[ge.place]
				if n == k {
					if far+ge.key <= score[0] {
						break
					}
					if gconst+ge.key <= score[0] {
						continue
					}
				}
				g := &ix.groups[ge.g]
				if g.bound(&w) != stPass {
					continue
				}
				for _, ve := range lv.vs[g.from:g.to] {
					if n == k && gconst+ve.key <= score[0] {
						break
					}
					x := ve.x
					if t.stage(&w, x) != stPass {
						continue
					}
					s := gconst + t.rows[x].ben + wt.wagePoints(t.rows[x].mid, w.minWage)
					switch {
					case n < k:
						vac[n], score[n] = t.rows[x].vid, s
						n++
						heapUp(vac, score, n-1)
					case s > score[0]:
						vac[0], score[0] = t.rows[x].vid, s
						heapDown(vac[:n], score[:n], 0)
					}
				}
			}
		}
	}
	return n
}

// diagnose returns, for worker i without a candidate, the furthest stage
// the index's vacancies reach (0 when it holds none for the worker's
// occupations and wished provinces). A group whose bound shows it stops
// short of the furthest stage seen is not scanned, nor one whose
// vacancies all stop at the same filter.
func (ix *index) diagnose(in *input, i int32) diag {
	wc := in.ctx(i)
	w := &wc
	t := &ix.t
	var d diag
	for _, r := range in.occs[w.occ].rel {
		w.sameOcc = r.occ == w.occ
		for mask := w.wish & ix.occSlots[r.occ]; mask != 0; mask &= mask - 1 {
			sp := &ix.dspans[int(r.occ)*ix.slots+bits.TrailingZeros64(mask)]
			for gi := sp.from; gi < sp.to; gi++ {
				g := &ix.dgroups[gi]
				top := g.bound(w)
				if top < d.best {
					continue
				}
				if top == g.floor(w) {
					d.recordGroup(top, g, w)
					continue
				}
				for x := g.from; x < g.to; x++ {
					d.record(t.stage(w, x), t, x, w)
				}
			}
		}
	}
	return d
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
		score[n] = wt.workerPoints(&w, rel) + in.dist(w.home, in.vPlace[j]) +
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
		if slot[nw] > maxArcs32 {
			return nil, nil, nil, nil, errTooManyArcs(slot[nw])
		}
		all = newVTable(in, identity(len(in.vacs)))
	} else {
		ix = newIndex(in)
		// No list is longer than the open vacancies.
		k := int64(min(in.p.Candidates, len(ix.t.rows)))
		if int64(nw)*k > maxArcs32 {
			return nil, nil, nil, nil, errTooManyArcs(int64(nw) * k)
		}
		for i := range nw {
			slot[i+1] = slot[i] + k
		}
	}
	vac = make([]int32, slot[nw])
	score = make([]int32, slot[nw])
	count := make([]int32, nw)
	const chunk = 512
	out := make([][]Unplaced, (nw+chunk-1)/chunk)
	seq := identity(nw)
	if ix != nil {
		seq = ix.byLevel(in)
	}
	parallel(nw, chunk, func(c, lo, hi int) {
		var rd reasonText
		for _, i := range seq[lo:hi] {
			v, s := vac[slot[i]:slot[i+1]], score[slot[i]:slot[i+1]]
			var n int
			var d diag
			if ix != nil {
				n = ix.choose(in, i, v, s)
				if n == 0 {
					d = ix.diagnose(in, i)
				}
			} else {
				n, d = in.chooseListed(&all, i, in.p.Ranks[i], v, s)
			}
			count[i] = int32(n)
			if n == 0 {
				reason, detail := rd.noCandidate(in, ix, i, &d)
				out[c] = append(out[c], Unplaced{Worker: i, Reason: reason, Detail: detail})
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
	slices.SortFunc(none, func(a, b Unplaced) int { return int(a.Worker - b.Worker) })
	return start, vac, score, none, nil
}

// byLevel returns the workers in the order the index serves best: by
// occupation and wish level, so that workers who walk the same spans and
// level orders come one after another and find them in the cache.
func (ix *index) byLevel(in *input) []int32 {
	nl := len(ix.levels)
	key := func(i int) int { return int(in.wc[i].occ)*nl + min(int(in.wc[i].minWage)/ix.wageStep, nl-1) }
	first := make([]int32, len(in.occs)*nl+1)
	for i := range in.workers {
		first[key(i)+1]++
	}
	for k := 1; k < len(first); k++ {
		first[k] += first[k-1]
	}
	seq := make([]int32, len(in.workers))
	for i := range in.workers {
		k := key(i)
		seq[first[k]] = int32(i)
		first[k]++
	}
	return seq
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
