package web

import (
	"net/http"

	"laborbridge"
	"laborbridge/internal/store"
)

func (s *Server) pageAudit(w http.ResponseWriter, r *http.Request) {
	p := s.newPage(r, "NavAudit")
	q := r.URL.Query()
	pg := store.Page{Number: pageParam(r), Size: 50}
	entries, total, err := s.db.ListAudit(r.Context(), store.AuditFilter{Action: q.Get("action"), Actor: q.Get("actor"),
		ObjectType: q.Get("object_type"), ObjectID: q.Get("object_id"), Page: pg})
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	p.Data = struct {
		Entries    []laborbridge.AuditEntry
		Total      int
		Page, Size int
		Actions    []string
	}{entries, total, pg.Number, pg.Size, []string{"worker.", "vacancy.", "employer.", "import.", "export.", "user.", "session."}}
	s.render(w, r, http.StatusOK, "audit", p)
}
