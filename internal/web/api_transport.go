package web

import (
	"net/http"
	"time"

	"laborbridge"
	"laborbridge/internal/store"
)

type pointJSON struct {
	Name    string  `json:"name"`
	Address string  `json:"address"`
	Lat     float64 `json:"lat"`
	Lon     float64 `json:"lon"`
}

type eventJSON struct {
	ID         string            `json:"id"`
	Name       string            `json:"name"`
	Date       string            `json:"date"`
	Point      pointJSON         `json:"point"`
	Division   string            `json:"division"`
	PerHour    int               `json:"per_hour"`
	StartFrom  string            `json:"start_from"`
	StartTo    string            `json:"start_to"`
	Status     string            `json:"status"`
	CreatedBy  string            `json:"created_by"`
	CreatedAt  string            `json:"created_at"`
	UpdatedAt  string            `json:"updated_at"`
	Trips      *int              `json:"trips,omitempty"`
	Passengers *int              `json:"passengers,omitempty"`
	Stats      *store.EventStats `json:"stats,omitempty"`
}

func toEventJSON(e *laborbridge.DepartureEvent) eventJSON {
	return eventJSON{ID: e.ID, Name: e.Name(), Date: e.Date, Point: pointJSON{e.Point.Name, e.Point.Address, e.Point.Lat, e.Point.Lon},
		Division: e.Division, PerHour: e.PerHour, StartFrom: e.StartFrom, StartTo: e.StartTo, Status: string(e.Status),
		CreatedBy: e.CreatedBy, CreatedAt: e.CreatedAt.UTC().Format(time.RFC3339), UpdatedAt: e.UpdatedAt.UTC().Format(time.RFC3339)}
}

