package match

import (
	"bytes"
	"math"
	"math/rand/v2"
	"sort"
	"testing"
)

// genMatching builds an instance shaped like the benchmark generator's
// (gen-matching.py): 150 occupations in families of 10, 30 regions,
// popular occupations and big cities, headcounts with P(h) ~ h^-1.5 on
// 1..200 (seats about 0.57 W), and K candidates per worker drawn from the
// same occupation and region (40%), the same occupation (35%), the same
// family (17%) or anywhere (8%), scored 0..1000 as there. Same model, not
// the same random numbers.
func genMatching(seed uint64, w, v, k int) *Assignment {
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	const occs, regions = 150, 30
	occW := make([]float64, occs)
	for o := range occW {
		occW[o] = 1 / math.Pow(float64(o+1), 0.8)
	}
	regW := make([]float64, regions)
	var rx, ry [regions]float64
	for g := range regW {
		regW[g] = 1 / float64(g+1)
		rx[g], ry[g] = r.Float64(), r.Float64()
	}
	hW := make([]float64, 200)
	for h := range hW {
		hW[h] = math.Pow(float64(h+1), -1.5)
	}
	pick := func(cum []float64) int {
		return sort.SearchFloat64s(cum, r.Float64()*cum[len(cum)-1])
	}
	cumul := func(ws []float64) []float64 {
		c := make([]float64, len(ws))
		s := 0.0
		for i, x := range ws {
			s += x
			c[i] = s
		}
		return c
	}
	occC, regC, hC := cumul(occW), cumul(regW), cumul(hW)
	vocc, vreg := make([]int, v), make([]int, v)
	vlev := make([]float64, v)
	a := &Assignment{Workers: w, Capacity: make([]int32, v), Start: make([]int32, w+1)}
	byOcc := make([][]int32, occs)
	byFam := make([][]int32, occs/10)
	byOccReg := map[[2]int][]int32{}
	for j := 0; j < v; j++ {
		vocc[j], vreg[j] = pick(occC), pick(regC)
		a.Capacity[j] = int32(pick(hC) + 1)
		vlev[j] = r.Float64()
		byOcc[vocc[j]] = append(byOcc[vocc[j]], int32(j))
		byFam[vocc[j]/10] = append(byFam[vocc[j]/10], int32(j))
		byOccReg[[2]int{vocc[j], vreg[j]}] = append(byOccReg[[2]int{vocc[j], vreg[j]}], int32(j))
	}
	factor := make([]float64, occs)
	for o := range factor {
		factor[o] = occW[o] * (0.3 + 1.4*r.Float64())
	}
	wOccC := cumul(factor)
	all := make([]int32, v)
	for j := range all {
		all[j] = int32(j)
	}
	k = min(k, v)
	chosen := map[int32]bool{}
	for i := 0; i < w; i++ {
		o, g, lev := pick(wOccC), pick(regC), r.Float64()
		clear(chosen)
		var list []int32
		for misses := 0; len(list) < k; {
			var pool []int32
			switch t := r.Float64(); {
			case misses >= 2*k || t >= 0.92:
				pool = all
			case t < 0.40:
				pool = byOccReg[[2]int{o, g}]
			case t < 0.75:
				pool = byOcc[o]
			default:
				pool = byFam[o/10]
			}
			if len(pool) == 0 {
				misses++
				continue
			}
			j := pool[r.IntN(len(pool))]
			if chosen[j] {
				misses++
				continue
			}
			chosen[j] = true
			list = append(list, j)
		}
		sort.Slice(list, func(x, y int) bool { return list[x] < list[y] })
		for _, j := range list {
			s := 100
			switch {
			case vocc[j] == o:
				s = 600
			case vocc[j]/10 == o/10:
				s = 350
			}
			if vreg[j] == g {
				s += 250
			} else {
				d := math.Hypot(rx[g]-rx[vreg[j]], ry[g]-ry[vreg[j]])
				s += max(0, int(200-300*d))
			}
			s += int(150 * (1 - math.Abs(lev-vlev[j])))
			s += int(200*r.Float64()) - 100
			a.Vacancy = append(a.Vacancy, j)
			a.Score = append(a.Score, int32(min(1000, max(0, s))))
		}
		a.Start[i+1] = int32(len(a.Vacancy))
	}
	return a
}

func benchMaxWeight(b *testing.B, w int, opt func(a *Assignment) Options) {
	a := genMatching(1, w, w/20, 30)
	o := opt(a)
	var res *Result
	b.ResetTimer()
	for b.Loop() {
		var err error
		if res, err = MaxWeight(a, o); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(a.Vacancy)), "arcs")
	b.ReportMetric(float64(res.Stats.Bids), "bids")
	b.ReportMetric(float64(res.Stats.Phases), "phases")
}

func noOptions(*Assignment) Options { return Options{} }

func everyThirdPriority(a *Assignment) Options {
	p := make([]bool, a.Workers)
	for i := range p {
		p[i] = i%3 == 0
	}
	return Options{Priority: p}
}

func BenchmarkMaxWeight20k(b *testing.B)          { benchMaxWeight(b, 20_000, noOptions) }
func BenchmarkMaxWeight100k(b *testing.B)         { benchMaxWeight(b, 100_000, noOptions) }
func BenchmarkMaxWeight20kPriority(b *testing.B)  { benchMaxWeight(b, 20_000, everyThirdPriority) }
func BenchmarkMaxWeight100kPriority(b *testing.B) { benchMaxWeight(b, 100_000, everyThirdPriority) }

func BenchmarkSolveSimplex20k(b *testing.B) {
	g, err := genMatching(1, 20_000, 1_000, 30).Graph(Options{})
	if err != nil {
		b.Fatal(err)
	}
	var sol *Solution
	for b.Loop() {
		if sol, err = SolveSimplex(g); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(sol.Pivots), "pivots")
}

func BenchmarkReadDIMACS(b *testing.B) {
	g, err := genMatching(1, 20_000, 1_000, 30).Graph(Options{})
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteDIMACS(&buf, g); err != nil {
		b.Fatal(err)
	}
	text := buf.Bytes()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		if _, err := ReadDIMACS(bytes.NewReader(text), int64(len(text))); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWriteDIMACS(b *testing.B) {
	g, err := genMatching(1, 20_000, 1_000, 30).Graph(Options{})
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := WriteDIMACS(&buf, g); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(buf.Len()))
}

// TestGenMatchingShape keeps the benchmark instances honest: the seat
// supply and the optimum's fill are in the range of the generator's.
func TestGenMatchingShape(t *testing.T) {
	a := genMatching(1, 5000, 250, 30)
	var seats int64
	for _, c := range a.Capacity {
		seats += int64(c)
	}
	if ratio := float64(seats) / float64(a.Workers); ratio < 0.35 || ratio > 0.8 {
		t.Errorf("seats per worker = %.2f, want about 0.57", ratio)
	}
	res, err := MaxWeight(a, Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkAssignment(t, a, Options{}, res)
	if res.Placed == 0 || int64(res.Placed) > seats {
		t.Errorf("placed %d of %d seats", res.Placed, seats)
	}
}
