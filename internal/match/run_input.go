package match

import (
	"math"
	"slices"
	"strconv"
	"sync"
	"time"

	"laborbridge"
	"laborbridge/internal/refdata"
)

// maxProblems bounds the problems one Invalid error lists: a million bad
// rows need one message that says what is wrong, not a million.
const maxProblems = 20

// noBound is the upper age bound of a vacancy that sets none.
const noBound = math.MaxInt16

// occInfo is an occupation code met in the input.
type occInfo struct {
	code string
	// rel lists, for an occupation of some worker, the vacancies'
	// occupations close enough to be candidates and how close they are.
	rel []occRel
}

type occRel struct {
	occ int32
	rel int8
}

// input is a run's workers and vacancies turned into small integers and
// look-up tables once, so that candidate search compares numbers only.
type input struct {
	p       Params
	workers []Worker
	vacs    []Vacancy
	today   int32 // days since 1970-01-01

	occs  []occInfo
	slots []string // province codes by slot; the last slot holds vacancies without a province

	// per worker: what filters and scores need, one record each, so that
	// a worker costs one memory access wherever the search takes it
	wc       []wctx
	wVillage []int32 // -1 without a village

	// per vacancy
	vOcc     []int32
	vSlot    []int32
	vPlace   []int32 // column of dist; the last column is "no point"
	vEmp     []int32
	vMid     []int32
	vStart   []int32 // the first day a worker can start there
	vStartY  []int16
	vStartMD []int16
	vBen     []int32

	employers int
	villages  int
	places    int
	homes     int
	distKm    []float32 // homes × places; -1 where a point is unknown
	distPts   []int32
}

func (in *input) dist(home, place int32) int32 { return in.distPts[int(home)*in.places+int(place)] }
func (in *input) km(home, place int32) float32 { return in.distKm[int(home)*in.places+int(place)] }

// dayNumber returns the civil date of t (in its own location) as days since
// 1970-01-01, with the year and month*32+day for ages.
func dayNumber(t time.Time) (days int32, y, md int16) {
	yy, mm, dd := t.Date()
	// Days from civil (proleptic Gregorian), after H. Hinnant's algorithm.
	yr := int64(yy)
	if mm <= 2 {
		yr--
	}
	era := yr / 400
	if yr < 0 && yr%400 != 0 {
		era = (yr - 399) / 400
	}
	yoe := yr - era*400
	m := int64(mm)
	var mp int64
	if m > 2 {
		mp = m - 3
	} else {
		mp = m + 9
	}
	doy := (153*mp+2)/5 + int64(dd) - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int32(era*146097 + doe - 719468), int16(yy), int16(int(mm)*32 + dd)
}

// ageAt returns the age in whole years on a day given by year and
// month*32+day of someone born on by, bmd.
func ageAt(y, md, by, bmd int16) int16 {
	a := y - by
	if md < bmd {
		a--
	}
	return a
}

// retirementAge is the last legal working age.
func retirementAge(male bool) int16 {
	if male {
		return laborbridge.RetirementAgeMen
	}
	return laborbridge.RetirementAgeWomen
}

