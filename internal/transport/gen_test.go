package transport

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"time"

	"laborbridge/internal/refdata"
)

// cst is China Standard Time, the planner's location in the tests.
var cst = time.FixedZone("CST", 8*3600)

// gatheringPoints are Shanxi's eleven prefecture cities with their resident
// populations in ten thousands (2020 census, rounded), which weight how many
// workers leave from each.
var gatheringPoints = []struct {
	name     string
	lat, lon float64
	people   float64
}{
	{"Taiyuan", 37.87, 112.55, 530},
	{"Datong", 40.08, 113.30, 311},
	{"Changzhi", 36.20, 113.12, 318},
	{"Yuncheng", 35.03, 111.01, 477},
	{"Linfen", 36.09, 111.52, 398},
	{"Lüliang", 37.52, 111.14, 340},
	{"Xinzhou", 38.42, 112.73, 269},
	{"Jinzhong", 37.69, 112.75, 338},
	{"Jincheng", 35.49, 112.85, 219},
	{"Shuozhou", 39.33, 112.43, 159},
	{"Yangquan", 37.86, 113.58, 132},
}

// destinations are the receiving cities, grouped by province, with the
// number of employer gates each has and its share of the province's workers.
var destinations = []struct {
	province string
	share    float64
	cities   []struct {
		name     string
		lat, lon float64
		gates    int
		weight   float64
	}
}{
	{"Beijing", 0.20, []struct {
		name     string
		lat, lon float64
		gates    int
		weight   float64
	}{{"Beijing", 39.90, 116.41, 12, 1}}},
	{"Jiangsu", 0.20, []struct {
		name     string
		lat, lon float64
		gates    int
		weight   float64
	}{{"Suzhou", 31.30, 120.62, 8, 0.5}, {"Nanjing", 32.06, 118.78, 5, 0.25}, {"Wuxi", 31.57, 120.28, 5, 0.25}}},
	{"Zhejiang", 0.14, []struct {
		name     string
		lat, lon float64
		gates    int
		weight   float64
	}{{"Hangzhou", 30.25, 120.17, 6, 0.6}, {"Ningbo", 29.88, 121.55, 5, 0.4}}},
	{"Guangdong", 0.20, []struct {
		name     string
		lat, lon float64
		gates    int
		weight   float64
	}{{"Guangzhou", 23.13, 113.26, 6, 0.3}, {"Dongguan", 23.05, 113.75, 8, 0.4}, {"Shenzhen", 22.55, 114.05, 6, 0.3}}},
	{"Shaanxi", 0.10, []struct {
		name     string
		lat, lon float64
		gates    int
		weight   float64
	}{{"Xi'an", 34.26, 108.94, 6, 1}}},
	{"Shandong", 0.16, []struct {
		name     string
		lat, lon float64
		gates    int
		weight   float64
	}{{"Jinan", 36.67, 116.98, 5, 0.45}, {"Qingdao", 36.12, 120.40, 5, 0.55}}},
}

// departureDays are the campaign's departure dates in January 2026 and the
// share of workers leaving on each (the 6th is the big day).
var departureDays = []struct {
	day   int
	share float64
}{{2, 0.12}, {4, 0.14}, {6, 0.24}, {9, 0.16}, {13, 0.18}, {17, 0.16}}

// instance generates a realistic campaign of n confirmed placements: workers
// from Shanxi's cities, in village groups of 1 to 6 (mostly to one gate, now
// and then a family across two gates of one city), to employers in six
// receiving provinces. Each city works with a handful of partner employers,
// so its flows concentrate on them, as labour-export partnerships do. The
// same seed gives the same instance.
func instance(n int, seed uint64) []Request { return campaignInstance(n, seed, 0.05) }

