package web

import (
	"math"
	"net/http"
	"sort"
	"time"

	"laborbridge"
	"laborbridge/internal/store"
)

// campaignPerVehicle is the field benchmark the plans are set against: one
// Shanxi campaign ran 464 chartered trips for 20,800 workers, about 45 a
// vehicle.
const campaignPerVehicle = 45

func (s *Server) pageEvents(w http.ResponseWriter, r *http.Request) {
	s.showEvents(w, r, s.newPage(r, "NavEvents"), http.StatusOK)
}

func (s *Server) showEvents(w http.ResponseWriter, r *http.Request, p *pageData, code int) {
	pg := store.Page{Number: pageParam(r), Size: 50}
	evs, total, err := s.db.ListEvents(r.Context(), store.EventFilter{Division: r.URL.Query().Get("division"), Page: pg})
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	if p.Form == nil {
		p.Form = map[string]string{"per_hour": "600"}
		if u := p.User; u != nil && u.Division != "" {
			p.Form["division"] = u.Division
		}
	}
	areas := areaOptions(p)
	if u := p.User; u != nil && u.Division != "" && len(laborbridge.DivisionPrefix(u.Division)) == 2 {
		areas = append([]option{{u.Division, p.Division(u.Division)}}, areas...)
	}
	p.Data = struct {
		Events     []*store.EventRow
		Total      int
		Page, Size int
		Areas      []option
	}{evs, total, pg.Number, pg.Size, areas}
	s.render(w, r, code, "events", p)
}

func (s *Server) postEvent(w http.ResponseWriter, r *http.Request) {
	in := laborbridge.EventInput{Date: r.PostFormValue("date"), PointName: r.PostFormValue("point_name"),
		Address: r.PostFormValue("point_address"), Lat: r.PostFormValue("lat"), Lon: r.PostFormValue("lon"),
		Division: r.PostFormValue("division"), PerHour: r.PostFormValue("per_hour"), StartFrom: r.PostFormValue("start_from"),
		StartTo: r.PostFormValue("start_to")}
	ev, err := s.db.CreateEvent(r.Context(), in)
	if err != nil {
		if k := laborbridge.KindOf(err); k != laborbridge.Invalid && k != laborbridge.Conflict {
			s.errorPage(w, r, err)
			return
		}
		p := s.newPage(r, "NavEvents")
		p.Form = map[string]string{"date": in.Date, "point_name": in.PointName, "point_address": in.Address, "lat": in.Lat,
			"lon": in.Lon, "division": in.Division, "per_hour": in.PerHour, "start_from": in.StartFrom, "start_to": in.StartTo}
		var general string
		p.Errors, general = formErrors(err)
		if p.Errors == nil {
			p.Errors = map[string]string{}
		}
		if general != "" || laborbridge.KindOf(err) == laborbridge.Conflict {
			p.Errors[""] = laborbridge.MessageOf(err)
		}
		s.showEvents(w, r, p, http.StatusUnprocessableEntity)
		return
	}
	flash(w, s.i18n.text(langOf(r), "EventCreated", "Name", ev.Name()))
	http.Redirect(w, r, "/events/"+ev.ID, http.StatusSeeOther)
}

// eventView is what the event page shows.
type eventView struct {
	Event    *laborbridge.DepartureEvent
	Stats    *store.EventStats
	Trips    []*laborbridge.Trip
	Kinds    []bar
	Reasons  []bar
	Campaign int
}

func (s *Server) pageEvent(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	ev, err := s.db.GetEvent(r.Context(), id)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	st, err := s.db.Stats(r.Context(), id)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	trips, err := s.db.ListTrips(r.Context(), id)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	p := s.newPage(r, "Event")
	p.Title = ev.Name()
	kinds := make([]store.Count, 0, len(st.ByKind))
	for k, n := range st.ByKind {
		kinds = append(kinds, store.Count{Key: k, N: n})
	}
	p.Data = eventView{ev, st, trips, bars(sortCounts(kinds), p.Vehicle),
		bars(st.Unplanned, func(k string) string { return k }), campaignPerVehicle}
	s.render(w, r, http.StatusOK, "event", p)
}

func (s *Server) postPlanEvent(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	res, err := s.db.PlanEvent(r.Context(), id, store.PlanOptions{})
	if err != nil {
		if k := laborbridge.KindOf(err); k != laborbridge.Conflict && k != laborbridge.Invalid {
			s.errorPage(w, r, err)
			return
		}
		flash(w, laborbridge.MessageOf(err))
	} else {
		flash(w, s.i18n.text(langOf(r), "EventPlanned", "Passengers", res.Stats.Passengers, "Vehicles", res.Stats.Vehicles,
			"Unplanned", len(res.Unplanned)))
	}
	http.Redirect(w, r, "/events/"+id, http.StatusSeeOther)
}

// Vehicle names a kind of vehicle in the page's language.
func (p *pageData) Vehicle(kind string) string {
	id := "Vehicle_" + kind
	if p.cat.has(p.Lang, id) {
		return p.T(id)
	}
	return kind
}

// Round shows an amount (km, yuan) as a whole number with grouped digits.
func (p *pageData) Round(f float64) string { return groupDigits(int64(math.Round(f))) }

// sortCounts orders counts largest first, ties by key.
func sortCounts(cs []store.Count) []store.Count {
	sort.Slice(cs, func(i, j int) bool { return cs[i].N > cs[j].N || cs[i].N == cs[j].N && cs[i].Key < cs[j].Key })
	return cs
}

// When shows a moment of a trip in China Standard Time: month, day and
// time of day, which is all a journey of a day or two needs.
func (p *pageData) When(t any) string {
	var at time.Time
	switch v := t.(type) {
	case time.Time:
		at = v
	case *time.Time:
		if v == nil {
			return ""
		}
		at = *v
	}
	if at.IsZero() {
		return ""
	}
	return at.In(beijing).Format("01-02 15:04")
}
