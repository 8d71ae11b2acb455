package web

import (
	"net/http"

	"laborbridge/internal/store"
)

// bar is one row of a horizontal bar chart drawn as inline SVG.
type bar struct {
	Label string
	N     int
	Pct   float64 // of the largest bar, 0–100
}

// bars scales counts to the largest, naming each key with name.
func bars(counts []store.Count, name func(string) string) []bar {
	top := 0
	for _, c := range counts {
		top = max(top, c.N)
	}
	out := make([]bar, len(counts))
	for i, c := range counts {
		out[i] = bar{Label: name(c.Key), N: c.N}
		if top > 0 {
			out[i].Pct = 100 * float64(c.N) / float64(top)
		}
	}
	return out
}

func (s *Server) pageHome(w http.ResponseWriter, r *http.Request) {
	p := s.newPage(r, "NavHome")
	if p.User == nil {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}
	o, err := s.db.Overview(r.Context())
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	area := func(k string) string {
		if len(k) == 4 {
			k += "00"
		}
		return p.Division(k)
	}
	p.Data = struct {
		O           *store.Overview
		Areas       []bar
		Provinces   []bar
		Occupations []bar
		Pipeline    []bar
	}{o, bars(o.WorkersByArea, area), bars(o.SeatsByProvince, p.Division), bars(o.TopOccupations, p.Occupation),
		bars(o.Pipeline, func(k string) string { return p.T("PState_" + k) })}
	s.render(w, r, http.StatusOK, "home", p)
}