// campaignInstance is instance with the chance that a group member after
// the first works for another employer of the group's city.
func campaignInstance(n int, seed uint64, otherGate float64) []Request {
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	type gate struct {
		g      Gate
		city   int
		weight float64
	}
	var gates []gate
	var cityGates [][]int
	city := 0
	for _, prov := range destinations {
		for _, c := range prov.cities {
			var idx []int
			for k := range c.gates {
				// Gates spread within about 25 km of the city centre.
				lat := c.lat + (rng.Float64()-0.5)*0.4
				lon := c.lon + (rng.Float64()-0.5)*0.5
				idx = append(idx, len(gates))
				gates = append(gates, gate{
					g:      Gate{ID: fmt.Sprintf("%s-%02d", c.name, k+1), Name: fmt.Sprintf("%s employer %d", c.name, k+1), Lat: round4(lat), Lon: round4(lon)},
					city:   city,
					weight: prov.share * c.weight / float64(k+1), // a few large employers, many small
				})
			}
			cityGates = append(cityGates, idx)
			city++
		}
	}
	totalPeople := 0.0
	for _, o := range gatheringPoints {
		totalPeople += o.people
	}
	// Every city partners with a subset of the employers: each gate is a
	// partner with probability 1/3, and the weights are renormalised.
	partner := make([][]float64, len(gatheringPoints))
	for o := range gatheringPoints {
		partner[o] = make([]float64, len(gates))
		for g := range gates {
			if rng.Float64() < 1.0/3 {
				partner[o][g] = gates[g].weight * (0.5 + rng.Float64())
			}
		}
	}
	type key struct{ o, d int }
	reqs := map[key]*Request{}
	sizes := []int{1, 1, 1, 1, 2, 2, 2, 3, 3, 4, 4, 5, 6}
	worker := 0
	village := 0
	for worker < n {
		o := pickWeighted(rng, len(gatheringPoints), func(i int) float64 { return gatheringPoints[i].people / totalPeople })
		d := pickWeighted(rng, len(departureDays), func(i int) float64 { return departureDays[i].share })
		g := pickWeighted(rng, len(gates), func(i int) float64 { return partner[o][i] })
		k := key{o, d}
		r, ok := reqs[k]
		if !ok {
			op := gatheringPoints[o]
			r = &Request{
				ID:     fmt.Sprintf("%02d%02d", departureDays[d].day, o+1),
				Origin: Origin{ID: op.name, Name: op.name + " sports centre", Lat: op.lat, Lon: op.lon},
				Date:   time.Date(2026, 1, departureDays[d].day, 0, 0, 0, 0, cst),
			}
			reqs[k] = r
		}
		size := min(sizes[rng.IntN(len(sizes))], n-worker)
		village++
		grp := ""
		if size > 1 {
			grp = fmt.Sprintf("%s-village-%05d", gatheringPoints[o].name, village)
		}
		for m := range size {
			gi := g
			if m > 0 && rng.Float64() < otherGate {
				// A family member bound for another employer of the same city.
				same := cityGates[gates[g].city]
				gi = same[rng.IntN(len(same))]
			}
			worker++
			r.Passengers = append(r.Passengers, Passenger{ID: fmt.Sprintf("W%06d", worker), Group: grp, Gate: gates[gi].g.ID})
		}
	}
	all := make([]Gate, len(gates))
	for i, g := range gates {
		all[i] = g.g
	}
	return withGates(reqs, all)
}

