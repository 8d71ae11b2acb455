package web

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"laborbridge"
	"laborbridge/internal/refdata"
	"laborbridge/internal/store"
)

// option is one entry of a select or datalist.
type option struct{ Value, Label string }

// areaOptions lists the divisions a user may filter by: the cities and
// counties within the user's scope.
func areaOptions(p *pageData) []option {
	u := p.User
	if u == nil || !u.IsOffice() {
		return nil
	}
	prefix := u.DivisionPrefix()
	var out []option
	for _, prov := range refdata.Provinces() {
		for _, city := range refdata.Children(prov.Code) {
			counties := refdata.Children(city.Code)
			if len(counties) == 0 || !strings.HasPrefix(city.Code, prefix) && !strings.HasPrefix(prefix, city.Code[:4]) {
				continue
			}
			if strings.HasPrefix(city.Code, prefix) {
				out = append(out, option{city.Code, p.Division(city.Code)})
			}
			for _, c := range counties {
				if strings.HasPrefix(c.Code, prefix) {
					out = append(out, option{c.Code, "　" + p.Division(c.Code)})
				}
			}
		}
	}
	return out
}

// countyOptions lists the counties in the user's scope by qualified name,
// for the home field's suggestions.
func countyOptions(p *pageData) []option {
	var out []option
	for _, o := range areaOptions(p) {
		if d, ok := refdata.DivisionByCode(o.Value); ok && d.Level == refdata.County {
			out = append(out, option{d.QualifiedZh(), p.Division(d.Code)})
		}
	}
	return out
}

// occupationOptions lists every occupation, for suggestions.
func occupationOptions(p *pageData) []option {
	occ := refdata.Occupations()
	out := make([]option, 0, len(occ))
	for _, o := range occ {
		name := o.NameZh
		if p.En() {
			name = o.NameEn
		}
		out = append(out, option{name, o.Code})
	}
	return out
}

