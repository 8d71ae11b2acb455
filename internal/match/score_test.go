package match

import (
	"errors"
	"testing"
	"time"

	"laborbridge"
	"laborbridge/internal/refdata"
)

// fitWorker and fitVacancy make a pair that passes every hard filter:
// a cook from Taiyuan who wants Beijing and 5,000 yuan, and a cook's job in
// Beijing paying 6,000–7,000 from 1 February.
func fitWorker() Worker {
	return Worker{Home: "140105", Village: "东村", Occupation: "5120", SkillLevel: 3, CertLevel: 4, Years: 3,
		Birth: date(1990, 5, 1), Male: true, WishRegions: []string{"110000"}, MinWage: 5000}
}

func fitVacancy() Vacancy {
	return Vacancy{Employer: "E", Occupation: "5120", Division: "110100", Open: 2, WageMin: 6000, WageMax: 7000,
		StartDate: date(2026, 2, 1), AgeMin: 18, AgeMax: 45}
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// fitPair is fitWorker and fitVacancy changed by editW and editV (either
// may be nil).
func fitPair(editW func(*Worker), editV func(*Vacancy)) (Worker, Vacancy) {
	w, v := fitWorker(), fitVacancy()
	if editW != nil {
		editW(&w)
	}
	if editV != nil {
		editV(&v)
	}
	return w, v
}

func TestExplainParts(t *testing.T) {
	taiyuanBeijing, _ := refdata.DistanceKm("140105", "110100")
	lat, lon, _ := refdata.Point("140105")
	tests := []struct {
		name string
		w    func(*Worker)
		v    func(*Vacancy)
		part func(Parts) int32
		want int32
	}{
		{"base", nil, nil, func(p Parts) int32 { return p.Base }, 1000},
		{"same occupation", nil, nil, func(p Parts) int32 { return p.Occupation }, 300},
		{"same minor group", func(w *Worker) { w.Occupation = "9412" }, func(v *Vacancy) { v.Occupation = "9411" },
			func(p Parts) int32 { return p.Occupation }, 120},
		{"same sub-major group", nil, func(v *Vacancy) { v.Occupation = "5131" }, func(p Parts) int32 { return p.Occupation }, 40},
		{"unrelated occupation", nil, func(v *Vacancy) { v.Occupation = "9333" }, func(p Parts) int32 { return p.Occupation }, 0},
		{"skill level 3 in the occupation", nil, nil, func(p Parts) int32 { return p.Skill }, 60},
		{"skill level 1 in the occupation", func(w *Worker) { w.SkillLevel = 1 }, nil, func(p Parts) int32 { return p.Skill }, 100},
		{"skill level 5 in the occupation", func(w *Worker) { w.SkillLevel = 5 }, nil, func(p Parts) int32 { return p.Skill }, 20},
		{"skill unknown", func(w *Worker) { w.SkillLevel = 0 }, nil, func(p Parts) int32 { return p.Skill }, 0},
		{"skill counts half in the minor group", func(w *Worker) { w.Occupation = "9412" }, func(v *Vacancy) { v.Occupation = "9411" },
			func(p Parts) int32 { return p.Skill }, 30},
		{"skill does not count in the sub-major group", nil, func(v *Vacancy) { v.Occupation = "5131" },
			func(p Parts) int32 { return p.Skill }, 0},
		{"certificate level 4 in the occupation", nil, nil, func(p Parts) int32 { return p.Certificate }, 60},
		{"certificate level 1", func(w *Worker) { w.CertLevel = 1 }, nil, func(p Parts) int32 { return p.Certificate }, 150},
		{"no certificate", func(w *Worker) { w.CertLevel = 0 }, nil, func(p Parts) int32 { return p.Certificate }, 0},
		{"certificate of another occupation", nil, func(v *Vacancy) { v.Occupation = "5131" },
			func(p Parts) int32 { return p.Certificate }, 0},
		{"wage 1,500 above the wish", nil, nil, func(p Parts) int32 { return p.Wage }, 75},
		{"wage capped", func(w *Worker) { w.MinWage = 0 }, nil, func(p Parts) int32 { return p.Wage }, 150},
		{"wage at the wish", func(w *Worker) { w.MinWage = 6500 }, nil, func(p Parts) int32 { return p.Wage }, 0},
		{"wage middle below the wish", func(w *Worker) { w.MinWage = 6900 }, nil, func(p Parts) int32 { return p.Wage }, 0},
		{"distance Taiyuan to Beijing", nil, nil, func(p Parts) int32 { return p.Distance },
			int32(200 * (2500 - taiyuanBeijing) / 2500)},
		{"distance zero", nil, func(v *Vacancy) { v.Lat, v.Lon = lat, lon }, func(p Parts) int32 { return p.Distance }, 200},
		{"distance beyond the range", nil, func(v *Vacancy) { v.Division = "653100" }, func(p Parts) int32 { return p.Distance }, 0},
		{"distance unknown", nil, func(v *Vacancy) { v.Division = "" }, func(p Parts) int32 { return p.Distance }, 0},
		{"no benefits", nil, nil, func(p Parts) int32 { return p.Benefits }, 0},
		{"housing", nil, func(v *Vacancy) { v.Housing = true }, func(p Parts) int32 { return p.Benefits }, 80},
		{"meals", nil, func(v *Vacancy) { v.Meals = true }, func(p Parts) int32 { return p.Benefits }, 40},
		{"travel paid", nil, func(v *Vacancy) { v.TravelPaid = true }, func(p Parts) int32 { return p.Benefits }, 40},
		{"all benefits", nil, func(v *Vacancy) { v.Housing, v.Meals, v.TravelPaid = true, true, true },
			func(p Parts) int32 { return p.Benefits }, 160},
		{"priority household", func(w *Worker) { w.Priority = true }, nil, func(p Parts) int32 { return p.Priority }, 200},
		{"not a priority household", nil, nil, func(p Parts) int32 { return p.Priority }, 0},
		{"no village part outside a run", nil, nil, func(p Parts) int32 { return p.Village }, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, v := fitPair(tt.w, tt.v)
			f, err := Explain(w, v, DefaultParams(synthDay))
			if err != nil {
				t.Fatalf("Explain = %v", err)
			}
			if got := tt.part(f.Parts); got != tt.want {
				t.Errorf("Explain(%s) part = %d, want %d (%v)", tt.name, got, tt.want, f.Parts)
			}
		})
	}
}

