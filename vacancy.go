package laborbridge

import (
	"strconv"
	"strings"
	"time"

	"laborbridge/internal/refdata"
)

// VacancyState says whether a vacancy takes placements.
type VacancyState string

// Vacancy states.
const (
	VacancyOpen   VacancyState = "open"
	VacancyClosed VacancyState = "closed"
)

// Vacancy is a job with a headcount posted by an employer.
type Vacancy struct {
	ID             string
	EmployerID     string
	EmployerName   string
	CreditCode     string
	Ref            string // the employer's own reference, keeps re-imports idempotent
	Occupation     string
	Title          string
	Headcount      int
	WageMin        int
	WageMax        int
	Division       string
	Address        string
	Lat, Lon       float64
	StartDate      string // YYYY-MM-DD
	AgeMin         int
	AgeMax         int
	CertLevel      int // required certificate level in Occupation; 0 none
	MinYears       int
	Housing        bool
	Meals          bool
	TravelPaid     bool
	ContractMonths int
	State          VacancyState
	Filled         int // seats taken by accepted or later placements
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// Open returns the seats not yet taken.
func (v *Vacancy) Open() int {
	if v.State != VacancyOpen || v.Filled >= v.Headcount {
		return 0
	}
	return v.Headcount - v.Filled
}

// VacancyInput is a vacancy as typed into a form, spreadsheet or API body.
type VacancyInput struct {
	CreditCode     string `json:"credit_code"`
	Employer       string `json:"employer,omitempty"` // the employer's name, for a new employer
	Ref            string `json:"ref,omitempty"`
	Occupation     string `json:"occupation"`
	Title          string `json:"title"`
	Headcount      string `json:"headcount"`
	WageMin        string `json:"wage_min"`
	WageMax        string `json:"wage_max"`
	Place          string `json:"place"`
	Address        string `json:"address,omitempty"`
	StartDate      string `json:"start_date"`
	AgeMin         string `json:"age_min,omitempty"`
	AgeMax         string `json:"age_max,omitempty"`
	CertLevel      string `json:"cert_level,omitempty"`
	MinYears       string `json:"min_years,omitempty"`
	Housing        string `json:"housing,omitempty"`
	Meals          string `json:"meals,omitempty"`
	TravelPaid     string `json:"travel_paid,omitempty"`
	ContractMonths string `json:"contract_months,omitempty"`
}

// ParseVacancy checks in and returns the vacancy it describes (without its
// employer, which the caller resolves from CreditCode). Invalid with every
// field at fault otherwise.
func ParseVacancy(in VacancyInput) (*Vacancy, error) {
	var p Problems
	v := &Vacancy{State: VacancyOpen, Ref: strings.TrimSpace(in.Ref), Title: strings.TrimSpace(in.Title),
		Address: strings.TrimSpace(in.Address)}
	if cc, err := ParseCreditCode(in.CreditCode); err != nil {
		p.AddErr("credit_code", err)
	} else {
		v.CreditCode = cc
	}
	if o, err := ParseOccupation(in.Occupation); err != nil {
		p.AddErr("occupation", err)
	} else {
		v.Occupation = o
		if v.Title == "" {
			if occ, ok := refdata.OccupationByCode(o); ok {
				v.Title = occ.NameZh
			}
		}
	}
	if len([]rune(v.Title)) > 100 {
		p.Add("title", "title is longer than 100 characters")
	}
	if strings.TrimSpace(in.Headcount) == "" {
		p.Add("headcount", "headcount is required")
	} else {
		v.Headcount = parseInt(&p, "headcount", in.Headcount, 1, 100000)
	}
	bad := len(p)
	v.WageMin = parseInt(&p, "wage_min", in.WageMin, 0, maxMonthlyWage)
	v.WageMax = parseInt(&p, "wage_max", in.WageMax, 0, maxMonthlyWage)
	switch {
	case len(p) > bad:
		// a wage that is not a number is already reported
	case strings.TrimSpace(in.WageMin) == "":
		p.Add("wage_min", "the lowest monthly wage is required")
	case v.WageMin < minMonthlyWageFloor:
		p.Add("wage_min", "a monthly wage of %d is below %d yuan; give the monthly amount", v.WageMin, minMonthlyWageFloor)
	case strings.TrimSpace(in.WageMax) == "":
		v.WageMax = v.WageMin
	case v.WageMax < v.WageMin:
		p.Add("wage_max", "the highest wage %d is below the lowest %d", v.WageMax, v.WageMin)
	}
	if d, err := ParsePlace(in.Place); err != nil {
		p.AddErr("place", err)
	} else {
		v.Division = d.Code
		if lat, lon, ok := refdata.Point(d.Code); ok {
			v.Lat, v.Lon = lat, lon
		}
	}
	if s := strings.TrimSpace(in.StartDate); s == "" {
		p.Add("start_date", "start date is required")
	} else if d, err := ParseDate(s); err != nil {
		p.AddErr("start_date", err)
	} else {
		v.StartDate = d
	}
	v.AgeMin = parseInt(&p, "age_min", in.AgeMin, 0, maxVacancyAgeBound)
	v.AgeMax = parseInt(&p, "age_max", in.AgeMax, 0, maxVacancyAgeBound)
	if v.AgeMin == 0 {
		v.AgeMin = MinWorkingAge
	}
	if v.AgeMax == 0 {
		v.AgeMax = RetirementAgeMen
	}
	if v.AgeMin < MinWorkingAge {
		p.Add("age_min", "the lowest age %d is under the legal working age of %d", v.AgeMin, MinWorkingAge)
	}
	if v.AgeMax < v.AgeMin {
		p.Add("age_max", "the highest age %d is below the lowest %d", v.AgeMax, v.AgeMin)
	}
	v.CertLevel = parseLevel(&p, "cert_level", in.CertLevel)
	v.MinYears = parseInt(&p, "min_years", in.MinYears, 0, 40)
	v.ContractMonths = parseInt(&p, "contract_months", in.ContractMonths, 0, 120)
	for _, f := range []struct {
		field string
		in    string
		out   *bool
	}{{"housing", in.Housing, &v.Housing}, {"meals", in.Meals, &v.Meals}, {"travel_paid", in.TravelPaid, &v.TravelPaid}} {
		b, err := ParseYesNo(f.in)
		if err != nil {
			p.AddErr(f.field, err)
		}
		*f.out = b
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return v, nil
}

// Input returns v as text fields, the inverse of ParseVacancy.
func (v *Vacancy) Input() VacancyInput {
	itoa := func(n int) string {
		if n == 0 {
			return ""
		}
		return strconv.Itoa(n)
	}
	return VacancyInput{
		CreditCode: v.CreditCode, Employer: v.EmployerName, Ref: v.Ref, Occupation: v.Occupation, Title: v.Title,
		Headcount: strconv.Itoa(v.Headcount), WageMin: strconv.Itoa(v.WageMin), WageMax: strconv.Itoa(v.WageMax),
		Place: v.Division, Address: v.Address, StartDate: v.StartDate,
		AgeMin: itoa(v.AgeMin), AgeMax: itoa(v.AgeMax), CertLevel: itoa(v.CertLevel), MinYears: itoa(v.MinYears),
		Housing: yesNo(v.Housing), Meals: yesNo(v.Meals), TravelPaid: yesNo(v.TravelPaid),
		ContractMonths: itoa(v.ContractMonths),
	}
}

// Accepts reports whether a worker of this age and sex on the start date is
// within the vacancy's age range and the legal working age.
func (v *Vacancy) Accepts(age int, male bool) bool {
	return age >= v.AgeMin && age <= v.AgeMax && WorkingAge(age, male)
}

// municipalities are the province-level cities whose one prefecture-level
// division is the city itself, so that "北京市" names a workplace.
var municipalities = map[string]bool{"110000": true, "120000": true, "310000": true, "500000": true}

// ParsePlace resolves a workplace: a city or a county, by code or name. A
// municipality named as a province means its city; another province is too
// vague to travel to. Invalid otherwise.
func ParsePlace(s string) (refdata.Division, error) {
	d, err := ParseDivision("place", s)
	if err != nil {
		return d, err
	}
	if d.Level != refdata.Province {
		return d, nil
	}
	if municipalities[d.Code] {
		if c, ok := refdata.DivisionByCode(d.Code[:2] + "0100"); ok {
			return c, nil
		}
	}
	return d, FieldErrorf("place", "%s is a province; give the city or county of the workplace", d.NameZh)
}
