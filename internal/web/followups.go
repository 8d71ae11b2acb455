package web

import (
	"net/http"

	"laborbridge"
	"laborbridge/internal/store"
)

func (s *Server) apiListFollowUps(w http.ResponseWriter, r *http.Request) {
	pg, err := pageOf(r)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	q := r.URL.Query()
	fs, total, err := s.db.ListFollowUps(r.Context(), store.FollowUpFilter{Status: q.Get("status"), Division: q.Get("division"), Page: pg})
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	if fs == nil {
		fs = []*store.FollowUp{}
	}
	writeJSON(w, http.StatusOK, list[*store.FollowUp]{Items: fs, Total: total, Page: pg.Number, PerPage: pg.Size})
}

func (s *Server) apiRecordFollowUp(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	var in laborbridge.FollowUpInput
	if err := decode(r, &in); err != nil {
		s.writeProblem(w, r, err)
		return
	}
	f, err := s.db.RecordFollowUp(r.Context(), id, in)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, f)
}

func (s *Server) pageFollowUps(w http.ResponseWriter, r *http.Request) {
	p := s.newPage(r, "NavFollowUps")
	status := r.URL.Query().Get("status")
	if status == "" && !r.URL.Query().Has("status") {
		status = "due"
	}
	pg := store.Page{Number: pageParam(r), Size: 50}
	fs, total, err := s.db.ListFollowUps(r.Context(), store.FollowUpFilter{Status: status, Division: r.URL.Query().Get("division"), Page: pg})
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	p.Data = struct {
		FollowUps  []*store.FollowUp
		Total      int
		Page, Size int
		Status     string
		Contacts   []string
		Areas      []option
	}{fs, total, pg.Number, pg.Size, status, laborbridge.ContactMethods, areaOptions(p)}
	s.render(w, r, http.StatusOK, "followups", p)
}

func (s *Server) postFollowUp(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	in := laborbridge.FollowUpInput{Employed: r.PostFormValue("employed") == "yes", Contact: r.PostFormValue("contact"),
		Reached: r.PostFormValue("reached"), Reason: r.PostFormValue("reason"), Note: r.PostFormValue("note")}
	if _, err := s.db.RecordFollowUp(r.Context(), id, in); err != nil {
		if k := laborbridge.KindOf(err); k != laborbridge.Invalid && k != laborbridge.Conflict {
			s.errorPage(w, r, err)
			return
		}
		flash(w, laborbridge.MessageOf(err))
	} else {
		flash(w, s.i18n.text(langOf(r), "FollowUpRecorded"))
	}
	http.Redirect(w, r, "/follow-ups", http.StatusSeeOther)
}
