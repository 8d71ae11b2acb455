package web

import (
	"html/template"
	"net/http"
	"sort"
	"strings"
	"time"

	"laborbridge"
	"laborbridge/internal/printout"
	"laborbridge/internal/store"
)

// moment is one line of a trip's timeline: a span of the timetable
// (driving, a rest, the night ban, a drop-off) or the arrival at a stop.
type moment struct {
	At, End time.Time
	Kind    string // a span's kind, or "stop"
	Km      float64
	Stop    *laborbridge.Stop
	Ord     int
}

// timeline merges the timetable and the stops in time order, each stop
// after the driving that reaches it and before the drop-off there.
func timeline(t *laborbridge.Trip) []moment {
	var out []moment
	for _, sp := range t.Timetable {
		out = append(out, moment{At: sp.Start, End: sp.End, Kind: sp.Kind, Km: sp.Km})
	}
	for i := range t.Stops {
		out = append(out, moment{At: t.Stops[i].Arrive, Kind: "stop", Stop: &t.Stops[i], Ord: i + 1})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].At.Equal(out[j].At) {
			return out[i].At.Before(out[j].At)
		}
		return out[i].Kind == "stop" && out[j].Kind != "stop"
	})
	return out
}

// seatCell is one seat of a seat map.
type seatCell struct {
	No   int
	Seat *laborbridge.Seat
}

// tripView is what the trip page shows.
type tripView struct {
	Trip     *laborbridge.Trip
	Event    *laborbridge.DepartureEvent
	Seats    []*laborbridge.Seat
	Map      [][]seatCell // rows of four seats
	Timeline []moment
	Others   []*laborbridge.Trip // buses of the event a worker may move to
	Kinds    []string
	Editable bool
}

func (s *Server) pageTrip(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	s.showTrip(w, r, id, http.StatusOK, nil)
}

// showTrip renders a trip, with an edit's errors when there are some.
func (s *Server) showTrip(w http.ResponseWriter, r *http.Request, id string, code int, editErr error) {
	ctx := r.Context()
	t, err := s.db.GetTrip(ctx, id)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	seats, err := s.db.TripSeats(ctx, id)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	p := s.newPage(r, "Trip")
	v := &tripView{Trip: t, Seats: seats, Timeline: timeline(t)}
	if u := p.User; u != nil && u.IsOffice() {
		if v.Event, err = s.db.GetEvent(ctx, t.EventID); err != nil {
			s.errorPage(w, r, err)
			return
		}
		p.Title = t.Number + " · " + v.Event.Name()
		v.Editable = t.Status == laborbridge.TripPlanned
		others, err := s.db.ListTrips(ctx, t.EventID)
		if err != nil {
			s.errorPage(w, r, err)
			return
		}
		for _, o := range others {
			if o.ID != t.ID && !o.IsCar() && o.FromStation == "" {
				v.Others = append(v.Others, o)
			}
		}
		st, err := s.db.Stats(ctx, t.EventID)
		if err != nil {
			s.errorPage(w, r, err)
			return
		}
		v.Kinds = st.Kinds
	} else {
		p.Title = p.T("Trip") + " " + t.Number
	}
	bySeat := map[int]*laborbridge.Seat{}
	for _, st := range seats {
		bySeat[st.No] = st
	}
	for no := 1; no <= t.Capacity; no += 4 {
		var row []seatCell
		for k := no; k < no+4 && k <= t.Capacity; k++ {
			row = append(row, seatCell{k, bySeat[k]})
		}
		v.Map = append(v.Map, row)
	}
	if editErr != nil {
		var general string
		p.Errors, general = formErrors(editErr)
		if p.Errors == nil {
			p.Errors = map[string]string{}
		}
		if general != "" || len(p.Errors) == 0 || laborbridge.KindOf(editErr) != laborbridge.Invalid {
			p.Errors[""] = laborbridge.MessageOf(editErr)
		}
		if probs := problemsOf(editErr); len(probs) > 0 {
			p.Errors[""] = strings.Join(probs, "; ")
		}
	}
	p.Data = v
	s.render(w, r, code, "trip", p)
}

