package match

import (
	"fmt"

	"laborbridge"
)

// Weights are the points each part of a score is worth. A score is the sum
// of its parts, every part at least 0, so that a worker's page can show why
// one vacancy came before another. DefaultWeights says why each default is
// what it is.
type Weights struct {
	// Base is given to every pair that passes the hard filters. It is
	// the largest part on purpose: the best total then places as many
	// workers as it can before it weighs how well each one fits.
	Base int
	// SameOccupation, SameMinorGroup and SameSubMajorGroup are given
	// when the vacancy is in the worker's ISCO-08 unit group, in another
	// unit group of its minor group, or in another minor group of its
	// sub-major group.
	SameOccupation    int
	SameMinorGroup    int
	SameSubMajorGroup int
	// Skill is given per level of the worker's skill above none:
	// (6 - level) × Skill, so level 5 (entry) earns it once and level 1
	// (senior technician) five times. It counts in full in the worker's
	// own occupation, half in the same minor group, not beyond.
	Skill int
	// Certificate is given likewise per level of a certificate the worker
	// holds in the vacancy's own occupation.
	Certificate int
	// WagePer100 is given per 100 yuan by which the middle of the
	// vacancy's monthly wage range exceeds the worker's minimum, up to
	// WageCap.
	WagePer100 int
	WageCap    int
	// Distance is given for a workplace at the worker's home county,
	// falling linearly to 0 at DistanceKm kilometres (great-circle).
	Distance   int
	DistanceKm int
	// Housing, Meals and TravelPaid are given for the vacancy's benefits.
	Housing    int
	Meals      int
	TravelPaid int
	// Priority is given to every pair of a worker from a priority
	// (poverty-alleviation) household.
	Priority int
	// Village is given per other worker of the same village (home county
	// and village name) who also has a candidate vacancy at the same
	// employer, counting at most VillageCap of them.
	Village    int
	VillageCap int
}

// DefaultWeights returns the weights used unless a run says otherwise.
// Base (1,000) outweighs every other part together, so placing one more
// worker matters more than placing others a little better. The occupation
// parts (300 / 120 / 40) keep a worker in the trade they registered for,
// where they are productive from the first day, unless a related vacancy is
// much better on every other count. Skill (20 a level, up to 100) and
// Certificate (30 a level, up to 150) reward what the training programme
// builds; a certificate counts more because it is verified. Wage (5 points
// per 100 yuan above the wish, up to 150 at 3,000 yuan) makes a better paid
// job win over a nearer one only by a real margin. Distance (200 at home,
// 0 at 2,500 km, roughly Shanxi to Guangzhou and beyond) prefers trips that
// are shorter, cheaper and easier to come home from. Housing (80) is worth
// the most of the benefits, since rent in the receiving cities eats a large
// share of a wage; meals and a paid journey are worth 40 each. Priority
// households get 200, enough to win close contests but not to send a worker
// somewhere plainly worse (the priority objective gives them absolute
// precedence instead). Village (30 for each fellow villager, up to 5) keeps
// people from one village together at an employer, which keeps them in the
// job.
func DefaultWeights() Weights {
	return Weights{
		Base:              1000,
		SameOccupation:    300,
		SameMinorGroup:    120,
		SameSubMajorGroup: 40,
		Skill:             20,
		Certificate:       30,
		WagePer100:        5,
		WageCap:           150,
		Distance:          200,
		DistanceKm:        2500,
		Housing:           80,
		Meals:             40,
		TravelPaid:        40,
		Priority:          200,
		Village:           30,
		VillageCap:        5,
	}
}

// Limits that keep every score within int32 and MaxWeight's arithmetic
// exact for any number of workers an int32 index can count.
const (
	maxWeight     = 10000
	maxVillageCap = 100
	maxDistanceKm = 20038 // half the Earth's circumference
)

// check returns an Invalid error naming every weight out of range.
func (w Weights) check() error {
	var p laborbridge.Problems
	for _, f := range []struct {
		name string
		v    int
	}{
		{"base", w.Base}, {"same_occupation", w.SameOccupation}, {"same_minor_group", w.SameMinorGroup},
		{"same_sub_major_group", w.SameSubMajorGroup}, {"skill", w.Skill}, {"certificate", w.Certificate},
		{"wage_per_100", w.WagePer100}, {"wage_cap", w.WageCap}, {"distance", w.Distance},
		{"housing", w.Housing}, {"meals", w.Meals}, {"travel_paid", w.TravelPaid},
		{"priority", w.Priority}, {"village", w.Village},
	} {
		if f.v < 0 || f.v > maxWeight {
			p.Add("weights."+f.name, "weight %d is outside 0–%d", f.v, maxWeight)
		}
	}
	if w.Base < 1 && w.Base >= 0 {
		// MaxWeight never uses a pair worth 0, so a zero base would leave
		// workers unplaced beside free seats.
		p.Add("weights.base", "the base weight must be at least 1 (start from the default weights)")
	}
	if w.DistanceKm < 1 || w.DistanceKm > maxDistanceKm {
		p.Add("weights.distance_km", "distance range %d km is outside 1–%d", w.DistanceKm, maxDistanceKm)
	}
	if w.VillageCap < 0 || w.VillageCap > maxVillageCap {
		p.Add("weights.village_cap", "village cap %d is outside 0–%d", w.VillageCap, maxVillageCap)
	}
	return p.Err()
}

