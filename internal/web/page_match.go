package web

import (
	"net/http"
	"sort"

	"laborbridge"
	"laborbridge/internal/match"
	"laborbridge/internal/refdata"
	"laborbridge/internal/store"
)

func (s *Server) pageRuns(w http.ResponseWriter, r *http.Request) {
	p := s.newPage(r, "NavMatch")
	s.showRuns(w, r, p, http.StatusOK)
}

func (s *Server) showRuns(w http.ResponseWriter, r *http.Request, p *pageData, code int) {
	runs, total, err := s.db.ListMatchRuns(r.Context(), store.Page{Number: pageParam(r), Size: 20})
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	if p.Form == nil {
		p.Form = map[string]string{"objective": "priority", "day": s.clock().In(beijing).Format("2006-01-02")}
	}
	p.Data = struct {
		Runs       []*store.MatchRun
		Total      int
		Page, Size int
		Areas      []option
	}{runs, total, pageParam(r), 20, areaOptions(p)}
	s.render(w, r, code, "runs", p)
}

func (s *Server) postRun(w http.ResponseWriter, r *http.Request) {
	params := store.MatchParams{Scope: r.PostFormValue("scope"), Objective: match.Objective(r.PostFormValue("objective")),
		Day: r.PostFormValue("day"), Dry: r.PostFormValue("dry") != ""}
	run, err := s.db.RunMatch(r.Context(), params, nil)
	if err != nil {
		if laborbridge.KindOf(err) != laborbridge.Invalid && laborbridge.KindOf(err) != laborbridge.Conflict {
			s.errorPage(w, r, err)
			return
		}
		p := s.newPage(r, "NavMatch")
		p.Form = map[string]string{"scope": params.Scope, "objective": string(params.Objective), "day": params.Day}
		var general string
		p.Errors, general = formErrors(err)
		if general != "" {
			p.Errors[""] = general
		}
		s.showRuns(w, r, p, http.StatusUnprocessableEntity)
		return
	}
	if run.Status == store.RunDry {
		p := s.newPage(r, "RunDry")
		s.showRun(w, r, p, run)
		return
	}
	http.Redirect(w, r, "/match/"+run.ID, http.StatusSeeOther)
}

func (s *Server) pageRun(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	run, err := s.db.GetMatchRun(r.Context(), id)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	s.showRun(w, r, s.newPage(r, "MatchRun"), run)
}

func (s *Server) showRun(w http.ResponseWriter, r *http.Request, p *pageData, run *store.MatchRun) {
	reasons := make([]store.Count, 0, len(run.Unplaced))
	for k, n := range run.Unplaced {
		reasons = append(reasons, store.Count{Key: k, N: n})
	}
	sort.Slice(reasons, func(i, j int) bool {
		return reasons[i].N > reasons[j].N || reasons[i].N == reasons[j].N && reasons[i].Key < reasons[j].Key
	})
	group := func(k string) string {
		for _, g := range refdata.MajorGroups() {
			if g.Code == k {
				if p.En() {
					return g.NameEn
				}
				return g.NameZh
			}
		}
		return k
	}
	placedPct := 0.0
	if run.Workers > 0 {
		placedPct = 100 * float64(run.Placed) / float64(run.Workers)
	}
	p.Data = struct {
		Run          *store.MatchRun
		PlacedPct    float64
		Reasons      []bar
		Destinations []bar
		Occupations  []bar
		Homes        []bar
	}{run, placedPct, bars(reasons, func(k string) string { return p.T("Reason_" + k) }),
		bars(run.Summary.ByDestination, p.Division), bars(run.Summary.ByOccupation, group), bars(run.Summary.ByHome, p.Division)}
	s.render(w, r, http.StatusOK, "run", p)
}