func (s *Server) apiListEvents(w http.ResponseWriter, r *http.Request) {
	pg, err := pageOf(r)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	q := r.URL.Query()
	evs, total, err := s.db.ListEvents(r.Context(), store.EventFilter{Division: q.Get("division"), From: q.Get("from"), To: q.Get("to"), Page: pg})
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	out := list[eventJSON]{Items: make([]eventJSON, 0, len(evs)), Total: total, Page: pg.Number, PerPage: pg.Size}
	for _, e := range evs {
		j := toEventJSON(e.DepartureEvent)
		j.Trips, j.Passengers = &e.Trips, &e.Passengers
		out.Items = append(out.Items, j)
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiCreateEvent(w http.ResponseWriter, r *http.Request) {
	var in laborbridge.EventInput
	if err := decode(r, &in); err != nil {
		s.writeProblem(w, r, err)
		return
	}
	e, err := s.db.CreateEvent(r.Context(), in)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/events/"+e.ID)
	writeJSON(w, http.StatusCreated, toEventJSON(e))
}

func (s *Server) apiGetEvent(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	e, err := s.db.GetEvent(r.Context(), id)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	st, err := s.db.Stats(r.Context(), id)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	j := toEventJSON(e)
	j.Stats = st
	writeJSON(w, http.StatusOK, j)
}

type planJSON struct {
	Event        eventJSON                  `json:"event"`
	Stats        *store.EventStats          `json:"stats"`
	Scheduled    int                        `json:"scheduled"`
	Unseated     int                        `json:"unseated"`
	Unplanned    []store.UnplannedPlacement `json:"unplanned"`
	SolveSeconds float64                    `json:"solve_seconds"`
	StoreSeconds float64                    `json:"store_seconds"`
}

func (s *Server) apiPlanEvent(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	res, err := s.db.PlanEvent(r.Context(), id, store.PlanOptions{})
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	out := planJSON{Event: toEventJSON(res.Event), Stats: res.Stats, Scheduled: res.Scheduled, Unseated: res.Unseated,
		Unplanned: res.Unplanned, SolveSeconds: res.Solve.Seconds(), StoreSeconds: res.Store.Seconds()}
	if out.Unplanned == nil {
		out.Unplanned = []store.UnplannedPlacement{}
	}
	writeJSON(w, http.StatusOK, out)
}

type stopJSON struct {
	Place      string  `json:"place"`
	Name       string  `json:"name"`
	Employers  string  `json:"employers"`
	Lat        float64 `json:"lat"`
	Lon        float64 `json:"lon"`
	Arrive     string  `json:"arrive"`
	Km         float64 `json:"km"`
	Passengers int     `json:"passengers"`
}

type spanJSON struct {
	Kind  string  `json:"kind"`
	Start string  `json:"start"`
	End   string  `json:"end"`
	Km    float64 `json:"km"`
}

type seatJSON struct {
	ID           string  `json:"id"`
	TripID       string  `json:"trip_id"`
	Seat         int     `json:"seat"`
	Leg          int     `json:"leg"`
	PlacementID  string  `json:"placement_id"`
	WorkerID     string  `json:"worker_id"`
	Worker       string  `json:"worker"`
	Home         string  `json:"home"`
	Village      string  `json:"village"`
	Employer     string  `json:"employer"`
	Stop         string  `json:"stop"`
	BoardedAt    *string `json:"boarded_at"`
	DenialReason string  `json:"denial_reason"`
}

func toSeatJSON(st *laborbridge.Seat) seatJSON {
	j := seatJSON{ID: st.ID, TripID: st.TripID, Seat: st.No, Leg: st.Leg, PlacementID: st.PlacementID, WorkerID: st.WorkerID,
		Worker: st.WorkerName, Home: st.Home, Village: st.Village, Employer: st.Employer, Stop: st.Stop, DenialReason: st.DenialReason}
	if st.BoardedAt != nil {
		b := st.BoardedAt.UTC().Format(time.RFC3339)
		j.BoardedAt = &b
	}
	return j
}

type tripJSON struct {
	ID          string      `json:"id"`
	EventID     string      `json:"event_id"`
	Number      string      `json:"number"`
	Vehicle     string      `json:"vehicle"`
	Capacity    int         `json:"capacity"`
	Train       string      `json:"train"`
	FromStation string      `json:"from_station"`
	Depart      string      `json:"depart"`
	Arrive      string      `json:"arrive"`
	Drivers     int         `json:"drivers"`
	Km          float64     `json:"km"`
	DirectKm    float64     `json:"direct_km"`
	Cost        float64     `json:"cost"`
	Reason      string      `json:"reason"`
	Status      string      `json:"status"`
	Plate       string      `json:"plate"`
	Passengers  int         `json:"passengers"`
	Stops       []stopJSON  `json:"stops"`
	Timetable   []spanJSON  `json:"timetable"`
	Seats       *[]seatJSON `json:"seats,omitempty"`
}

func toTripJSON(t *laborbridge.Trip) tripJSON {
	j := tripJSON{ID: t.ID, EventID: t.EventID, Number: t.Number, Vehicle: t.Vehicle, Capacity: t.Capacity, Train: t.Train,
		FromStation: t.FromStation, Depart: t.Depart.Format(time.RFC3339), Arrive: t.Arrive.Format(time.RFC3339), Drivers: t.Drivers,
		Km: t.Km, DirectKm: t.DirectKm, Cost: t.Cost, Reason: t.Reason, Status: string(t.Status), Plate: t.Plate,
		Passengers: t.Passengers, Stops: []stopJSON{}, Timetable: []spanJSON{}}
	for _, st := range t.Stops {
		j.Stops = append(j.Stops, stopJSON{st.Place, st.Name, st.Employers, st.Lat, st.Lon, st.Arrive.Format(time.RFC3339), st.Km, st.Passengers})
	}
	for _, sp := range t.Timetable {
		j.Timetable = append(j.Timetable, spanJSON{sp.Kind, sp.Start.Format(time.RFC3339), sp.End.Format(time.RFC3339), sp.Km})
	}
	return j
}

func (s *Server) apiListTrips(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	trips, err := s.db.ListTrips(r.Context(), id)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	out := list[tripJSON]{Items: make([]tripJSON, 0, len(trips)), Total: len(trips), Page: 1, PerPage: len(trips)}
	for _, t := range trips {
		out.Items = append(out.Items, toTripJSON(t))
	}
	writeJSON(w, http.StatusOK, out)
}

// tripWithSeats answers with a trip and the seats the actor may see.
func (s *Server) tripWithSeats(w http.ResponseWriter, r *http.Request, id string, code int) {
	t, err := s.db.GetTrip(r.Context(), id)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	seats, err := s.db.TripSeats(r.Context(), id)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	j := toTripJSON(t)
	list := make([]seatJSON, 0, len(seats))
	for _, st := range seats {
		list = append(list, toSeatJSON(st))
	}
	j.Seats = &list
	writeJSON(w, code, j)
}

func (s *Server) apiGetTrip(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	s.tripWithSeats(w, r, id, http.StatusOK)
}

type moveSeatRequest struct {
	SeatID   string `json:"seat_id"`
	ToTripID string `json:"to_trip_id"`
}

func (s *Server) apiMoveSeat(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	var req moveSeatRequest
	if err := decode(r, &req); err != nil {
		s.writeProblem(w, r, err)
		return
	}
	seat, err := s.seatOnTrip(r, id, req.SeatID)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	moved, err := s.db.MoveSeat(r.Context(), seat.ID, req.ToTripID)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toSeatJSON(moved))
}

type swapVehicleRequest struct {
	Vehicle string `json:"vehicle"`
	Plate   string `json:"plate,omitempty"`
}

func (s *Server) apiSwapVehicle(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	var req swapVehicleRequest
	if err := decode(r, &req); err != nil {
		s.writeProblem(w, r, err)
		return
	}
	if _, err := s.db.SwapVehicle(r.Context(), id, req.Vehicle, req.Plate); err != nil {
		s.writeProblem(w, r, err)
		return
	}
	s.tripWithSeats(w, r, id, http.StatusOK)
}

type unseatRequest struct {
	SeatID  string `json:"seat_id"`
	Decline bool   `json:"decline,omitempty"`
	Reason  string `json:"reason,omitempty"`
}

func (s *Server) apiUnseat(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	var req unseatRequest
	if err := decode(r, &req); err != nil {
		s.writeProblem(w, r, err)
		return
	}
	seat, err := s.seatOnTrip(r, id, req.SeatID)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	if err := s.db.Unseat(r.Context(), seat.ID, req.Decline, req.Reason); err != nil {
		s.writeProblem(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// The manifest and passes downloads serve the API and the pages alike;
// s.fail answers errors as problem details or as a page by the path.
func (s *Server) manifestPDF(w http.ResponseWriter, r *http.Request)  { s.manifest(w, r, "pdf") }
func (s *Server) manifestXLSX(w http.ResponseWriter, r *http.Request) { s.manifest(w, r, "xlsx") }

// ?driver=true asks for the drivers' copy of the PDF: masked, with the
// trip's driver's link (issued and audited now) as a QR code on a last page.
func (s *Server) manifest(w http.ResponseWriter, r *http.Request, format string) {
	id, err := pathID(r)
	var masked bool
	var driver *bool
	if err == nil {
		masked, err = maskedParam(r)
	}
	if err == nil {
		driver, err = boolParam(r, "driver")
	}
	driverURL := ""
	if err == nil && driver != nil && *driver {
		if format != "pdf" {
			err = laborbridge.FieldErrorf("driver", "the drivers' copy with the link is a PDF")
		} else {
			var link *store.DriverLink
			if link, err = s.db.DriverLink(r.Context(), id); err == nil {
				masked, driverURL = true, s.driveURL(r, link)
			}
		}
	}
	if err == nil {
		err = s.writeManifest(w, r, id, format, masked, driverURL)
	}
	if err != nil {
		s.fail(w, r, err)
	}
}

func (s *Server) passesPDF(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err == nil {
		err = s.writePasses(w, r, id)
	}
	if err != nil {
		s.fail(w, r, err)
	}
}

type passJSON struct {
	SeatID    string `json:"seat_id"`
	TripID    string `json:"trip_id"`
	Trip      string `json:"trip"`
	Seat      int    `json:"seat"`
	Worker    string `json:"worker"`
	IDNumber  string `json:"id_number"`
	Event     string `json:"event"`
	Depart    string `json:"depart"`
	Gathering string `json:"gathering"`
	Gate      string `json:"gate"`
	Employer  string `json:"employer"`
	Token     string `json:"token"`
}

func toPassJSON(b *store.BoardingPass) passJSON {
	return passJSON{b.SeatID, b.TripID, b.Trip, b.Seat, b.Name, b.ID, b.Event, b.Depart.Format(time.RFC3339), b.Gathering, b.Gate,
		b.Employer, b.Token}
}

func (s *Server) apiSeatPass(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	b, err := s.db.Pass(r.Context(), id)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toPassJSON(b))
}

func (s *Server) apiMyPasses(w http.ResponseWriter, r *http.Request) {
	bps, err := s.db.WorkerPasses(r.Context())
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	out := list[passJSON]{Items: make([]passJSON, 0, len(bps)), Total: len(bps), Page: 1, PerPage: len(bps)}
	for _, b := range bps {
		out.Items = append(out.Items, toPassJSON(b))
	}
	writeJSON(w, http.StatusOK, out)
}

type verifyRequest struct {
	Token string `json:"token"`
}

func (s *Server) apiVerifyPass(w http.ResponseWriter, r *http.Request) {
	var req verifyRequest
	if err := decode(r, &req); err != nil {
		s.writeProblem(w, r, err)
		return
	}
	seat, err := s.db.VerifyPass(r.Context(), req.Token)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toSeatJSON(seat))
}
