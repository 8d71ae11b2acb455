package demo

import (
	"iter"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"laborbridge"
	"laborbridge/internal/idcard"
)

// firstCounty is where the first village comes from, so that the demo
// worker account (a worker of 小店区, seen by the county account) exists
// at any size.
const firstCounty = "140105"

// Workers returns the opt.Workers synthetic workers of Shanxi, the same
// ones for the same seed, size and day. People of one village come one
// after another, as village lists are typed in. It never fails and does
// not check opt: a negative count gives no workers, and beyond MaxWorkers
// ID numbers may repeat; WorkersCSV and Fill check.
func Workers(opt Options) iter.Seq[laborbridge.WorkerInput] {
	return func(yield func(laborbridge.WorkerInput) bool) {
		g := newWorkerGen(opt)
		for i := 0; i < opt.Workers; i++ {
			if !yield(g.next()) {
				return
			}
		}
	}
}

// workerGen draws workers village by village.
type workerGen struct {
	r        *rand.Rand
	sx       *shanxi
	villages *villages
	today    time.Time
	season   season
	ids      map[uint64]struct{}

	// the village being drawn
	county   *county
	village  string
	family   string
	trade    *trade
	province string
	left     int
}

func newWorkerGen(opt Options) *workerGen {
	seed := opt.Seed
	return &workerGen{
		r:        newRand(seed, "workers"),
		sx:       newShanxi(),
		villages: newVillages(seed),
		today:    dateOf(opt.today()),
		season:   seasonOf(opt.today()),
		ids:      map[uint64]struct{}{},
	}
}

// dateOf returns the calendar date of t at midnight UTC, so that date
// arithmetic never meets a daylight-saving gap.
func dateOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// season is the Spring Festival campaign the demo prepares: vacancies
// start between first and last, workers become free before.
type season struct {
	first, last time.Time
}

// seasonOf returns the next campaign: January of the coming year from
// March on, else the weeks ahead, because a campaign already under way
// still takes people.
func seasonOf(today time.Time) season {
	d := dateOf(today)
	if d.Month() >= time.March {
		jan := time.Date(d.Year()+1, time.January, 1, 0, 0, 0, 0, time.UTC)
		return season{jan.AddDate(0, 0, 2), jan.AddDate(0, 0, 30)}
	}
	return season{d.AddDate(0, 0, 7), d.AddDate(0, 0, 35)}
}

// newVillage starts the next village: its county, name, main trade and
// the province its people mostly head for. A village sends 2 to 30 people,
// most often a handful.
func (g *workerGen) newVillage() {
	r := g.r
	if g.county == nil {
		g.county = g.sx.byCode[firstCounty]
	} else {
		g.county = g.sx.pick.pick(r)
	}
	g.village, g.family = g.villages.next(r, g.county.code)
	g.trade = villageTrade.pick(r)
	switch {
	case g.county.city == "141100" && chance(r, 0.35):
		g.trade = tradeByCode["5322"] // 吕梁山护工, Lüliang's care workers
	case g.county.code == "140222" && chance(r, 0.5):
		g.trade = tradeByCode["5152"] // 天镇保姆, Tianzhen's housekeepers
	}
	g.province = wishPicker.pick(r)
	g.left = 2 + int(29*math.Pow(r.Float64(), 3))
}

var ageWeights = func() []float64 {
	w := make([]float64, 56)
	for age := 18; age <= 55; age++ {
		switch {
		case age < 25:
			w[age] = 0.6
		case age <= 45:
			w[age] = 1
		case age <= 50:
			w[age] = 0.6
		default:
			w[age] = 0.35
		}
	}
	return w
}()

var agePicker = newWeighted(func() []int {
	var ages []int
	for a := 18; a <= 55; a++ {
		ages = append(ages, a)
	}
	return ages
}(), func(a int) float64 { return ageWeights[a] })

var wishPicker = func() *weighted[string] {
	var cs []choice
	for _, p := range destinationProvinces {
		cs = append(cs, choice{p.code, p.wishes})
	}
	return newChoices(cs)
}()

var provinceShort = func() map[string]string {
	m := map[string]string{}
	for _, p := range destinationProvinces {
		m[p.code] = p.short
	}
	return m
}()

var epoch = time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)

