package web

import (
	"embed"
	"io/fs"
	"net/http"
)

//go:embed static
var staticFiles embed.FS

// routes is the single route table of the server.
func (s *Server) routes() {
	m := s.mux
	static, _ := fs.Sub(staticFiles, "static")
	m.Handle("GET /static/", http.StripPrefix("/static/", cacheForever(http.FileServerFS(static))))
	m.HandleFunc("GET /healthz", s.healthz)

	// API
	m.HandleFunc("GET /api/v1/openapi.json", s.apiOpenAPI)
	m.HandleFunc("POST /api/v1/auth/token", s.apiCreateToken)
	m.HandleFunc("DELETE /api/v1/auth/token", s.apiDeleteToken)
	m.HandleFunc("GET /api/v1/me", s.apiMe)
	m.HandleFunc("GET /api/v1/workers", s.apiListWorkers)
	m.HandleFunc("POST /api/v1/workers", s.apiCreateWorker)
	m.HandleFunc("GET /api/v1/workers/{id}", s.apiGetWorker)
	m.HandleFunc("PUT /api/v1/workers/{id}", s.apiUpdateWorker)
	m.HandleFunc("GET /api/v1/employers", s.apiListEmployers)
	m.HandleFunc("POST /api/v1/employers", s.apiCreateEmployer)
	m.HandleFunc("GET /api/v1/employers/{id}", s.apiGetEmployer)
	m.HandleFunc("PUT /api/v1/employers/{id}", s.apiUpdateEmployer)
	m.HandleFunc("GET /api/v1/vacancies", s.apiListVacancies)
	m.HandleFunc("POST /api/v1/vacancies", s.apiCreateVacancy)
	m.HandleFunc("GET /api/v1/vacancies/{id}", s.apiGetVacancy)
	m.HandleFunc("PUT /api/v1/vacancies/{id}", s.apiUpdateVacancy)
	m.HandleFunc("POST /api/v1/imports", s.apiCreateImport)
	m.HandleFunc("GET /api/v1/imports", s.apiListImports)
	m.HandleFunc("GET /api/v1/imports/{id}", s.apiGetImport)
	m.HandleFunc("GET /api/v1/audit", s.apiListAudit)
	m.HandleFunc("POST /api/v1/match-runs", s.apiCreateRun)
	m.HandleFunc("GET /api/v1/match-runs", s.apiListRuns)
	m.HandleFunc("GET /api/v1/match-runs/{id}", s.apiGetRun)
	m.HandleFunc("GET /api/v1/placements", s.apiListPlacements)
	m.HandleFunc("GET /api/v1/placements/{id}", s.apiGetPlacement)
	m.HandleFunc("POST /api/v1/placements/transitions", s.apiTransition)
	m.HandleFunc("GET /api/v1/follow-ups", s.apiListFollowUps)
	m.HandleFunc("POST /api/v1/follow-ups/{id}", s.apiRecordFollowUp)
	m.HandleFunc("GET /api/v1/webhooks", s.apiListWebhooks)
	m.HandleFunc("POST /api/v1/webhooks", s.apiCreateWebhook)
	m.HandleFunc("DELETE /api/v1/webhooks/{id}", s.apiDeleteWebhook)
	m.HandleFunc("GET /api/v1/webhooks/{id}/deliveries", s.apiListDeliveries)
	m.HandleFunc("GET /api/v1/events", s.apiListEvents)
	m.HandleFunc("POST /api/v1/events", s.apiCreateEvent)
	m.HandleFunc("GET /api/v1/events/{id}", s.apiGetEvent)
	m.HandleFunc("POST /api/v1/events/{id}/plan", s.apiPlanEvent)
	m.HandleFunc("GET /api/v1/events/{id}/trips", s.apiListTrips)
	m.HandleFunc("GET /api/v1/trips/{id}", s.apiGetTrip)
	m.HandleFunc("POST /api/v1/trips/{id}/move-seat", s.apiMoveSeat)
	m.HandleFunc("POST /api/v1/trips/{id}/swap-vehicle", s.apiSwapVehicle)
	m.HandleFunc("POST /api/v1/trips/{id}/unseat", s.apiUnseat)
	m.HandleFunc("GET /api/v1/trips/{id}/manifest.pdf", s.apiManifestPDF)
	m.HandleFunc("GET /api/v1/trips/{id}/manifest.xlsx", s.apiManifestXLSX)
	m.HandleFunc("GET /api/v1/trips/{id}/passes.pdf", s.apiPasses)
	m.HandleFunc("GET /api/v1/seats/{id}/pass", s.apiSeatPass)
	m.HandleFunc("GET /api/v1/passes", s.apiMyPasses)
	m.HandleFunc("POST /api/v1/passes/verify", s.apiVerifyPass)
	m.HandleFunc("/api/", s.apiNotFound)

	// Pages
	m.HandleFunc("GET /login", s.pageLogin)
	m.HandleFunc("POST /login", s.postLogin)
	m.HandleFunc("POST /logout", s.postLogout)
	m.HandleFunc("GET /lang/{lang}", s.setLang)
	m.HandleFunc("GET /{$}", s.pageHome)
	m.HandleFunc("GET /workers", s.pageWorkers)
	m.HandleFunc("GET /workers/new", s.pageWorkerNew)
	m.HandleFunc("POST /workers", s.postWorkerNew)
	m.HandleFunc("POST /workers/search", s.postWorkerSearch)
	m.HandleFunc("GET /workers/export", s.exportWorkers)
	m.HandleFunc("GET /workers/{id}", s.pageWorker)
	m.HandleFunc("POST /workers/{id}/reveal", s.postWorkerReveal)
	m.HandleFunc("GET /workers/{id}/edit", s.pageWorkerEdit)
	m.HandleFunc("POST /workers/{id}", s.postWorkerEdit)
	m.HandleFunc("GET /vacancies", s.pageVacancies)
	m.HandleFunc("GET /vacancies/new", s.pageVacancyNew)
	m.HandleFunc("POST /vacancies", s.postVacancyNew)
	m.HandleFunc("GET /vacancies/export", s.exportVacancies)
	m.HandleFunc("GET /vacancies/{id}", s.pageVacancy)
	m.HandleFunc("GET /vacancies/{id}/edit", s.pageVacancyEdit)
	m.HandleFunc("POST /vacancies/{id}", s.postVacancyEdit)
	m.HandleFunc("GET /employers", s.pageEmployers)
	m.HandleFunc("GET /employers/{id}", s.pageEmployer)
	m.HandleFunc("GET /imports", s.pageImports)
	m.HandleFunc("POST /imports", s.postImport)
	m.HandleFunc("GET /imports/{id}", s.pageImport)
	m.HandleFunc("GET /templates/{kind}", s.downloadTemplate)
	m.HandleFunc("GET /audit", s.pageAudit)
	m.HandleFunc("GET /match", s.pageRuns)
	m.HandleFunc("POST /match", s.postRun)
	m.HandleFunc("GET /match/{id}", s.pageRun)
	m.HandleFunc("GET /placements", s.pagePlacements)
	m.HandleFunc("POST /placements", s.postPlacements)
	m.HandleFunc("GET /placements/export", s.exportPlacements)
	m.HandleFunc("GET /placements/{id}", s.pagePlacement)
	m.HandleFunc("GET /events", s.pageEvents)
	m.HandleFunc("POST /events", s.postEvent)
	m.HandleFunc("GET /events/{id}", s.pageEvent)
	m.HandleFunc("POST /events/{id}/plan", s.postPlanEvent)
	m.HandleFunc("GET /trips/{id}", s.pageTrip)
	m.HandleFunc("POST /trips/{id}/move", s.postTripMove)
	m.HandleFunc("POST /trips/{id}/swap", s.postTripSwap)
	m.HandleFunc("POST /trips/{id}/unseat", s.postTripUnseat)
	m.HandleFunc("GET /trips/{id}/manifest.pdf", s.tripManifestPDF)
	m.HandleFunc("GET /trips/{id}/manifest.xlsx", s.tripManifestXLSX)
	m.HandleFunc("GET /trips/{id}/passes.pdf", s.tripPasses)
	m.HandleFunc("GET /seats/{id}/pass", s.pageSeatPass)
	m.HandleFunc("GET /pass", s.pageMyPass)
	m.HandleFunc("GET /follow-ups", s.pageFollowUps)
	m.HandleFunc("POST /follow-ups/{id}", s.postFollowUp)
	m.HandleFunc("GET /webhooks", s.pageWebhooks)
	m.HandleFunc("POST /webhooks", s.postWebhook)
	m.HandleFunc("GET /webhooks/{id}", s.pageDeliveries)
}

func cacheForever(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=86400")
		h.ServeHTTP(w, r)
	})
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	if err := s.db.SQL().PingContext(r.Context()); err != nil {
		http.Error(w, "database unavailable", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok\n"))
}
