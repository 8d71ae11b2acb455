package web

import (
	"net/http"
	"strconv"
	"time"

	"laborbridge"
	"laborbridge/internal/store"
)

type vacancyJSON struct {
	ID             string  `json:"id"`
	EmployerID     string  `json:"employer_id"`
	Employer       string  `json:"employer"`
	CreditCode     string  `json:"credit_code"`
	Ref            string  `json:"ref,omitempty"`
	Occupation     string  `json:"occupation"`
	Title          string  `json:"title"`
	Headcount      int     `json:"headcount"`
	Filled         int     `json:"filled"`
	WageMin        int     `json:"wage_min"`
	WageMax        int     `json:"wage_max"`
	Place          string  `json:"place"`
	Address        string  `json:"address,omitempty"`
	Lat            float64 `json:"lat"`
	Lon            float64 `json:"lon"`
	StartDate      string  `json:"start_date"`
	AgeMin         int     `json:"age_min"`
	AgeMax         int     `json:"age_max"`
	CertLevel      int     `json:"cert_level,omitempty"`
	MinYears       int     `json:"min_years,omitempty"`
	Housing        bool    `json:"housing"`
	Meals          bool    `json:"meals"`
	TravelPaid     bool    `json:"travel_paid"`
	ContractMonths int     `json:"contract_months,omitempty"`
	State          string  `json:"state"`
	CreatedAt      string  `json:"created_at"`
	UpdatedAt      string  `json:"updated_at"`
}

func toVacancyJSON(v *laborbridge.Vacancy) vacancyJSON {
	return vacancyJSON{v.ID, v.EmployerID, v.EmployerName, v.CreditCode, v.Ref, v.Occupation, v.Title, v.Headcount, v.Filled,
		v.WageMin, v.WageMax, v.Division, v.Address, v.Lat, v.Lon, v.StartDate, v.AgeMin, v.AgeMax, v.CertLevel, v.MinYears,
		v.Housing, v.Meals, v.TravelPaid, v.ContractMonths, string(v.State),
		v.CreatedAt.UTC().Format(time.RFC3339), v.UpdatedAt.UTC().Format(time.RFC3339)}
}

// vacancyFilter reads the list filters shared by the API, page and export.
func vacancyFilter(r *http.Request) (store.VacancyFilter, error) {
	pg, err := pageOf(r)
	if err != nil {
		return store.VacancyFilter{}, err
	}
	q := r.URL.Query()
	f := store.VacancyFilter{Q: q.Get("q"), Province: q.Get("region"), Occupation: q.Get("occupation"),
		EmployerID: q.Get("employer"), State: q.Get("state"), Page: pg}
	if v := q.Get("min_wage"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return f, laborbridge.FieldErrorf("min_wage", "must be a whole number of yuan")
		}
		f.MinWage = n
	}
	if h, err := boolParam(r, "housing"); err != nil {
		return f, err
	} else if h != nil {
		f.Housing = *h
	}
	return f, nil
}

func (s *Server) apiListVacancies(w http.ResponseWriter, r *http.Request) {
	f, err := vacancyFilter(r)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	vs, total, err := s.db.ListVacancies(r.Context(), f)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	out := list[vacancyJSON]{Items: make([]vacancyJSON, 0, len(vs)), Total: total, Page: f.Page.Number, PerPage: f.Page.Size}
	for _, v := range vs {
		out.Items = append(out.Items, toVacancyJSON(v))
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiCreateVacancy(w http.ResponseWriter, r *http.Request) {
	var in laborbridge.VacancyInput
	if err := decode(r, &in); err != nil {
		s.writeProblem(w, r, err)
		return
	}
	v, err := s.db.CreateVacancy(r.Context(), in)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/vacancies/"+v.ID)
	writeJSON(w, http.StatusCreated, toVacancyJSON(v))
}

func (s *Server) apiGetVacancy(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	v, err := s.db.GetVacancy(r.Context(), id)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toVacancyJSON(v))
}

// vacancyUpdate is the body of PUT /vacancies/{id}: the fields and a state.
type vacancyUpdate struct {
	laborbridge.VacancyInput
	State string `json:"state,omitempty"`
}

func (s *Server) apiUpdateVacancy(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	var in vacancyUpdate
	if err := decode(r, &in); err != nil {
		s.writeProblem(w, r, err)
		return
	}
	v, err := s.db.UpdateVacancy(r.Context(), id, in.VacancyInput, laborbridge.VacancyState(in.State))
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toVacancyJSON(v))
}
