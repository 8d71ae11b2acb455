package web

import (
	"net/http"
	"strconv"
	"strings"

	"laborbridge"
	"laborbridge/internal/store"
)

// pageBoard is the scanner's page for one trip: a field a hand scanner
// types into (or a camera fills), the checks in the configured order, and
// the outcome of the last scan.
func (s *Server) pageBoard(w http.ResponseWriter, r *http.Request) {
	s.showBoardWith(w, r, nil, nil, http.StatusOK)
}

// postBoard records one scan from the page.
func (s *Server) postBoard(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	if err := s.scanAllowed(w, r); err != nil {
		s.errorPage(w, r, err)
		return
	}
	req := store.BoardRequest{Code: r.PostFormValue("code"), Checks: laborbridge.CheckResults{
		IdentityOK: r.PostFormValue("identity") != "", SecurityOK: r.PostFormValue("security") != ""}}
	if t := strings.TrimSpace(strings.ReplaceAll(r.PostFormValue("temperature"), ",", ".")); t != "" {
		if v, err := strconv.ParseFloat(t, 64); err == nil {
			req.Checks.Temperature = &v
		}
	}
	res, err := s.db.Board(r.Context(), id, req, s.opt.Boarding)
	if err != nil {
		if k := laborbridge.KindOf(err); k != laborbridge.Invalid && k != laborbridge.NotFound && k != laborbridge.Conflict {
			s.errorPage(w, r, err)
			return
		}
		p := s.newPage(r, "Boarding")
		p.Errors = map[string]string{"code": s.localError(p.Lang, err)}
		if laborbridge.KindOf(err) != laborbridge.NotFound {
			p.Errors["code"] = laborbridge.MessageOf(err)
		}
		s.showBoardWith(w, r, p, nil, http.StatusUnprocessableEntity)
		return
	}
	s.showBoardWith(w, r, nil, res, http.StatusOK)
}

func (s *Server) showBoardWith(w http.ResponseWriter, r *http.Request, errs *pageData, res *store.BoardResult, code int) {
	id, _ := pathID(r)
	t, err := s.db.GetTrip(r.Context(), id)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	b, err := s.db.LiveBoard(r.Context(), t.EventID, t.ID)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	p := errs
	if p == nil {
		p = s.newPage(r, "Boarding")
	}
	p.Title = p.T("Boarding") + " · " + t.Number
	p.Data = struct {
		Trip   *laborbridge.Trip
		Board  *store.TripBoard
		Rules  laborbridge.BoardingRules
		Last   *store.BoardResult
		Ticked bool
	}{t, b.Trips[0], s.opt.Boarding, res, r.Method == http.MethodPost}
	s.render(w, r, code, "board", p)
}

// postTripStatus departs or arrives a trip from its pages.
func (s *Server) postTripStatus(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	want := laborbridge.TripStatus(r.PostFormValue("status"))
	if want != laborbridge.TripDeparted && want != laborbridge.TripArrived {
		s.errorPage(w, r, laborbridge.FieldErrorf("status", "status must be departed or arrived"))
		return
	}
	t, err := s.db.SetTripStatus(r.Context(), id, want)
	if err != nil {
		if laborbridge.KindOf(err) != laborbridge.Conflict {
			s.errorPage(w, r, err)
			return
		}
		flash(w, laborbridge.MessageOf(err))
	} else {
		flash(w, s.i18n.text(langOf(r), "TripNowStatus", "Number", t.Number, "Status", s.i18n.text(langOf(r), "TripStatus_"+string(t.Status))))
	}
	http.Redirect(w, r, safeNext(r.PostFormValue("back")), http.StatusSeeOther)
}

func (s *Server) postRebook(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	seat, err := s.db.Rebook(r.Context(), id, r.PostFormValue("trip"))
	if err != nil {
		if k := laborbridge.KindOf(err); k != laborbridge.Invalid && k != laborbridge.Conflict {
			s.errorPage(w, r, err)
			return
		}
		flash(w, laborbridge.MessageOf(err))
	} else {
		flash(w, s.i18n.text(langOf(r), "Rebooked", "Name", seat.WorkerName, "Seat", seat.No))
	}
	http.Redirect(w, r, safeNext(r.PostFormValue("back")), http.StatusSeeOther)
}

// pageLive is the live board of an event: trips with boarded, waiting and
// refused counts, refreshed by the page's script.
func (s *Server) pageLive(w http.ResponseWriter, r *http.Request) {
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
	b, err := s.db.LiveBoard(r.Context(), id, "")
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	p := s.newPage(r, "LiveBoard")
	p.Title = p.T("LiveBoard") + " · " + ev.Name()
	p.Data = struct {
		Event *laborbridge.DepartureEvent
		Board *store.EventBoard
	}{ev, b}
	s.render(w, r, http.StatusOK, "live", p)
}

// pageHandOver is the partner's page at the gate: the partner's workers
// on a trip, to confirm each arrival or report who did not come.
func (s *Server) pageHandOver(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	t, err := s.db.GetTrip(r.Context(), id)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	seats, err := s.db.TripSeats(r.Context(), id)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	states := map[string]laborbridge.PlacementState{}
	for _, st := range seats {
		if pl, err := s.db.GetPlacement(r.Context(), st.PlacementID); err == nil {
			states[st.ID] = pl.State
		}
	}
	p := s.newPage(r, "HandOver")
	p.Title = p.T("HandOver") + " · " + t.Number
	p.Data = struct {
		Trip   *laborbridge.Trip
		Seats  []*laborbridge.Seat
		States map[string]laborbridge.PlacementState
	}{t, seats, states}
	s.render(w, r, http.StatusOK, "handover", p)
}

func (s *Server) postHandOver(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	code := r.PostFormValue("code")
	lang := langOf(r)
	var seat *laborbridge.Seat
	if r.PostFormValue("action") == "no_show" {
		seat, err = s.db.ReportNoShow(r.Context(), id, code, r.PostFormValue("reason"))
	} else {
		seat, err = s.db.HandOver(r.Context(), id, code)
	}
	switch {
	case err == nil && r.PostFormValue("action") == "no_show":
		flash(w, s.i18n.text(lang, "NoShowReported", "Name", seat.WorkerName))
	case err == nil:
		flash(w, s.i18n.text(lang, "HandedOver", "Name", seat.WorkerName))
	case laborbridge.KindOf(err) == laborbridge.Internal || laborbridge.KindOf(err) == laborbridge.Forbidden:
		s.errorPage(w, r, err)
		return
	default:
		flash(w, laborbridge.MessageOf(err))
	}
	http.Redirect(w, r, "/trips/"+id+"/handover", http.StatusSeeOther)
}
