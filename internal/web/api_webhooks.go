package web

import (
	"net/http"

	"laborbridge/internal/store"
)

func (s *Server) apiListWebhooks(w http.ResponseWriter, r *http.Request) {
	hooks, err := s.db.ListWebhooks(r.Context())
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	if hooks == nil {
		hooks = []*store.Webhook{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": hooks, "events": store.WebhookEvents})
}

func (s *Server) apiCreateWebhook(w http.ResponseWriter, r *http.Request) {
	var in store.WebhookInput
	if err := decode(r, &in); err != nil {
		s.writeProblem(w, r, err)
		return
	}
	h, err := s.db.CreateWebhook(r.Context(), in)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/webhooks/"+h.ID+"/deliveries")
	writeJSON(w, http.StatusCreated, h)
}

func (s *Server) apiDeleteWebhook(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	if err := s.db.DeleteWebhook(r.Context(), id); err != nil {
		s.writeProblem(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) apiListDeliveries(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	pg, err := pageOf(r)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	ds, total, err := s.db.ListDeliveries(r.Context(), id, pg)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	if ds == nil {
		ds = []*store.Delivery{}
	}
	writeJSON(w, http.StatusOK, list[*store.Delivery]{Items: ds, Total: total, Page: pg.Number, PerPage: pg.Size})
}

func (s *Server) pageWebhooks(w http.ResponseWriter, r *http.Request) {
	p := s.newPage(r, "NavWebhooks")
	s.showWebhooks(w, r, p, http.StatusOK, nil)
}

func (s *Server) showWebhooks(w http.ResponseWriter, r *http.Request, p *pageData, code int, created *store.Webhook) {
	hooks, err := s.db.ListWebhooks(r.Context())
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	if p.Form == nil {
		p.Form = map[string]string{}
	}
	p.Data = struct {
		Hooks   []*store.Webhook
		Events  []string
		Created *store.Webhook
	}{hooks, store.WebhookEvents, created}
	s.render(w, r, code, "webhooks", p)
}

func (s *Server) postWebhook(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, err)
		return
	}
	p := s.newPage(r, "NavWebhooks")
	if id := r.PostFormValue("delete"); id != "" {
		if err := s.db.DeleteWebhook(r.Context(), id); err != nil {
			s.errorPage(w, r, err)
			return
		}
		http.Redirect(w, r, "/webhooks", http.StatusSeeOther)
		return
	}
	in := store.WebhookInput{URL: r.PostFormValue("url"), Events: r.PostForm["events"]}
	h, err := s.db.CreateWebhook(r.Context(), in)
	if err != nil {
		p.Errors, _ = formErrors(err)
		p.Form = map[string]string{"url": in.URL}
		s.showWebhooks(w, r, p, http.StatusUnprocessableEntity, nil)
		return
	}
	s.showWebhooks(w, r, p, http.StatusCreated, h)
}

func (s *Server) pageDeliveries(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	ds, total, err := s.db.ListDeliveries(r.Context(), id, store.Page{Number: pageParam(r), Size: 50})
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	p := s.newPage(r, "DeliveryLog")
	p.Data = struct {
		Deliveries []*store.Delivery
		Total      int
		Page, Size int
	}{ds, total, pageParam(r), 50}
	s.render(w, r, http.StatusOK, "deliveries", p)
}
