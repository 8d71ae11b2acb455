package web

import (
	"html/template"
	"net/http"
	"time"

	"laborbridge"
	"laborbridge/internal/printout"
	"laborbridge/internal/store"
)

// A driver's link (/drive/{token}) is the driver's whole interface: no
// account, no password, one trip. The token is the credential, so these
// handlers resolve it into the driver actor themselves, and the store keeps
// that actor to its trip.

// asDriver resolves the request's {token} into the driver it stands for
// and returns the request acting as that driver; the request as it came
// when the link is refused.
func (s *Server) asDriver(r *http.Request) (*http.Request, *laborbridge.User, error) {
	d, err := s.db.DriverActor(r.Context(), r.PathValue("token"))
	if err != nil {
		return r, nil, err
	}
	return r.WithContext(laborbridge.WithActor(r.Context(), d)), d, nil
}

// driveView is what the driver's page shows.
type driveView struct {
	Token    string
	Trip     *laborbridge.Trip
	Seats    []*laborbridge.Seat
	Timeline []moment
	Boarded  int
	Waiting  int
	Refused  int
}

func (s *Server) pageDrive(w http.ResponseWriter, r *http.Request) {
	r, d, err := s.asDriver(r)
	if err != nil {
		s.driveError(w, r, err)
		return
	}
	ctx := r.Context()
	t, err := s.db.GetTrip(ctx, d.TripID)
	if err != nil {
		s.driveError(w, r, err)
		return
	}
	seats, err := s.db.TripSeats(ctx, d.TripID)
	if err != nil {
		s.driveError(w, r, err)
		return
	}
	v := &driveView{Token: r.PathValue("token"), Trip: t, Seats: seats, Timeline: timeline(t)}
	for _, st := range seats {
		switch {
		case st.BoardedAt != nil:
			v.Boarded++
		case st.DenialReason != "":
			v.Refused++
		default:
			v.Waiting++
		}
	}
	p := s.newPage(r, "DriverPage")
	// The driver has no account: the page shows no menu and no sign-out.
	p.User = nil
	p.Title = p.T("DriverPage") + " · " + t.Number
	p.Data = v
	s.render(w, r, http.StatusOK, "drive", p)
}

// postDrive reports the driver's trip departed or arrived.
func (s *Server) postDrive(w http.ResponseWriter, r *http.Request) {
	r, d, err := s.asDriver(r)
	if err != nil {
		s.driveError(w, r, err)
		return
	}
	want := laborbridge.TripStatus(r.PostFormValue("status"))
	if want != laborbridge.TripDeparted && want != laborbridge.TripArrived {
		s.driveError(w, r, laborbridge.FieldErrorf("status", "status must be departed or arrived"))
		return
	}
	if t, err := s.db.SetTripStatus(r.Context(), d.TripID, want); err != nil {
		if laborbridge.KindOf(err) != laborbridge.Conflict {
			s.driveError(w, r, err)
			return
		}
		flash(w, laborbridge.MessageOf(err))
	} else {
		flash(w, s.i18n.text(langOf(r), "TripNowStatus", "Number", t.Number, "Status", s.i18n.text(langOf(r), "TripStatus_"+string(t.Status))))
	}
	http.Redirect(w, r, "/drive/"+r.PathValue("token"), http.StatusSeeOther)
}

// driveManifest is the driver's copy of the manifest: masked, always.
func (s *Server) driveManifest(w http.ResponseWriter, r *http.Request) {
	r, d, err := s.asDriver(r)
	if err == nil {
		err = s.writeManifest(w, r, d.TripID, "pdf", true, "")
	}
	if err != nil {
		s.driveError(w, r, err)
	}
}

// driveError shows a driver what went wrong. Drivers have no account, so
// a refused link says to ask the office instead of offering a sign-in.
func (s *Server) driveError(w http.ResponseWriter, r *http.Request, err error) {
	p := s.newPage(r, "Error")
	p.User = nil
	msg := s.localError(p.Lang, err)
	switch laborbridge.KindOf(err) {
	case laborbridge.Unauthorized:
		msg = p.T("DriverLinkRefused")
	case laborbridge.NotFound:
		msg = p.T("DriverTripGone")
	}
	s.showError(w, r, p, err, msg)
}

// driverLinkView is the office's page that hands a trip's link to its
// driver: a QR code to scan from the printed page or the screen.
type driverLinkView struct {
	Trip    *laborbridge.Trip
	URL     string
	QR      template.HTML
	Expires time.Time
}

func (s *Server) pageDriverLink(w http.ResponseWriter, r *http.Request) {
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
	link, err := s.db.DriverLink(r.Context(), id)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	u := s.driveURL(r, link)
	svg, err := printout.QRSVG(u)
	if err != nil {
		s.errorPage(w, r, laborbridge.InternalError(err))
		return
	}
	p := s.newPage(r, "DriverLink")
	p.Title = p.T("DriverLink") + " · " + t.Number
	// QRSVG draws presentation attributes only, from the code's modules:
	// no text of the URL reaches the markup.
	p.Data = &driverLinkView{Trip: t, URL: u, QR: template.HTML(svg), Expires: link.Expires}
	s.render(w, r, http.StatusOK, "driver_link", p)
}

// driveURL is the absolute address of a driver's link, on the host the
// office reached this server by.
func (s *Server) driveURL(r *http.Request, link *store.DriverLink) string {
	scheme := "http"
	if r.TLS != nil || s.opt.Secure {
		scheme = "https"
	}
	return link.URL(scheme + "://" + r.Host)
}

// driveJSON is what the API answers a driver's link with.
type driveJSON struct {
	Trip  tripJSON   `json:"trip"`
	Seats []seatJSON `json:"seats"`
}

func (s *Server) apiDrive(w http.ResponseWriter, r *http.Request) {
	r, d, err := s.asDriver(r)
	var t *laborbridge.Trip
	var seats []*laborbridge.Seat
	if err == nil {
		t, err = s.db.GetTrip(r.Context(), d.TripID)
	}
	if err == nil {
		seats, err = s.db.TripSeats(r.Context(), d.TripID)
	}
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	out := driveJSON{Trip: toTripJSON(t), Seats: make([]seatJSON, len(seats))}
	for i, st := range seats {
		out.Seats[i] = toSeatJSON(st)
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiDriveStatus(w http.ResponseWriter, r *http.Request) {
	r, d, err := s.asDriver(r)
	var req statusRequest
	if err == nil {
		err = decode(r, &req)
	}
	var out tripStatusJSON
	if err == nil {
		out, err = s.apiTripStatus(w, r, d.TripID, req)
	}
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

// driverLinkJSON is an issued driver's link.
type driverLinkJSON struct {
	Token   string `json:"token"`
	URL     string `json:"url"`
	Expires string `json:"expires"`
}

func (s *Server) apiDriverLink(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	var link *store.DriverLink
	if err == nil {
		link, err = s.db.DriverLink(r.Context(), id)
	}
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, driverLinkJSON{Token: link.Token, URL: s.driveURL(r, link), Expires: link.Expires.Format(time.DateOnly)})
}