// newInput checks workers, vacancies and normalised parameters and builds
// the tables. It returns an Invalid *laborbridge.Error listing the first
// problems found.
func newInput(workers []Worker, vacancies []Vacancy, p Params) (*input, error) {
	var probs laborbridge.Problems
	add := func(field, format string, args ...any) {
		if len(probs) < maxProblems {
			probs.Add(field, format, args...)
		}
	}
	if len(workers) > math.MaxInt32-1 || len(vacancies) > math.MaxInt32-1 {
		return nil, laborbridge.Errorf(laborbridge.Invalid, "%d workers and %d vacancies are more than one run can index", len(workers), len(vacancies))
	}
	in := &input{p: p, workers: workers, vacs: vacancies}
	in.today, _, _ = dayNumber(p.Today)

	provinces := provinceSlots()
	slotOf := provinces.of
	in.slots = provinces.codes
	unknownSlot := int32(len(in.slots) - 1)
	allSlots := uint64(1)<<len(in.slots) - 1

	occOf := map[string]int32{}
	intern := func(code string) int32 {
		if i, ok := occOf[code]; ok {
			return i
		}
		i := int32(len(in.occs))
		occOf[code] = i
		in.occs = append(in.occs, occInfo{code: code})
		return i
	}

	type point struct{ lat, lon float64 }
	var homePts, placePts []point
	homeOf := map[string]int32{}
	homeNone := int32(-1)
	placeOf := map[point]int32{}
	villageOf := map[[2]string]int32{}

	nw := len(workers)
	in.wc = make([]wctx, nw)
	in.wVillage = make([]int32, nw)
	// Strings become small integers in one pass (maps are not safe for
	// concurrent writes), everything else in parallel chunks whose
	// problems are merged in order.
	for i := range workers {
		w := &workers[i]
		in.wc[i].occ = intern(w.Occupation)
		h, ok := homeOf[w.Home]
		if !ok {
			if lat, lon, found := refdata.Point(w.Home); found {
				h = int32(len(homePts))
				homePts = append(homePts, point{lat, lon})
			} else {
				h = homeNone
			}
			homeOf[w.Home] = h
		}
		in.wc[i].home = h
		in.wVillage[i] = -1
		if w.Village != "" {
			k := [2]string{w.Home, w.Village}
			v, ok := villageOf[k]
			if !ok {
				v = int32(len(villageOf))
				villageOf[k] = v
			}
			in.wVillage[i] = v
		}
	}
	const chunk = 4096
	chunkProbs := make([]laborbridge.Problems, (nw+chunk-1)/chunk)
	parallel(nw, chunk, func(c, lo, hi int) {
		probs := &chunkProbs[c]
		add := func(i int, name, format string, args ...any) {
			if len(*probs) < maxProblems {
				probs.Add("workers["+strconv.Itoa(i)+"]."+name, format, args...)
			}
		}
		for i := lo; i < hi; i++ {
			w := &workers[i]
			if w.Birth.IsZero() {
				add(i, "birth", "birth date is required")
			} else if y := w.Birth.Year(); y < 1900 || y > 2200 {
				add(i, "birth", "birth year %d is not plausible", y)
			}
			if w.SkillLevel < 0 || w.SkillLevel > 5 {
				add(i, "skill_level", "skill level %d is outside 0–5", w.SkillLevel)
			}
			if w.CertLevel < 0 || w.CertLevel > 5 {
				add(i, "cert_level", "certificate level %d is outside 0–5", w.CertLevel)
			}
			if w.Years < 0 || w.Years > 100 {
				add(i, "years", "years of experience %d is outside 0–100", w.Years)
			}
			if w.MinWage < 0 || w.MinWage > maxWage {
				add(i, "min_wage", "minimum wage %d is outside 0–%d", w.MinWage, maxWage)
			}
			if len(w.WishRegions) == 0 {
				in.wc[i].wish = allSlots
			}
			for _, code := range w.WishRegions {
				s, ok := slotOf[code]
				if !ok {
					if d, found := refdata.ProvinceOf(code); found {
						s, ok = slotOf[d.Code]
					}
				}
				if !ok {
					add(i, "wish_regions", "%q is not a province code", code)
					continue
				}
				in.wc[i].wish |= 1 << s
			}
			wc := &in.wc[i]
			wc.cert, wc.skill, wc.years = int8(w.CertLevel), int8(w.SkillLevel), int16(w.Years)
			wc.retire, wc.minWage, wc.priority = retirementAge(w.Male), int32(w.MinWage), w.Priority
			wc.avail = in.today
			if !w.AvailableFrom.IsZero() {
				d, _, _ := dayNumber(w.AvailableFrom)
				wc.avail = max(d, in.today)
			}
			_, wc.by, wc.bmd = dayNumber(w.Birth)
		}
	})
	for _, cp := range chunkProbs {
		for _, e := range cp {
			if len(probs) < maxProblems {
				probs = append(probs, e)
			}
		}
	}
	in.villages = len(villageOf)

	nv := len(vacancies)
	in.vOcc = make([]int32, nv)
	in.vSlot = make([]int32, nv)
	in.vPlace = make([]int32, nv)
	in.vEmp = make([]int32, nv)
	in.vMid = make([]int32, nv)
	in.vStart = make([]int32, nv)
	in.vStartY = make([]int16, nv)
	in.vStartMD = make([]int16, nv)
	in.vBen = make([]int32, nv)
	empOf := map[string]int32{}
	_, todayY, todayMD := dayNumber(p.Today)
	for j := range vacancies {
		v := &vacancies[j]
		f := func(name string) string { return "vacancies[" + strconv.Itoa(j) + "]." + name }
		if v.Open < 0 {
			add(f("open"), "open seats %d is negative", v.Open)
		}
		if v.WageMin < 0 || v.WageMin > maxWage || v.WageMax < 0 || v.WageMax > maxWage {
			add(f("wage"), "wage range %d–%d is outside 0–%d", v.WageMin, v.WageMax, maxWage)
		} else if v.WageMax < v.WageMin {
			add(f("wage_max"), "the highest wage %d is below the lowest %d", v.WageMax, v.WageMin)
		}
		if v.AgeMin < 0 || v.AgeMin > 150 || v.AgeMax < 0 || v.AgeMax > 150 {
			add(f("age"), "age range %d–%d is outside 0–150", v.AgeMin, v.AgeMax)
		} else if v.AgeMax != 0 && v.AgeMax < v.AgeMin {
			add(f("age_max"), "the highest age %d is below the lowest %d", v.AgeMax, v.AgeMin)
		}
		if v.CertLevel < 0 || v.CertLevel > 5 {
			add(f("cert_level"), "certificate level %d is outside 0–5", v.CertLevel)
		}
		if v.MinYears < 0 || v.MinYears > 100 {
			add(f("min_years"), "minimum years %d is outside 0–100", v.MinYears)
		}
		if math.IsNaN(v.Lat) || math.IsNaN(v.Lon) || v.Lat < -90 || v.Lat > 90 || v.Lon < -180 || v.Lon > 180 {
			add(f("lat"), "point %g, %g is not a latitude and longitude", v.Lat, v.Lon)
		}
		if !v.StartDate.IsZero() {
			if y := v.StartDate.Year(); y < 1900 || y > 2200 {
				add(f("start_date"), "start year %d is not plausible", y)
			}
		}
		in.vOcc[j] = intern(v.Occupation)
		in.vSlot[j] = unknownSlot
		if d, ok := refdata.ProvinceOf(v.Division); ok {
			if s, ok := slotOf[d.Code]; ok {
				in.vSlot[j] = s
			}
		}
		pt, hasPoint := point{v.Lat, v.Lon}, v.Lat != 0 || v.Lon != 0
		if !hasPoint {
			pt.lat, pt.lon, hasPoint = refdata.Point(v.Division)
		}
		in.vPlace[j] = -1
		if hasPoint {
			q, ok := placeOf[pt]
			if !ok {
				q = int32(len(placePts))
				placeOf[pt] = q
				placePts = append(placePts, pt)
			}
			in.vPlace[j] = q
		}
		in.vEmp[j] = -1
		if v.Employer != "" {
			e, ok := empOf[v.Employer]
			if !ok {
				e = int32(len(empOf))
				empOf[v.Employer] = e
			}
			in.vEmp[j] = e
		}
		in.vMid[j] = int32((int64(v.WageMin) + int64(v.WageMax)) / 2)
		in.vStart[j], in.vStartY[j], in.vStartMD[j] = in.today, todayY, todayMD
		if !v.StartDate.IsZero() {
			if d, y, md := dayNumber(v.StartDate); d > in.today {
				in.vStart[j], in.vStartY[j], in.vStartMD[j] = d, y, md
			}
		}
		in.vBen[j] = p.Weights.benefitPoints(v)
	}
	if err := probs.Err(); err != nil {
		return nil, err
	}
	// An employer without a name shares no one's village bonus.
	in.employers = len(empOf)
	for j, e := range in.vEmp {
		if e < 0 {
			in.vEmp[j] = int32(in.employers)
			in.employers++
		}
	}

	// Rows and columns for "no point" go last, filled with -1 km.
	in.homes, in.places = len(homePts)+1, len(placePts)+1
	for i := range in.wc {
		if in.wc[i].home < 0 {
			in.wc[i].home = int32(in.homes - 1)
		}
	}
	for j, q := range in.vPlace {
		if q < 0 {
			in.vPlace[j] = int32(in.places - 1)
		}
	}
	in.distKm = make([]float32, in.homes*in.places)
	in.distPts = make([]int32, in.homes*in.places)
	for h := 0; h < in.homes; h++ {
		for q := 0; q < in.places; q++ {
			km := -1.0
			if h < len(homePts) && q < len(placePts) {
				km = refdata.Haversine(homePts[h].lat, homePts[h].lon, placePts[q].lat, placePts[q].lon)
			}
			in.distKm[h*in.places+q] = float32(km)
			in.distPts[h*in.places+q] = p.Weights.distancePoints(km)
		}
	}

	// Which vacancy occupations each worker occupation reaches.
	vacOccs := make([]bool, len(in.occs))
	for _, o := range in.vOcc {
		vacOccs[o] = true
	}
	wOccs := make([]bool, len(in.occs))
	for i := range in.wc {
		wOccs[in.wc[i].occ] = true
	}
	for a := range in.occs {
		if !wOccs[a] {
			continue
		}
		for b := range in.occs {
			if !vacOccs[b] {
				continue
			}
			if r := relation(in.occs[a].code, in.occs[b].code); int(r) >= p.MinRelated {
				in.occs[a].rel = append(in.occs[a].rel, occRel{int32(b), r})
			}
		}
		// The closest occupations first: their candidates score the
		// most, so the weakest kept candidate rises early and prunes
		// the search in the others.
		slices.SortStableFunc(in.occs[a].rel, func(x, y occRel) int { return int(y.rel) - int(x.rel) })
	}
	return in, nil
}

