package web

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"

	"laborbridge"
	"laborbridge/internal/store"
)

// scanAllowed rate-limits scans per device: each scanner signs in on its
// own (a token or a browser session), and reads at most a pass or two a
// second in practice; ten a second sustained means a stuck key or a script.
// It returns RateLimited, having told the client when to retry.
func (s *Server) scanAllowed(w http.ResponseWriter, r *http.Request) error {
	key := "scan:" + clientAddr(r)
	if auth := r.Header.Get("Authorization"); auth != "" {
		key = "scan:" + tokenKey(auth)
	} else if c, err := r.Cookie(sessionCookie); err == nil {
		key = "scan:" + tokenKey(c.Value)
	}
	if _, ok := s.scans.attempt(s.clock(), key); ok {
		return nil
	}
	w.Header().Set("Retry-After", "1")
	return laborbridge.Errorf(laborbridge.RateLimited, "too many scans from this device; wait a second")
}

// tokenKey names a secret in the limiter without keeping it.
func tokenKey(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:8])
}

type codeRequest struct {
	Code string `json:"code"`
}

type statusRequest struct {
	Status string `json:"status"`
}

type tripStatusJSON struct {
	ID     string                 `json:"id"`
	Number string                 `json:"number"`
	Status laborbridge.TripStatus `json:"status"`
}

type gateRequest struct {
	Code   string `json:"code"`
	Reason string `json:"reason,omitempty"`
}

type rebookRequest struct {
	TripID string `json:"trip_id"`
}

func (s *Server) apiBoard(w http.ResponseWriter, r *http.Request, trip string, req store.BoardRequest) (*store.BoardResult, error) {
	if err := s.scanAllowed(w, r); err != nil {
		return nil, err
	}
	return s.db.Board(r.Context(), trip, req, s.opt.Boarding)
}

func (s *Server) apiFindSeat(w http.ResponseWriter, r *http.Request, trip string, req codeRequest) (seatJSON, error) {
	if err := s.scanAllowed(w, r); err != nil {
		return seatJSON{}, err
	}
	seat, err := s.db.FindSeat(r.Context(), trip, req.Code)
	if err != nil {
		return seatJSON{}, err
	}
	return toSeatJSON(seat), nil
}

func (s *Server) apiTripStatus(_ http.ResponseWriter, r *http.Request, trip string, req statusRequest) (tripStatusJSON, error) {
	want := laborbridge.TripStatus(req.Status)
	if want != laborbridge.TripDeparted && want != laborbridge.TripArrived {
		return tripStatusJSON{}, laborbridge.FieldErrorf("status", "status must be departed or arrived")
	}
	t, err := s.db.SetTripStatus(r.Context(), trip, want)
	if err != nil {
		return tripStatusJSON{}, err
	}
	return tripStatusJSON{t.ID, t.Number, t.Status}, nil
}

// seatResult answers a seat, or the error that stopped the call.
func seatResult(seat *laborbridge.Seat, err error) (seatJSON, error) {
	if err != nil {
		return seatJSON{}, err
	}
	return toSeatJSON(seat), nil
}

func (s *Server) apiHandOver(_ http.ResponseWriter, r *http.Request, trip string, req gateRequest) (seatJSON, error) {
	return seatResult(s.db.HandOver(r.Context(), trip, req.Code))
}

func (s *Server) apiNoShow(_ http.ResponseWriter, r *http.Request, trip string, req gateRequest) (seatJSON, error) {
	return seatResult(s.db.ReportNoShow(r.Context(), trip, req.Code, req.Reason))
}

func (s *Server) apiRebook(_ http.ResponseWriter, r *http.Request, seat string, req rebookRequest) (seatJSON, error) {
	return seatResult(s.db.Rebook(r.Context(), seat, req.TripID))
}

func (s *Server) apiLiveBoard(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	b, err := s.db.LiveBoard(r.Context(), id, r.URL.Query().Get("trip"))
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	if b.Trips == nil {
		b.Trips = []*store.TripBoard{}
	}
	writeJSON(w, http.StatusOK, b)
}
