package web

import (
	"net/http"

	"laborbridge"
	"laborbridge/internal/refdata"
	"laborbridge/internal/store"
)

// provinceOptions lists the provinces, for destination filters.
func provinceOptions(p *pageData) []option {
	var out []option
	for _, d := range refdata.Provinces() {
		name := d.NameZh
		if p.En() {
			name = d.NameEn
		}
		out = append(out, option{d.Code, name})
	}
	return out
}

func (s *Server) pageVacancies(w http.ResponseWriter, r *http.Request) {
	p := s.newPage(r, "NavVacancies")
	f, err := vacancyFilter(r)
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
	vs, total, err := s.db.ListVacancies(r.Context(), f)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	p.Data = struct {
		Vacancies   []*laborbridge.Vacancy
		Total       int
		Page, Size  int
		Provinces   []option
		Occupations []option
		CanWrite    bool
	}{vs, total, f.Page.Number, f.Page.Size, provinceOptions(p), occupationOptions(p), p.User != nil && p.User.Can(laborbridge.ActWriteVacancies)}
	s.render(w, r, http.StatusOK, "vacancies", p)
}

func (s *Server) pageVacancy(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	v, err := s.db.GetVacancy(r.Context(), id)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	p := s.newPage(r, "Vacancy")
	p.Title = v.Title
	p.Data = struct {
		V        *laborbridge.Vacancy
		CanWrite bool
	}{v, p.User.Can(laborbridge.ActWriteVacancies)}
	s.render(w, r, http.StatusOK, "vacancy", p)
}

type vacancyForm struct {
	Action      string
	Editing     bool
	Occupations []option
	Places      []option
	General     string
	Partner     bool
}

// placeOptions lists the cities of the receiving regions by name.
func placeOptions(p *pageData) []option {
	var out []option
	for _, prov := range refdata.Provinces() {
		for _, c := range refdata.Children(prov.Code) {
			out = append(out, option{c.NameZh, p.Division(c.Code)})
		}
	}
	return out
}

func vacancyFormValues(in laborbridge.VacancyInput) map[string]string {
	return map[string]string{"credit_code": in.CreditCode, "employer": in.Employer, "ref": in.Ref, "occupation": in.Occupation,
		"title": in.Title, "headcount": in.Headcount, "wage_min": in.WageMin, "wage_max": in.WageMax, "place": in.Place,
		"address": in.Address, "start_date": in.StartDate, "age_min": in.AgeMin, "age_max": in.AgeMax, "cert_level": in.CertLevel,
		"min_years": in.MinYears, "housing": checked(in.Housing), "meals": checked(in.Meals), "travel_paid": checked(in.TravelPaid),
		"contract_months": in.ContractMonths}
}

func checked(yesNo string) string {
	if b, _ := laborbridge.ParseYesNo(yesNo); b {
		return "1"
	}
	return ""
}

func formVacancyInput(r *http.Request) laborbridge.VacancyInput {
	v := r.PostFormValue
	yn := func(k string) string {
		if v(k) != "" {
			return "是"
		}
		return "否"
	}
	return laborbridge.VacancyInput{CreditCode: v("credit_code"), Employer: v("employer"), Ref: v("ref"), Occupation: v("occupation"),
		Title: v("title"), Headcount: v("headcount"), WageMin: v("wage_min"), WageMax: v("wage_max"), Place: v("place"),
		Address: v("address"), StartDate: v("start_date"), AgeMin: v("age_min"), AgeMax: v("age_max"), CertLevel: v("cert_level"),
		MinYears: v("min_years"), Housing: yn("housing"), Meals: yn("meals"), TravelPaid: yn("travel_paid"),
		ContractMonths: v("contract_months")}
}

func (s *Server) pageVacancyNew(w http.ResponseWriter, r *http.Request) {
	u, err := laborbridge.RequireActor(r.Context(), laborbridge.ActWriteVacancies)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	p := s.newPage(r, "NewVacancy")
	p.Form = map[string]string{"age_min": "18", "age_max": "50", "housing": "1", "meals": "1"}
	if u.Role == laborbridge.RolePartner {
		if e, err := s.db.GetEmployer(r.Context(), u.EmployerID); err == nil {
			p.Form["credit_code"], p.Form["employer"] = e.CreditCode, e.Name
		}
	}
	p.Data = vacancyForm{Action: "/vacancies", Occupations: occupationOptions(p), Places: placeOptions(p), Partner: u.Role == laborbridge.RolePartner}
	s.render(w, r, http.StatusOK, "vacancy_form", p)
}

func (s *Server) postVacancyNew(w http.ResponseWriter, r *http.Request) {
	in := formVacancyInput(r)
	v, err := s.db.CreateVacancy(r.Context(), in)
	if err != nil {
		s.vacancyFormError(w, r, "NewVacancy", vacancyForm{Action: "/vacancies"}, in, err)
		return
	}
	flash(w, s.i18n.text(langOf(r), "VacancySaved", "Title", v.Title))
	http.Redirect(w, r, "/vacancies/"+v.ID, http.StatusSeeOther)
}

func (s *Server) vacancyFormError(w http.ResponseWriter, r *http.Request, title string, form vacancyForm, in laborbridge.VacancyInput, err error) {
	if k := laborbridge.KindOf(err); k != laborbridge.Invalid && k != laborbridge.Conflict {
		s.errorPage(w, r, err)
		return
	}
	p := s.newPage(r, title)
	p.Form = vacancyFormValues(in)
	p.Errors, form.General = formErrors(err)
	form.Occupations, form.Places = occupationOptions(p), placeOptions(p)
	form.Partner = p.User != nil && p.User.Role == laborbridge.RolePartner
	p.Data = form
	s.render(w, r, http.StatusUnprocessableEntity, "vacancy_form", p)
}

func (s *Server) pageVacancyEdit(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	if _, err := laborbridge.RequireActor(r.Context(), laborbridge.ActWriteVacancies); err != nil {
		s.errorPage(w, r, err)
		return
	}
	v, err := s.db.GetVacancy(r.Context(), id)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	p := s.newPage(r, "EditVacancy")
	in := v.Input()
	if d, ok := refdata.DivisionByCode(v.Division); ok {
		in.Place = d.NameZh
		if d.Level == refdata.County {
			in.Place = d.QualifiedZh()
		}
	}
	if o, ok := refdata.OccupationByCode(v.Occupation); ok {
		in.Occupation = o.NameZh
		if p.En() {
			in.Occupation = o.NameEn
		}
	}
	p.Form = vacancyFormValues(in)
	p.Form["state"] = string(v.State)
	p.Data = vacancyForm{Action: "/vacancies/" + v.ID, Editing: true, Occupations: occupationOptions(p), Places: placeOptions(p),
		Partner: p.User.Role == laborbridge.RolePartner}
	s.render(w, r, http.StatusOK, "vacancy_form", p)
}

func (s *Server) postVacancyEdit(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	in := formVacancyInput(r)
	in.CreditCode = ""
	v, err := s.db.UpdateVacancy(r.Context(), id, in, laborbridge.VacancyState(r.PostFormValue("state")))
	if err != nil {
		s.vacancyFormError(w, r, "EditVacancy", vacancyForm{Action: "/vacancies/" + id, Editing: true}, in, err)
		return
	}
	flash(w, s.i18n.text(langOf(r), "VacancySaved", "Title", v.Title))
	http.Redirect(w, r, "/vacancies/"+v.ID, http.StatusSeeOther)
}