// slotTable numbers the provinces: a worker's wishes are a bit set over
// them. The last slot, "", is for workplaces in no known province.
type slotTable struct {
	codes []string
	of    map[string]int32
}

// provinceSlots is built once: the reference data does not change while
// the program runs.
var provinceSlots = sync.OnceValue(func() slotTable {
	t := slotTable{of: map[string]int32{}}
	for i, d := range refdata.Provinces() {
		t.codes = append(t.codes, d.Code)
		t.of[d.Code] = int32(i)
	}
	t.codes = append(t.codes, "")
	return t
})

// maxWage bounds wages so that sums of two stay within int32.
const maxWage = 10_000_000

// relation says how close two occupation codes are: 3 for the same code
// (also one the classification does not know), else as refdata.Related.
func relation(a, b string) int8 {
	if a == b {
		return relOccupation
	}
	return int8(refdata.Related(a, b))
}

// parts returns the score of worker i for vacancy j without the village
// part, and the distance in kilometres (-1 when unknown). The candidate
// search adds the same numbers in another order; tests hold them equal.
func (in *input) parts(i, j int32) (Parts, float32) {
	w := &in.wc[i]
	wt := &in.p.Weights
	rel := relation(in.occs[w.occ].code, in.occs[in.vOcc[j]].code)
	pt := Parts{
		Base:        int32(wt.Base),
		Occupation:  wt.occupationPoints(rel),
		Skill:       wt.skillPoints(int(w.skill), rel),
		Certificate: wt.certificatePoints(int(w.cert), rel),
		Wage:        wt.wagePoints(in.vMid[j], w.minWage),
		Distance:    in.dist(w.home, in.vPlace[j]),
		Benefits:    in.vBen[j],
	}
	if w.priority {
		pt.Priority = int32(wt.Priority)
	}
	return pt, in.km(w.home, in.vPlace[j])
}
