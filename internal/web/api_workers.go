package web

import (
	"net/http"
	"time"

	"laborbridge"
	"laborbridge/internal/store"
)

// workerJSON is a worker as the API shows it. IDNumber and Phone are full
// only when the caller asked to reveal them and may see them.
type workerJSON struct {
	ID            string   `json:"id"`
	Name          string   `json:"name"`
	IDNumber      string   `json:"id_number"`
	Birth         string   `json:"birth_date"`
	Sex           string   `json:"sex"`
	Registered    string   `json:"registered_division"`
	Phone         string   `json:"phone"`
	Home          string   `json:"home"`
	Village       string   `json:"village,omitempty"`
	Occupation    string   `json:"occupation"`
	SkillLevel    int      `json:"skill_level,omitempty"`
	Years         int      `json:"years,omitempty"`
	CertLevel     int      `json:"cert_level,omitempty"`
	Priority      bool     `json:"priority"`
	WishRegions   []string `json:"wish_regions"`
	MinWage       int      `json:"min_wage,omitempty"`
	AvailableFrom string   `json:"available_from,omitempty"`
	Status        string   `json:"status"`
	CreatedAt     string   `json:"created_at"`
	UpdatedAt     string   `json:"updated_at"`
}

// toWorkerJSON shows w. The store fills in the full ID number and phone
// when it parsed them from input too (create, update), so they are shown
// only when the caller asked to reveal them.
func toWorkerJSON(w *laborbridge.Worker, reveal bool) workerJSON {
	j := workerJSON{ID: w.ID, Name: w.Name, IDNumber: w.IDMasked, Birth: w.Birth.Format("2006-01-02"), Sex: "female",
		Registered: w.Registered, Phone: w.PhoneMasked, Home: w.Home, Village: w.Village, Occupation: w.Occupation,
		SkillLevel: w.SkillLevel, Years: w.Years, CertLevel: w.CertLevel, Priority: w.Priority, WishRegions: w.WishRegions,
		MinWage: w.MinWage, AvailableFrom: w.AvailableFrom, Status: string(w.Status),
		CreatedAt: w.CreatedAt.UTC().Format(time.RFC3339), UpdatedAt: w.UpdatedAt.UTC().Format(time.RFC3339)}
	if w.Male {
		j.Sex = "male"
	}
	if reveal && w.IDNumber != "" {
		j.IDNumber = w.IDNumber
	}
	if reveal && w.Phone != "" {
		j.Phone = w.Phone
	}
	if j.WishRegions == nil {
		j.WishRegions = []string{}
	}
	return j
}

func (s *Server) apiListWorkers(w http.ResponseWriter, r *http.Request) {
	f, err := workerFilter(r)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	workers, total, err := s.db.ListWorkers(r.Context(), f)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	out := list[workerJSON]{Items: make([]workerJSON, 0, len(workers)), Total: total, Page: f.Page.Number, PerPage: f.Page.Size}
	for _, wk := range workers {
		out.Items = append(out.Items, toWorkerJSON(wk, false))
	}
	writeJSON(w, http.StatusOK, out)
}

// workerFilter reads the list filters shared by the API, the page and the export.
func workerFilter(r *http.Request) (store.WorkerFilter, error) {
	pg, err := pageOf(r)
	if err != nil {
		return store.WorkerFilter{}, err
	}
	q := r.URL.Query()
	prio, err := boolParam(r, "priority")
	if err != nil {
		return store.WorkerFilter{}, err
	}
	return store.WorkerFilter{Q: q.Get("q"), Division: q.Get("division"), Occupation: q.Get("occupation"),
		Priority: prio, Status: q.Get("status"), Page: pg}, nil
}

func (s *Server) apiCreateWorker(w http.ResponseWriter, r *http.Request) {
	var in laborbridge.WorkerInput
	if err := decode(r, &in); err != nil {
		s.writeProblem(w, r, err)
		return
	}
	wk, err := s.db.CreateWorker(r.Context(), in)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/workers/"+wk.ID)
	writeJSON(w, http.StatusCreated, toWorkerJSON(wk, false))
}

func (s *Server) apiGetWorker(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	reveal, err := boolParam(r, "reveal")
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	show := reveal != nil && *reveal
	wk, err := s.db.GetWorker(r.Context(), id, show)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toWorkerJSON(wk, show))
}

func (s *Server) apiUpdateWorker(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	var in laborbridge.WorkerInput
	if err := decode(r, &in); err != nil {
		s.writeProblem(w, r, err)
		return
	}
	wk, err := s.db.UpdateWorker(r.Context(), id, in)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toWorkerJSON(wk, false))
}