func (g *workerGen) next() laborbridge.WorkerInput {
	if g.left == 0 {
		g.newVillage()
	}
	g.left--
	r := g.r
	male := chance(r, 0.55)

	age := agePicker.pick(r)
	latest := g.today.AddDate(-age, 0, 0)
	earliest := g.today.AddDate(-age-1, 0, 1)
	birth := earliest.AddDate(0, 0, r.IntN(int(latest.Sub(earliest).Hours()/24)+1))
	age = laborbridge.AgeOn(birth, g.today)

	family := g.family
	if family == "" || !chance(r, 0.35) {
		family = surname(r)
	}
	in := laborbridge.WorkerInput{
		Name:     personName(r, family, male, birth.Year()),
		IDNumber: g.idNumber(birth, male),
		Phone:    mobile(r),
		Home:     g.county.code,
		Village:  g.village,
	}

	t := g.trade
	switch {
	case chance(r, 0.45) && tradeWeight(t, male) >= 0.5:
	case chance(r, 0.08):
		t = nil
		in.Occupation = pickOne(r, otherOccupations)
	default:
		t = tradePicker[male].pick(r)
	}
	if t != nil {
		in.Occupation = t.code
	}
	skill := skillLevel(r, in.Occupation)
	in.SkillLevel = strconv.Itoa(skill)
	if chance(r, certShare(in.Occupation)) {
		cert := skill
		if chance(r, 0.3) {
			cert = min(skill+1, 5)
		}
		in.CertLevel = strconv.Itoa(cert)
	}
	if most := min(25, age-18); most > 0 {
		if y := min(most, int(float64(most+1)*math.Pow(r.Float64(), 1.2))); y > 0 {
			in.Years = strconv.Itoa(y)
		}
	}
	if chance(r, g.county.priority) {
		in.Priority = "是"
	} else {
		in.Priority = "否"
	}
	in.WishRegions = g.wishes()
	in.MinWage = strconv.Itoa(minWage(r, t, skill))
	if !chance(r, 0.15) {
		span := int(g.season.last.Sub(g.today).Hours()/24) - 5
		in.AvailableFrom = g.today.AddDate(0, 0, between(r, 1, max(span, 3))).Format("2006-01-02")
	}
	return in
}

func tradeWeight(t *trade, male bool) float64 {
	if male {
		return t.men
	}
	return t.women
}

// idNumber returns a resident ID number never handed out before, issued
// in the home county, or for a few people in another county of the same
// city, where their household was registered before a move.
func (g *workerGen) idNumber(birth time.Time, male bool) string {
	r := g.r
	div := g.county.code
	if chance(r, 0.06) && len(g.county.siblings) > 0 {
		div = pickOne(r, g.county.siblings)
	}
	d, _ := strconv.Atoi(div)
	day := uint64(birth.Sub(epoch).Hours() / 24)
	sex := uint64(0)
	if male {
		sex = 1
	}
	// idcard.Generate numbers at most 500 people per sex, division and
	// day of birth; a demo of a million puts a handful on each.
	seq := r.IntN(500)
	for range 500 {
		key := uint64(d)<<27 | day<<10 | uint64(seq)<<1 | sex
		if _, used := g.ids[key]; !used {
			g.ids[key] = struct{}{}
			break
		}
		seq = (seq + 1) % 500
	}
	return idcard.Generate(div, birth, seq, male)
}

// wishes returns 0–3 destination provinces: a fifth of the workers go
// anywhere, the rest name their village's usual destination more often
// than not.
func (g *workerGen) wishes() string {
	r := g.r
	if chance(r, 0.2) {
		return ""
	}
	n := 1
	switch x := r.Float64(); {
	case x < 0.3:
		n = 2
	case x < 0.45:
		n = 3
	}
	var picked []string
	if chance(r, 0.6) {
		picked = append(picked, g.province)
	}
	for len(picked) < n {
		p := wishPicker.pick(r)
		dup := false
		for _, q := range picked {
			dup = dup || q == p
		}
		if !dup {
			picked = append(picked, p)
		}
	}
	names := make([]string, len(picked))
	for i, p := range picked {
		names[i] = provinceShort[p]
	}
	return strings.Join(names, "、")
}

// minWage returns the lowest monthly wage a worker accepts: 3000–7000 in
// steps of 500, following what the trade pays and the worker's level.
func minWage(r *rand.Rand, t *trade, skill int) int {
	base := 4500.0
	if t != nil {
		base = float64(t.wage) * 0.8
	}
	w := base + float64(3-skill)*300 + float64(between(r, -2, 2))*250
	return max(3000, min(7000, int(math.Round(w/500))*500))
}