func (s *Server) pageWorkers(w http.ResponseWriter, r *http.Request) {
	p := s.newPage(r, "NavWorkers")
	f, err := workerFilter(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	f.Page = store.Page{Number: pageParam(r), Size: 50}
	if f.Occupation != "" {
		if code, err := laborbridge.ParseOccupation(f.Occupation); err == nil {
			f.Occupation = code
		}
	}
	workers, total, err := s.db.ListWorkers(r.Context(), f)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	if _, err := laborbridge.ParseIDNumber(f.Q, s.clock()); err == nil {
		// A typed-in URL searching by ID number: the page's own links
		// (paging, export) must not carry the number on.
		p.Query.Del("q")
	}
	p.Data = struct {
		Workers     []*laborbridge.Worker
		Total       int
		Page, Size  int
		Areas       []option
		Occupations []option
		CanWrite    bool
		Today       time.Time
	}{workers, total, f.Page.Number, f.Page.Size, areaOptions(p), occupationOptions(p),
		p.User != nil && p.User.Can(laborbridge.ActWriteWorkers), s.clock()}
	s.render(w, r, http.StatusOK, "workers", p)
}

// postWorkerSearch takes the filter form of the workers page. The form is
// a POST so that a search by resident ID number, which leads straight to
// the worker, never puts the number in a URL (history, proxies, links);
// other searches go on to the list with their filters in the query.
func (s *Server) postWorkerSearch(w http.ResponseWriter, r *http.Request) {
	q := strings.TrimSpace(r.PostFormValue("q"))
	if _, err := laborbridge.ParseIDNumber(q, s.clock()); err == nil {
		found, _, err := s.db.ListWorkers(r.Context(), store.WorkerFilter{Q: q, Page: store.Page{Size: 2}})
		if err != nil {
			s.errorPage(w, r, err)
			return
		}
		if len(found) == 1 {
			http.Redirect(w, r, "/workers/"+found[0].ID, http.StatusSeeOther)
			return
		}
		flash(w, s.i18n.text(langOf(r), "NoWorkerWithID"))
		http.Redirect(w, r, "/workers", http.StatusSeeOther)
		return
	}
	v := url.Values{}
	for _, k := range []string{"q", "division", "occupation", "priority"} {
		if x := strings.TrimSpace(r.PostFormValue(k)); x != "" {
			v.Set(k, x)
		}
	}
	target := "/workers"
	if len(v) > 0 {
		target += "?" + v.Encode()
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

func (s *Server) pageWorker(w http.ResponseWriter, r *http.Request) {
	s.showWorker(w, r, false)
}

// postWorkerReveal shows the worker with the full ID number and phone; it
// is a POST because every reveal is audited.
func (s *Server) postWorkerReveal(w http.ResponseWriter, r *http.Request) {
	s.showWorker(w, r, true)
}

func (s *Server) showWorker(w http.ResponseWriter, r *http.Request, reveal bool) {
	id, err := pathID(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	wk, err := s.db.GetWorker(r.Context(), id, reveal)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	p := s.newPage(r, "Worker")
	p.Title = wk.Name
	u := p.User
	p.Data = struct {
		W         *laborbridge.Worker
		Age       int
		Revealed  bool
		CanReveal bool
		CanWrite  bool
		Offer     workerOffer
	}{wk, wk.Age(s.clock()), wk.IDNumber != "", u.SeesFullIDNumbers() || u.Role == laborbridge.RoleWorker, u.Can(laborbridge.ActWriteWorkers),
		s.offerOf(r, p, wk.ID)}
	s.render(w, r, http.StatusOK, "worker", p)
}

// workerForm is the data of the new and edit forms.
type workerForm struct {
	Action      string
	Editing     bool
	Counties    []option
	Occupations []option
	General     string
}

func (s *Server) pageWorkerNew(w http.ResponseWriter, r *http.Request) {
	p := s.newPage(r, "NewWorker")
	if _, err := laborbridge.RequireActor(r.Context(), laborbridge.ActWriteWorkers); err != nil {
		s.errorPage(w, r, err)
		return
	}
	p.Form = map[string]string{}
	p.Data = workerForm{Action: "/workers", Counties: countyOptions(p), Occupations: occupationOptions(p)}
	s.render(w, r, http.StatusOK, "worker_form", p)
}

func formWorkerInput(r *http.Request) laborbridge.WorkerInput {
	v := r.PostFormValue
	prio := "否"
	if v("priority") != "" {
		prio = "是"
	}
	return laborbridge.WorkerInput{Name: v("name"), IDNumber: v("id_number"), Phone: v("phone"), Home: v("home"),
		Village: v("village"), Occupation: v("occupation"), SkillLevel: v("skill_level"), Years: v("years"),
		CertLevel: v("cert_level"), Priority: prio, WishRegions: v("wish_regions"), MinWage: v("min_wage"),
		AvailableFrom: v("available_from")}
}

func inputForm(in laborbridge.WorkerInput) map[string]string {
	m := map[string]string{"name": in.Name, "id_number": in.IDNumber, "phone": in.Phone, "home": in.Home,
		"village": in.Village, "occupation": in.Occupation, "skill_level": in.SkillLevel, "years": in.Years,
		"cert_level": in.CertLevel, "wish_regions": in.WishRegions, "min_wage": in.MinWage, "available_from": in.AvailableFrom}
	if in.Priority == "是" {
		m["priority"] = "1"
	}
	return m
}

func (s *Server) postWorkerNew(w http.ResponseWriter, r *http.Request) {
	in := formWorkerInput(r)
	wk, err := s.db.CreateWorker(r.Context(), in)
	if err != nil {
		s.workerFormError(w, r, "NewWorker", workerForm{Action: "/workers"}, in, err)
		return
	}
	flash(w, s.i18n.text(langOf(r), "WorkerSaved", "Name", wk.Name))
	http.Redirect(w, r, "/workers/"+wk.ID, http.StatusSeeOther)
}

func (s *Server) workerFormError(w http.ResponseWriter, r *http.Request, title string, form workerForm, in laborbridge.WorkerInput, err error) {
	if k := laborbridge.KindOf(err); k != laborbridge.Invalid && k != laborbridge.Conflict {
		s.errorPage(w, r, err)
		return
	}
	p := s.newPage(r, title)
	p.Form = inputForm(in)
	p.Errors, form.General = formErrors(err)
	form.Counties, form.Occupations = countyOptions(p), occupationOptions(p)
	p.Data = form
	s.render(w, r, http.StatusUnprocessableEntity, "worker_form", p)
}

func (s *Server) pageWorkerEdit(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	if _, err := laborbridge.RequireActor(r.Context(), laborbridge.ActWriteWorkers); err != nil {
		s.errorPage(w, r, err)
		return
	}
	wk, err := s.db.GetWorker(r.Context(), id, false)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	p := s.newPage(r, "EditWorker")
	in := wk.Input()
	if d, ok := refdata.DivisionByCode(wk.Home); ok {
		in.Home = d.QualifiedZh()
	}
	if o, ok := refdata.OccupationByCode(wk.Occupation); ok {
		in.Occupation = o.NameZh
		if p.En() {
			in.Occupation = o.NameEn
		}
	}
	in.WishRegions = p.Provinces(wk.WishRegions)
	if len(wk.WishRegions) == 0 {
		in.WishRegions = ""
	}
	in.IDNumber, in.Phone = wk.IDMasked, ""
	p.Form = inputForm(in)
	p.Form["phone_masked"] = wk.PhoneMasked
	p.Data = workerForm{Action: "/workers/" + wk.ID, Editing: true, Counties: countyOptions(p), Occupations: occupationOptions(p)}
	s.render(w, r, http.StatusOK, "worker_form", p)
}

// postWorkerEdit saves the edit form. The ID number is not editable and a
// blank phone keeps the stored one, so neither needs to be revealed to edit.
func (s *Server) postWorkerEdit(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	in := formWorkerInput(r)
	in.IDNumber = ""
	wk, err := s.db.UpdateWorker(r.Context(), id, in)
	if err != nil {
		s.workerFormError(w, r, "EditWorker", workerForm{Action: "/workers/" + id, Editing: true}, in, err)
		return
	}
	flash(w, s.i18n.text(langOf(r), "WorkerSaved", "Name", wk.Name))
	http.Redirect(w, r, "/workers/"+wk.ID, http.StatusSeeOther)
}
