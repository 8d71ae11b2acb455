package web

import (
	"net/http"

	"laborbridge"
	"laborbridge/internal/store"
)

func (s *Server) pageEmployers(w http.ResponseWriter, r *http.Request) {
	p := s.newPage(r, "NavEmployers")
	pg := store.Page{Number: pageParam(r), Size: 50}
	es, total, err := s.db.ListEmployers(r.Context(), store.EmployerFilter{Q: r.URL.Query().Get("q"), Division: r.URL.Query().Get("region"), Page: pg})
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	p.Data = struct {
		Employers  []*laborbridge.Employer
		Total      int
		Page, Size int
		Provinces  []option
	}{es, total, pg.Number, pg.Size, provinceOptions(p)}
	s.render(w, r, http.StatusOK, "employers", p)
}

func (s *Server) pageEmployer(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	e, err := s.db.GetEmployer(r.Context(), id)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	vs, total, err := s.db.ListVacancies(r.Context(), store.VacancyFilter{EmployerID: e.ID, Page: store.Page{Size: store.MaxPageSize}})
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	p := s.newPage(r, "Employer")
	p.Title = e.Name
	p.Data = struct {
		E         *laborbridge.Employer
		Vacancies []*laborbridge.Vacancy
		Total     int
	}{e, vs, total}
	s.render(w, r, http.StatusOK, "employer", p)
}
