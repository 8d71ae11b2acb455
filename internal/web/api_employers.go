package web

import (
	"net/http"
	"time"

	"laborbridge"
	"laborbridge/internal/store"
)

type employerJSON struct {
	ID           string `json:"id"`
	CreditCode   string `json:"credit_code"`
	Name         string `json:"name"`
	Division     string `json:"division"`
	Address      string `json:"address,omitempty"`
	Industry     string `json:"industry,omitempty"`
	ContactName  string `json:"contact_name,omitempty"`
	ContactPhone string `json:"contact_phone,omitempty"`
	CreatedAt    string `json:"created_at"`
	UpdatedAt    string `json:"updated_at"`
}

func toEmployerJSON(e *laborbridge.Employer) employerJSON {
	return employerJSON{e.ID, e.CreditCode, e.Name, e.Division, e.Address, e.Industry, e.ContactName, e.ContactPhone,
		e.CreatedAt.UTC().Format(time.RFC3339), e.UpdatedAt.UTC().Format(time.RFC3339)}
}

func (s *Server) apiListEmployers(w http.ResponseWriter, r *http.Request) {
	pg, err := pageOf(r)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	q := r.URL.Query()
	es, total, err := s.db.ListEmployers(r.Context(), store.EmployerFilter{Q: q.Get("q"), Division: q.Get("division"), Page: pg})
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	out := list[employerJSON]{Items: make([]employerJSON, 0, len(es)), Total: total, Page: pg.Number, PerPage: pg.Size}
	for _, e := range es {
		out.Items = append(out.Items, toEmployerJSON(e))
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiCreateEmployer(w http.ResponseWriter, r *http.Request) {
	var in laborbridge.EmployerInput
	if err := decode(r, &in); err != nil {
		s.writeProblem(w, r, err)
		return
	}
	e, err := s.db.CreateEmployer(r.Context(), in)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/employers/"+e.ID)
	writeJSON(w, http.StatusCreated, toEmployerJSON(e))
}

func (s *Server) apiGetEmployer(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	e, err := s.db.GetEmployer(r.Context(), id)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toEmployerJSON(e))
}

func (s *Server) apiUpdateEmployer(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	var in laborbridge.EmployerInput
	if err := decode(r, &in); err != nil {
		s.writeProblem(w, r, err)
		return
	}
	e, err := s.db.UpdateEmployer(r.Context(), id, in)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toEmployerJSON(e))
}