// problemsOf lists the messages of an error's problems.
func problemsOf(err error) []string {
	var out []string
	for _, fp := range fieldProblems(err) {
		out = append(out, fp.Detail)
	}
	return out
}

// edited ends an edit from the trip page: back to the trip with a message,
// or the page again with the refusal.
func (s *Server) edited(w http.ResponseWriter, r *http.Request, tripID string, err error, doneID string, args ...any) {
	if err != nil {
		switch laborbridge.KindOf(err) {
		case laborbridge.Invalid, laborbridge.Conflict:
			s.showTrip(w, r, tripID, status(err), err)
		default:
			s.errorPage(w, r, err)
		}
		return
	}
	flash(w, s.i18n.text(langOf(r), doneID, args...))
	if _, err := s.db.GetTrip(r.Context(), tripID); err != nil {
		// The edit emptied the trip, which is gone: back to its event.
		if ev := r.PostFormValue("event"); len(ev) == 36 {
			http.Redirect(w, r, "/events/"+ev, http.StatusSeeOther)
			return
		}
		http.Redirect(w, r, "/events", http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/trips/"+tripID, http.StatusSeeOther)
}

func (s *Server) postTripMove(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	seat, err := s.seatOnTrip(r, id, r.PostFormValue("seat"))
	if err == nil {
		_, err = s.db.MoveSeat(r.Context(), seat.ID, r.PostFormValue("to_trip"))
	}
	name := ""
	if seat != nil {
		name = seat.WorkerName
	}
	s.edited(w, r, id, err, "SeatMoved", "Name", name)
}

func (s *Server) postTripSwap(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	_, err = s.db.SwapVehicle(r.Context(), id, r.PostFormValue("vehicle"), r.PostFormValue("plate"))
	s.edited(w, r, id, err, "VehicleSwapped")
}

func (s *Server) postTripUnseat(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	seat, err := s.seatOnTrip(r, id, r.PostFormValue("seat"))
	if err == nil {
		err = s.db.Unseat(r.Context(), seat.ID, r.PostFormValue("decline") != "", r.PostFormValue("reason"))
	}
	name := ""
	if seat != nil {
		name = seat.WorkerName
	}
	s.edited(w, r, id, err, "SeatFreed", "Name", name)
}

// seatOnTrip reads a seat named by a form or body and checks that it is on
// the trip of the path: Invalid when it is another trip's, NotFound when the
// actor may not see it.
func (s *Server) seatOnTrip(r *http.Request, tripID, seatID string) (*laborbridge.Seat, error) {
	if len(seatID) != 36 {
		return nil, laborbridge.FieldErrorf("seat", "choose a seat")
	}
	seat, err := s.db.GetSeat(r.Context(), seatID)
	if err != nil {
		return nil, err
	}
	if seat.TripID != tripID {
		return nil, laborbridge.FieldErrorf("seat", "that seat is not on this trip")
	}
	return seat, nil
}

// passView is a printable boarding pass.
type passView struct {
	*store.BoardingPass
	QR template.HTML
}

func (s *Server) passViews(bps []*store.BoardingPass) ([]passView, error) {
	out := make([]passView, len(bps))
	for i, b := range bps {
		svg, err := printout.QRSVG(b.Token)
		if err != nil {
			return nil, laborbridge.InternalError(err)
		}
		// QRSVG draws presentation attributes only, from the token's
		// base32 characters: nothing in it comes from a user.
		out[i] = passView{b, template.HTML(svg)}
	}
	return out, nil
}

func (s *Server) pageSeatPass(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	bp, err := s.db.Pass(r.Context(), id)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	s.showPasses(w, r, []*store.BoardingPass{bp})
}

func (s *Server) pageMyPass(w http.ResponseWriter, r *http.Request) {
	bps, err := s.db.WorkerPasses(r.Context())
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	s.showPasses(w, r, bps)
}

func (s *Server) showPasses(w http.ResponseWriter, r *http.Request, bps []*store.BoardingPass) {
	views, err := s.passViews(bps)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	p := s.newPage(r, "BoardingPass")
	p.Data = views
	s.render(w, r, http.StatusOK, "pass", p)
}
