package web

import (
	"net/http"
	"time"

	"laborbridge"
	"laborbridge/internal/store"
)

func (s *Server) apiCreateRun(w http.ResponseWriter, r *http.Request) {
	var p store.MatchParams
	if err := decode(r, &p); err != nil {
		s.writeProblem(w, r, err)
		return
	}
	run, err := s.db.RunMatch(r.Context(), p, nil)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	code := http.StatusCreated
	if run.Status == store.RunDry {
		code = http.StatusOK
	} else {
		w.Header().Set("Location", "/api/v1/match-runs/"+run.ID)
	}
	writeJSON(w, code, run)
}

func (s *Server) apiListRuns(w http.ResponseWriter, r *http.Request) {
	pg, err := pageOf(r)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	runs, total, err := s.db.ListMatchRuns(r.Context(), pg)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	if runs == nil {
		runs = []*store.MatchRun{}
	}
	writeJSON(w, http.StatusOK, list[*store.MatchRun]{Items: runs, Total: total, Page: pg.Number, PerPage: pg.Size})
}

func (s *Server) apiGetRun(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	run, err := s.db.GetMatchRun(r.Context(), id)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, run)
}

type placementJSON struct {
	ID         string         `json:"id"`
	RunID      string         `json:"run_id"`
	WorkerID   string         `json:"worker_id"`
	Worker     string         `json:"worker"`
	Home       string         `json:"home"`
	VacancyID  string         `json:"vacancy_id"`
	Vacancy    string         `json:"vacancy"`
	EmployerID string         `json:"employer_id"`
	Employer   string         `json:"employer"`
	Place      string         `json:"place"`
	StartDate  string         `json:"start_date"`
	Score      int            `json:"score"`
	Parts      map[string]int `json:"parts"`
	DistanceKm float64        `json:"distance_km"`
	State      string         `json:"state"`
	Reason     string         `json:"reason,omitempty"`
	CreatedAt  string         `json:"created_at"`
	UpdatedAt  string         `json:"updated_at"`
}

func toPlacementJSON(p *laborbridge.Placement) placementJSON {
	parts := p.Parts
	if parts == nil {
		parts = map[string]int{}
	}
	return placementJSON{p.ID, p.RunID, p.WorkerID, p.WorkerName, p.Home, p.VacancyID, p.VacancyTitle, p.EmployerID,
		p.EmployerName, p.Place, p.StartDate, p.Score, parts, p.DistanceKm, string(p.State), p.Reason,
		p.CreatedAt.UTC().Format(time.RFC3339), p.UpdatedAt.UTC().Format(time.RFC3339)}
}

// placementFilter reads the list filters shared by the API, the page and the export.
func placementFilter(r *http.Request) (store.PlacementFilter, error) {
	pg, err := pageOf(r)
	if err != nil {
		return store.PlacementFilter{}, err
	}
	q := r.URL.Query()
	f := store.PlacementFilter{RunID: q.Get("run"), State: q.Get("state"), Division: q.Get("division"),
		Employer: q.Get("employer"), VacancyID: q.Get("vacancy"), WorkerID: q.Get("worker"), Q: q.Get("q"), Page: pg}
	if f.State != "" {
		if _, err := laborbridge.ParsePlacementState(f.State); err != nil {
			return f, err
		}
	}
	return f, nil
}

func (s *Server) apiListPlacements(w http.ResponseWriter, r *http.Request) {
	f, err := placementFilter(r)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	ps, total, err := s.db.ListPlacements(r.Context(), f)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	out := list[placementJSON]{Items: make([]placementJSON, 0, len(ps)), Total: total, Page: f.Page.Number, PerPage: f.Page.Size}
	for _, p := range ps {
		out.Items = append(out.Items, toPlacementJSON(p))
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiGetPlacement(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	p, err := s.db.GetPlacement(r.Context(), id)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toPlacementJSON(p))
}

type transitionRequest struct {
	IDs    []string `json:"ids"`
	Event  string   `json:"event"`
	Reason string   `json:"reason,omitempty"`
}

type transitionResponse struct {
	Results []store.TransitionResult `json:"results"`
	Changed int                      `json:"changed"`
	Refused int                      `json:"refused"`
}

// apiTransition applies one event to many placements: each is reported
// on its own, so one refusal does not stop the rest.
func (s *Server) apiTransition(w http.ResponseWriter, r *http.Request) {
	var req transitionRequest
	if err := decode(r, &req); err != nil {
		s.writeProblem(w, r, err)
		return
	}
	ev, err := laborbridge.ParsePlacementEvent(req.Event)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	res, err := s.db.Transition(r.Context(), req.IDs, ev, req.Reason)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	out := transitionResponse{Results: res}
	for _, x := range res {
		if x.Error == "" {
			out.Changed++
		} else {
			out.Refused++
		}
	}
	writeJSON(w, http.StatusOK, out)
}
