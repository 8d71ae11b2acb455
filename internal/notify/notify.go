// Package notify sends the webhook deliveries the store has queued: each
// is POSTed as JSON, signed with the subscription's secret, and retried
// with growing delays until it is answered with a 2xx status or gives up.
package notify

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"laborbridge/internal/store"
)

// Headers of a delivery.
const (
	HeaderEvent     = "X-Laborbridge-Event"
	HeaderDelivery  = "X-Laborbridge-Delivery"
	HeaderSignature = "X-Laborbridge-Signature"
)

// Sign returns the signature header of body sent at t: the Unix time and
// an HMAC-SHA256 over "time.body", so that a receiver can check both the
// sender and the freshness (and refuse replays of old deliveries).
func Sign(secret string, t time.Time, body []byte) string {
	ts := strconv.FormatInt(t.Unix(), 10)
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(ts))
	m.Write([]byte("."))
	m.Write(body)
	return "t=" + ts + ",v1=" + hex.EncodeToString(m.Sum(nil))
}

// ErrSignature reports a delivery whose signature does not verify.
var ErrSignature = errors.New("webhook signature does not verify")

// Verify checks a signature header against body, accepting it only within
// tolerance of now: what a receiver of our webhooks does.
func Verify(secret, header string, body []byte, now time.Time, tolerance time.Duration) error {
	var ts, sig string
	for _, part := range strings.Split(header, ",") {
		k, v, _ := strings.Cut(part, "=")
		switch k {
		case "t":
			ts = v
		case "v1":
			sig = v
		}
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || sig == "" {
		return ErrSignature
	}
	t := time.Unix(sec, 0)
	if d := now.Sub(t); d > tolerance || d < -tolerance {
		return fmt.Errorf("%w: sent %s, too far from now", ErrSignature, t.UTC().Format(time.RFC3339))
	}
	want := Sign(secret, t, body)
	if !hmac.Equal([]byte(want), []byte("t="+ts+",v1="+sig)) {
		return ErrSignature
	}
	return nil
}

// Sender sends deliveries.
type Sender struct {
	DB     *store.DB
	Client *http.Client
	Log    *slog.Logger
	Now    func() time.Time
}

// Send delivers the due deliveries once and returns how many it tried.
func (s *Sender) Send(ctx context.Context) (int, error) {
	due, err := s.DB.DueDeliveries(ctx, 100)
	if err != nil {
		return 0, err
	}
	for _, d := range due {
		status, err := s.post(ctx, d)
		if err != nil {
			s.Log.WarnContext(ctx, "webhook delivery failed", "delivery", d.ID, "event", d.Event, "attempt", d.Attempts+1, "err", err)
		} else if status < 200 || status > 299 {
			s.Log.WarnContext(ctx, "webhook delivery refused", "delivery", d.ID, "event", d.Event, "attempt", d.Attempts+1, "status", status)
		}
		if err := s.DB.RecordAttempt(ctx, d.ID, status, err); err != nil {
			return 0, err
		}
	}
	return len(due), nil
}

func (s *Sender) post(ctx context.Context, d *store.Delivery) (int, error) {
	body := []byte(d.Payload)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, d.URL, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "laborbridge-webhooks/1")
	req.Header.Set(HeaderEvent, d.Event)
	req.Header.Set(HeaderDelivery, d.ID)
	req.Header.Set(HeaderSignature, Sign(d.Secret, s.Now(), body))
	res, err := s.Client.Do(req)
	if err != nil {
		return 0, err
	}
	io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10))
	res.Body.Close()
	return res.StatusCode, nil
}

// Run sends due deliveries every interval until ctx ends.
func (s *Sender) Run(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if _, err := s.Send(ctx); err != nil && ctx.Err() == nil {
			s.Log.ErrorContext(ctx, "webhook deliveries", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
