package match

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"laborbridge/internal/refdata"
)

// synthDay is the day synthetic runs happen on.
var synthDay = time.Date(2026, 1, 6, 0, 0, 0, 0, time.UTC)

// synthSpec sizes a synthetic instance.
type synthSpec struct {
	workers, vacancies int
	occupations        int     // how many occupation codes, drawn with a skewed weight
	employers          int     // 0: vacancies/5
	openMax            int     // headcounts 1..openMax
	villages           int     // per county
	strict             float64 // share of vacancies with age, certificate or years requirements
}

// synthOccupations returns n occupation codes, clustered in few sub-major
// groups so that related occupations occur, most common first.
func synthOccupations(r *rand.Rand, n int) []string {
	all := refdata.Occupations()
	var groups []string // sub-major groups of the trades labour export sends people into
	for _, s := range []string{"51", "93", "83", "82", "71", "72", "81", "91", "96", "53", "94", "74", "75", "52", "54", "41", "43", "31"} {
		groups = append(groups, s)
	}
	var codes []string
	for _, g := range groups {
		for _, o := range all {
			if o.SubMajor == g {
				codes = append(codes, o.Code)
			}
		}
	}
	for _, o := range all {
		if !slices.Contains(codes, o.Code) && o.Major != "0" {
			codes = append(codes, o.Code)
		}
	}
	if n > len(codes) {
		n = len(codes)
	}
	// Keep the group order (related codes near each other) but shuffle
	// which of the first codes are the most common.
	codes = codes[:n]
	r.Shuffle(min(n, 20), func(a, b int) { codes[a], codes[b] = codes[b], codes[a] })
	return codes
}

// zipf draws an index in [0, n) with weight 1/(k+1).
type zipf struct{ cum []float64 }

func newZipf(n int) zipf {
	z := zipf{cum: make([]float64, n)}
	s := 0.0
	for k := range n {
		s += 1 / float64(k+1)
		z.cum[k] = s
	}
	return z
}

func (z zipf) draw(r *rand.Rand) int {
	x := r.Float64() * z.cum[len(z.cum)-1]
	k, _ := slices.BinarySearch(z.cum, x)
	return min(k, len(z.cum)-1)
}

// destinations are the six receiving provinces of the demo scenario.
var destinations = []string{"110000", "320000", "330000", "370000", "440000", "610000"}

func synthCities() []string {
	var cities []string
	for _, p := range destinations {
		for _, c := range refdata.Children(p) {
			if c.HasPoint {
				cities = append(cities, c.Code)
			}
		}
	}
	return cities
}

func synthCounties() []string {
	var counties []string
	for _, c := range refdata.Children("140000") {
		for _, k := range refdata.Children(c.Code) {
			counties = append(counties, k.Code)
		}
	}
	return counties
}

// synth makes a realistic instance: a skewed mix of occupations, workers
// from Shanxi's counties with wishes, vacancies in the cities of six
// receiving provinces.
func synth(seed uint64, s synthSpec) ([]Worker, []Vacancy) {
	r := rand.New(rand.NewPCG(seed, 17))
	occs := synthOccupations(r, s.occupations)
	z := newZipf(len(occs))
	cities, counties := synthCities(), synthCounties()
	cityZ := newZipf(len(cities))
	if s.employers == 0 {
		s.employers = max(1, s.vacancies/5)
	}
	if s.openMax == 0 {
		s.openMax = 20
	}
	if s.villages == 0 {
		s.villages = 30
	}
	workers := make([]Worker, s.workers)
	for i := range workers {
		w := &workers[i]
		w.Home = counties[r.IntN(len(counties))]
		w.Village = fmt.Sprintf("v%d", r.IntN(s.villages))
		w.Occupation = occs[z.draw(r)]
		w.SkillLevel = r.IntN(6)
		if r.IntN(3) == 0 {
			w.CertLevel = 1 + r.IntN(5)
		}
		w.Years = r.IntN(15)
		w.Birth = synthDay.AddDate(-18-r.IntN(42), -r.IntN(12), -r.IntN(28))
		w.Male = r.IntN(5) < 3
		w.Priority = r.IntN(7) == 0
		for range r.IntN(4) {
			p := destinations[r.IntN(len(destinations))]
			if !slices.Contains(w.WishRegions, p) {
				w.WishRegions = append(w.WishRegions, p)
			}
		}
		if r.IntN(5) > 0 {
			w.MinWage = 3000 + 100*r.IntN(50)
		}
		if r.IntN(3) == 0 {
			w.AvailableFrom = synthDay.AddDate(0, 0, r.IntN(60))
		}
	}
	vacs := make([]Vacancy, s.vacancies)
	for j := range vacs {
		v := &vacs[j]
		v.Employer = fmt.Sprintf("e%d", r.IntN(s.employers))
		v.Occupation = occs[z.draw(r)]
		v.Division = cities[cityZ.draw(r)]
		v.Open = r.IntN(s.openMax + 1)
		v.WageMin = 3500 + 100*r.IntN(50)
		v.WageMax = v.WageMin + 100*r.IntN(25)
		v.StartDate = synthDay.AddDate(0, 0, r.IntN(70)-10)
		if r.Float64() < s.strict {
			v.AgeMin = []int{0, 18, 20, 25}[r.IntN(4)]
			v.AgeMax = []int{0, 40, 45, 50, 55}[r.IntN(5)]
			if r.IntN(3) == 0 {
				v.CertLevel = 3 + r.IntN(3)
			}
			if r.IntN(3) == 0 {
				v.MinYears = 1 + r.IntN(5)
			}
		}
		v.Housing = r.IntN(2) == 0
		v.Meals = r.IntN(2) == 0
		v.TravelPaid = r.IntN(3) == 0
		if r.IntN(10) == 0 {
			lat, lon, _ := refdata.Point(v.Division)
			v.Lat, v.Lon = lat+r.Float64()*0.2-0.1, lon+r.Float64()*0.2-0.1
		}
	}
	return workers, vacs
}