// withGates gives each request the gates its passengers go to, in the
// order of all, and returns the requests by ID.
func withGates[K comparable](reqs map[K]*Request, all []Gate) []Request {
	var out []Request
	for _, r := range reqs {
		used := map[string]bool{}
		for _, p := range r.Passengers {
			used[p.Gate] = true
		}
		for _, g := range all {
			if used[g.ID] {
				r.Gates = append(r.Gates, g)
			}
		}
		out = append(out, *r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

func pickWeighted(rng *rand.Rand, n int, w func(int) float64) int {
	total := 0.0
	for i := range n {
		total += w(i)
	}
	x := rng.Float64() * total
	for i := range n {
		x -= w(i)
		if x < 0 {
			return i
		}
	}
	return n - 1
}

func round4(x float64) float64 { return math.Round(x*1e4) / 1e4 }

// demoCities are the demo's receiving cities (internal/demo): division code,
// province share of the partners and the city's weight within its province.
var demoCities = []struct {
	code   string
	share  float64
	weight float64
}{
	{"110100", 0.20, 1},
	{"330100", 0.18, 3}, {"330200", 0.18, 2}, {"330400", 0.18, 1.5}, {"330600", 0.18, 1.5}, {"330700", 0.18, 2},
	{"320500", 0.20, 4}, {"320100", 0.20, 2}, {"320200", 0.20, 2}, {"320400", 0.20, 1.5}, {"320600", 0.20, 1},
	{"440100", 0.18, 3}, {"440300", 0.18, 3}, {"441900", 0.18, 3}, {"440600", 0.18, 2}, {"442000", 0.18, 1},
	{"610100", 0.12, 5}, {"610400", 0.12, 1.5}, {"610300", 0.12, 1}, {"610800", 0.12, 1.5},
	{"370200", 0.12, 4}, {"370100", 0.12, 3}, {"370600", 0.12, 2}, {"370700", 0.12, 1.5},
}

// demoInstance generates n placements as the demo's January campaign gives
// them to the planner: gathering points at Shanxi's eleven cities on four
// dates a week apart; one gate per receiving city, at the city's point (the
// store makes every employer of a city one stop, since vacancies carry
// their city's point); and the group of a placement is its worker's
// village, as the store keys it, whichever city each member goes to. A
// village sends 2 to 30 people, most often a handful, mostly to one
// province, as internal/demo draws them. With byGate, a group is a village's
// members bound for one gate instead.
func demoInstance(n int, seed uint64, byGate bool) []Request {
	rng := rand.New(rand.NewPCG(seed, 0xde30))
	var gates []Gate
	province := map[string][]int{}
	var provinces []string
	for _, c := range demoCities {
		lat, lon, ok := refdata.Point(c.code)
		if !ok {
			continue
		}
		p := c.code[:2]
		if _, seen := province[p]; !seen {
			provinces = append(provinces, p)
		}
		province[p] = append(province[p], len(gates))
		gates = append(gates, Gate{ID: c.code, Name: c.code, Lat: lat, Lon: lon})
	}
	weight := func(g int) float64 {
		for _, c := range demoCities {
			if c.code == gates[g].ID {
				return c.weight
			}
		}
		return 0
	}
	share := func(p string) float64 {
		for _, c := range demoCities {
			if c.code[:2] == p {
				return c.share
			}
		}
		return 0
	}
	totalPeople := 0.0
	for _, o := range gatheringPoints {
		totalPeople += o.people
	}
	type key struct{ o, d int }
	reqs := map[key]*Request{}
	worker, village := 0, 0
	for worker < n {
		village++
		o := pickWeighted(rng, len(gatheringPoints), func(i int) float64 { return gatheringPoints[i].people / totalPeople })
		home := provinces[pickWeighted(rng, len(provinces), func(i int) float64 { return share(provinces[i]) })]
		d := rng.IntN(4)
		size := min(2+int(29*math.Pow(rng.Float64(), 3)), n-worker)
		grp := fmt.Sprintf("%s/village-%05d", gatheringPoints[o].name, village)
		for range size {
			p := home
			if rng.Float64() < 0.3 {
				p = provinces[pickWeighted(rng, len(provinces), func(i int) float64 { return share(provinces[i]) })]
			}
			cs := province[p]
			g := cs[pickWeighted(rng, len(cs), func(i int) float64 { return weight(cs[i]) })]
			dd := d
			if rng.Float64() < 0.2 {
				dd = rng.IntN(4) // a start date in another week
			}
			k := key{o, dd}
			r, ok := reqs[k]
			if !ok {
				op := gatheringPoints[o]
				r = &Request{
					ID:     fmt.Sprintf("%02d%02d", 5+7*dd, o+1),
					Origin: Origin{ID: op.name, Name: op.name + " sports centre", Lat: op.lat, Lon: op.lon},
					Date:   time.Date(2026, 1, 5+7*dd, 0, 0, 0, 0, cst),
				}
				reqs[k] = r
			}
			worker++
			group := grp
			if byGate {
				group += "/" + gates[g].ID
			}
			r.Passengers = append(r.Passengers, Passenger{ID: fmt.Sprintf("W%06d", worker), Group: group, Gate: gates[g].ID})
		}
	}
	return withGates(reqs, gates)
}