// Parts is a score broken into what it rewards; Total is the score.
type Parts struct {
	Base        int32 `json:"base"`
	Occupation  int32 `json:"occupation"`
	Skill       int32 `json:"skill"`
	Certificate int32 `json:"certificate"`
	Wage        int32 `json:"wage"`
	Distance    int32 `json:"distance"`
	Benefits    int32 `json:"benefits"`
	Priority    int32 `json:"priority"`
	Village     int32 `json:"village"`
}

// Total returns the score the parts add up to.
func (p Parts) Total() int32 {
	return p.Base + p.Occupation + p.Skill + p.Certificate + p.Wage + p.Distance + p.Benefits + p.Priority + p.Village
}

// String lists the parts that are not zero, for logs and tests.
func (p Parts) String() string {
	return fmt.Sprintf("base %d + occupation %d + skill %d + certificate %d + wage %d + distance %d + benefits %d + priority %d + village %d = %d",
		p.Base, p.Occupation, p.Skill, p.Certificate, p.Wage, p.Distance, p.Benefits, p.Priority, p.Village, p.Total())
}

// Relations between two occupations, as refdata.Related counts them.
const (
	relSubMajor   = 1
	relMinor      = 2
	relOccupation = 3
)

// occupationPoints is the occupation part for a relation.
func (w *Weights) occupationPoints(rel int8) int32 {
	switch rel {
	case relOccupation:
		return int32(w.SameOccupation)
	case relMinor:
		return int32(w.SameMinorGroup)
	case relSubMajor:
		return int32(w.SameSubMajorGroup)
	}
	return 0
}

// skillPoints is the skill part of a worker of skill level (1–5, 0
// unknown) for a vacancy at relation rel.
func (w *Weights) skillPoints(level int, rel int8) int32 {
	if level < 1 || level > 5 {
		return 0
	}
	p := int32((6 - level) * w.Skill)
	switch rel {
	case relOccupation:
		return p
	case relMinor:
		return p / 2
	}
	return 0
}

// certificatePoints is the certificate part: a certificate is held in the
// worker's own occupation, so it counts only for vacancies in it.
func (w *Weights) certificatePoints(level int, rel int8) int32 {
	if rel != relOccupation || level < 1 || level > 5 {
		return 0
	}
	return int32((6 - level) * w.Certificate)
}

// wagePoints is the wage part for a vacancy whose range has the middle mid,
// for a worker who wants at least wish.
func (w *Weights) wagePoints(mid, wish int32) int32 {
	d := int64(mid) - int64(wish)
	if d <= 0 {
		return 0
	}
	return int32(min(d*int64(w.WagePer100)/100, int64(w.WageCap)))
}

// distancePoints is the distance part for km kilometres; a negative km
// means that a point is unknown, which earns nothing rather than guessing.
func (w *Weights) distancePoints(km float64) int32 {
	if km < 0 || km >= float64(w.DistanceKm) {
		return 0
	}
	return int32(float64(w.Distance) * (float64(w.DistanceKm) - km) / float64(w.DistanceKm))
}

// benefitPoints is the benefits part of a vacancy.
func (w *Weights) benefitPoints(v *Vacancy) int32 {
	var p int
	if v.Housing {
		p += w.Housing
	}
	if v.Meals {
		p += w.Meals
	}
	if v.TravelPaid {
		p += w.TravelPaid
	}
	return int32(p)
}

// villagePoints is the village part for fellows other workers of the same
// village with a candidate at the same employer.
func (w *Weights) villagePoints(fellows int32) int32 {
	return int32(w.Village) * min(fellows, int32(w.VillageCap))
}

// workerPoints is the part of a score that depends on the worker and the
// relation of the occupations only: what candidate search adds once per
// related occupation instead of once per vacancy.
func (w *Weights) workerPoints(wk *wctx, rel int8) int32 {
	p := int32(w.Base) + w.occupationPoints(rel) + w.skillPoints(int(wk.skill), rel) + w.certificatePoints(int(wk.cert), rel)
	if wk.priority {
		p += int32(w.Priority)
	}
	return p
}
