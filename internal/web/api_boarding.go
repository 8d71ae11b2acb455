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
func (s *Server) scanAllowed(w http.ResponseWriter, r *http.Request) bool {
	key := "scan:" + clientAddr(r)
	if auth := r.Header.Get("Authorization"); auth != "" {
		key = "scan:" + tokenKey(auth)
	} else if c, err := r.Cookie(sessionCookie); err == nil {
		key = "scan:" + tokenKey(c.Value)
	}
	if _, ok := s.scans.attempt(s.clock(), key); ok {
		return true
	}
	w.Header().Set("Retry-After", "1")
	s.fail(w, r, laborbridge.Errorf(laborbridge.RateLimited, "too many scans from this device; wait a second"))
	return false
}

// tokenKey names a secret in the limiter without keeping it.
func tokenKey(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:8])
}

func (s *Server) apiBoard(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	if !s.scanAllowed(w, r) {
		return
	}
	var req store.BoardRequest
	if err := decode(r, &req); err != nil {
		s.writeProblem(w, r, err)
		return
	}
	res, err := s.db.Board(r.Context(), id, req, s.opt.Boarding)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

func (s *Server) apiFindSeat(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	if !s.scanAllowed(w, r) {
		return
	}
	var req struct {
		Code string `json:"code"`
	}
	if err := decode(r, &req); err != nil {
		s.writeProblem(w, r, err)
		return
	}
	seat, err := s.db.FindSeat(r.Context(), id, req.Code)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toSeatJSON(seat))
}

func (s *Server) apiTripStatus(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	var req struct {
		Status string `json:"status"`
	}
	if err := decode(r, &req); err != nil {
		s.writeProblem(w, r, err)
		return
	}
	want := laborbridge.TripStatus(req.Status)
	if want != laborbridge.TripDeparted && want != laborbridge.TripArrived {
		s.writeProblem(w, r, laborbridge.FieldErrorf("status", "status must be departed or arrived"))
		return
	}
	t, err := s.db.SetTripStatus(r.Context(), id, want)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"id": t.ID, "number": t.Number, "status": t.Status})
}

type gateRequest struct {
	Code   string `json:"code"`
	Reason string `json:"reason,omitempty"`
}

func (s *Server) apiHandOver(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	var req gateRequest
	if err := decode(r, &req); err != nil {
		s.writeProblem(w, r, err)
		return
	}
	seat, err := s.db.HandOver(r.Context(), id, req.Code)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toSeatJSON(seat))
}

func (s *Server) apiNoShow(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	var req gateRequest
	if err := decode(r, &req); err != nil {
		s.writeProblem(w, r, err)
		return
	}
	seat, err := s.db.ReportNoShow(r.Context(), id, req.Code, req.Reason)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toSeatJSON(seat))
}

func (s *Server) apiRebook(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	var req struct {
		TripID string `json:"trip_id"`
	}
	if err := decode(r, &req); err != nil {
		s.writeProblem(w, r, err)
		return
	}
	seat, err := s.db.Rebook(r.Context(), id, req.TripID)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toSeatJSON(seat))
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