func TestExplainDistance(t *testing.T) {
	want, _ := refdata.DistanceKm("140105", "110100")
	f, err := Explain(fitWorker(), fitVacancy(), DefaultParams(synthDay))
	if err != nil {
		t.Fatal(err)
	}
	if d := float64(f.DistanceKm) - want; d > 0.01 || d < -0.01 {
		t.Errorf("Explain().DistanceKm = %g, want %g", f.DistanceKm, want)
	}
	v := fitVacancy()
	v.Division = ""
	if f, _ := Explain(fitWorker(), v, DefaultParams(synthDay)); f.DistanceKm != -1 {
		t.Errorf("Explain(no point).DistanceKm = %g, want -1", f.DistanceKm)
	}
}

func TestWeightsChangeParts(t *testing.T) {
	p := DefaultParams(synthDay)
	p.Weights = Weights{Base: 1, Housing: 7, WagePer100: 1, WageCap: 1000, DistanceKm: 100}
	v := fitVacancy()
	v.Housing = true
	f, err := Explain(fitWorker(), v, p)
	if err != nil {
		t.Fatal(err)
	}
	want := Parts{Base: 1, Benefits: 7, Wage: 15}
	if f.Parts != want {
		t.Errorf("Explain(custom weights).Parts = %v, want %v", f.Parts, want)
	}
}

func TestWeightsCheck(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(*Weights)
		field string
	}{
		{"zero base", func(w *Weights) { w.Base = 0 }, "weights.base"},
		{"negative housing", func(w *Weights) { w.Housing = -1 }, "weights.housing"},
		{"huge skill", func(w *Weights) { w.Skill = maxWeight + 1 }, "weights.skill"},
		{"zero distance range", func(w *Weights) { w.DistanceKm = 0 }, "weights.distance_km"},
		{"village cap too large", func(w *Weights) { w.VillageCap = maxVillageCap + 1 }, "weights.village_cap"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := DefaultParams(synthDay)
			tt.edit(&p.Weights)
			_, err := Explain(fitWorker(), fitVacancy(), p)
			var e *laborbridge.Error
			if !errors.As(err, &e) || e.Kind != laborbridge.Invalid || e.Field != tt.field {
				t.Errorf("Explain(%s) = %v, want an Invalid error on %s", tt.name, err, tt.field)
			}
		})
	}
	if err := DefaultWeights().check(); err != nil {
		t.Errorf("DefaultWeights().check() = %v, want nil", err)
	}
}

// TestScoreFitsInt32 checks that the largest weights keep every score far
// below maxScore, which the stable keys and MaxWeight rely on.
func TestScoreFitsInt32(t *testing.T) {
	w := Weights{}
	for _, p := range []*int{&w.Base, &w.SameOccupation, &w.SameMinorGroup, &w.SameSubMajorGroup, &w.Skill, &w.Certificate,
		&w.WagePer100, &w.WageCap, &w.Distance, &w.Housing, &w.Meals, &w.TravelPaid, &w.Priority, &w.Village} {
		*p = maxWeight
	}
	w.VillageCap, w.DistanceKm = maxVillageCap, maxDistanceKm
	if err := w.check(); err != nil {
		t.Fatal(err)
	}
	most := int64(w.Base+w.SameOccupation+5*w.Skill+5*w.Certificate+w.WageCap+w.Distance+w.Housing+w.Meals+w.TravelPaid+w.Priority) +
		int64(w.Village)*int64(w.VillageCap)
	if most >= maxScore {
		t.Errorf("largest score %d, want below %d", most, maxScore)
	}
}