// tinySynth makes a small instance dense in conflicts: few occupations of
// one sub-major group, few vacancies with small headcounts, requirements
// on half of them.
func tinySynth(r *rand.Rand, nw, nv int) ([]Worker, []Vacancy) {
	occs := []string{"5120", "5131", "5132", "5141", "9412"}
	regions := []string{"110000", "320000", "440000"}
	cities := []string{"110100", "320100", "320500", "440100", "440300"}
	counties := []string{"140105", "140821", "141102"}
	workers := make([]Worker, nw)
	for i := range workers {
		w := &workers[i]
		w.Home = counties[r.IntN(len(counties))]
		w.Village = []string{"", "a", "b"}[r.IntN(3)]
		w.Occupation = occs[r.IntN(3)]
		w.SkillLevel = r.IntN(6)
		w.CertLevel = r.IntN(6)
		w.Years = r.IntN(6)
		w.Birth = synthDay.AddDate(-17-r.IntN(45), -r.IntN(12), 0)
		w.Male = r.IntN(2) == 0
		w.Priority = r.IntN(3) == 0
		if r.IntN(2) == 0 {
			w.WishRegions = []string{regions[r.IntN(len(regions))]}
		}
		w.MinWage = []int{0, 4000, 5000, 6000}[r.IntN(4)]
		if r.IntN(4) == 0 {
			w.AvailableFrom = synthDay.AddDate(0, 0, r.IntN(30))
		}
	}
	vacs := make([]Vacancy, nv)
	for j := range vacs {
		v := &vacs[j]
		v.Employer = []string{"A", "B", ""}[r.IntN(3)]
		v.Occupation = occs[r.IntN(len(occs))]
		v.Division = cities[r.IntN(len(cities))]
		v.Open = r.IntN(3)
		v.WageMin = 3500 + 500*r.IntN(5)
		v.WageMax = v.WageMin + 500*r.IntN(3)
		v.StartDate = synthDay.AddDate(0, 0, r.IntN(30))
		if r.IntN(2) == 0 {
			v.AgeMin, v.AgeMax = 18+r.IntN(10), 35+r.IntN(25)
			v.CertLevel = r.IntN(6)
			v.MinYears = r.IntN(4)
		}
		v.Housing, v.Meals, v.TravelPaid = r.IntN(2) == 0, r.IntN(2) == 0, r.IntN(2) == 0
	}
	return workers, vacs
}

// nrmpLike makes a stable-matching instance of NRMP's size: workers with
// their own rankings of lenMin..lenMax vacancies and vacancies with
// headcounts, all in one occupation and without requirements so that every
// ranked pair is allowed.
func nrmpLike(seed uint64, nw, nv, lenMin, lenMax int) ([]Worker, []Vacancy, [][]int32, [][]int32) {
	r := rand.New(rand.NewPCG(seed, 29))
	cities := synthCities()
	vacs := make([]Vacancy, nv)
	popular := newZipf(nv)
	for j := range vacs {
		vacs[j] = Vacancy{Employer: fmt.Sprintf("p%d", j/4), Occupation: "2211", Division: cities[r.IntN(len(cities))],
			Open: 1 + r.IntN(15), WageMin: 8000, WageMax: 9000}
	}
	workers := make([]Worker, nw)
	ranks := make([][]int32, nw)
	for i := range workers {
		workers[i] = Worker{Home: "140105", Occupation: "2211", Birth: synthDay.AddDate(-28, 0, 0)}
		n := lenMin + r.IntN(lenMax-lenMin+1)
		for len(ranks[i]) < n {
			j := int32(popular.draw(r))
			if !slices.Contains(ranks[i], j) {
				ranks[i] = append(ranks[i], j)
			}
		}
	}
	// Each vacancy ranks the workers who ranked it, in a random order.
	vranks := make([][]int32, nv)
	for i, list := range ranks {
		for _, j := range list {
			vranks[j] = append(vranks[j], int32(i))
		}
	}
	for j := range vranks {
		r.Shuffle(len(vranks[j]), func(a, b int) { vranks[j][a], vranks[j][b] = vranks[j][b], vranks[j][a] })
	}
	return workers, vacs, ranks, vranks
}
