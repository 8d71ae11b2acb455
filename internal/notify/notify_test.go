package notify_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"laborbridge"
	"laborbridge/internal/demo"
	"laborbridge/internal/notify"
	"laborbridge/internal/store"
	"laborbridge/internal/store/storetest"
)

func TestSignVerify(t *testing.T) {
	now := time.Date(2027, 1, 6, 8, 0, 0, 0, time.UTC)
	body := []byte(`{"event":"placement.arrived"}`)
	sig := notify.Sign("whsec_x", now, body)
	tests := []struct {
		name   string
		secret string
		header string
		body   string
		at     time.Time
		ok     bool
	}{
		{"genuine", "whsec_x", sig, string(body), now.Add(time.Minute), true},
		{"other secret", "whsec_y", sig, string(body), now, false},
		{"body changed", "whsec_x", sig, `{"event":"placement.no_show"}`, now, false},
		{"replayed late", "whsec_x", sig, string(body), now.Add(time.Hour), false},
		{"garbage", "whsec_x", "t=x,v1=", string(body), now, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := notify.Verify(tt.secret, tt.header, []byte(tt.body), tt.at, 5*time.Minute)
			if (err == nil) != tt.ok {
				t.Errorf("Verify = %v, want ok %v", err, tt.ok)
			}
		})
	}
}

// TestDeliveries subscribes a partner, confirms a placement so that an
// event is queued in the same transaction, and sends it to a receiver
// that fails twice before it accepts: the delivery is retried, signed, and
// logged with its attempts.
func TestDeliveries(t *testing.T) {
	clock := &storetest.Clock{T: storetest.Start}
	db := storetest.OpenSQLite(t, clock)
	ctx := context.Background()
	if _, err := demo.Fill(ctx, db, demo.Options{Workers: 600, Seed: 5, Today: storetest.Start}, nil); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var got []*http.Request
	var bodies []string
	fails := 2
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		defer mu.Unlock()
		got = append(got, r)
		bodies = append(bodies, string(b))
		if fails > 0 {
			fails--
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()

	partner, err := db.UserByName(ctx, "partner")
	if err != nil {
		t.Fatal(err)
	}
	hook, err := db.CreateWebhook(storetest.As(partner), store.WebhookInput{URL: srv.URL, Events: []string{"placement.confirmed"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateWebhook(storetest.As(partner), store.WebhookInput{URL: "ftp://x", Events: []string{"nope"}}); laborbridge.KindOf(err) != laborbridge.Invalid {
		t.Errorf("bad webhook: %v", err)
	}
	province, _ := db.UserByName(ctx, "province")
	if _, err := db.RunMatch(storetest.As(province), store.MatchParams{Day: "2027-01-04"}, nil); err != nil {
		t.Fatal(err)
	}
	ps, _, err := db.ListPlacements(storetest.As(partner), store.PlacementFilter{})
	if err != nil || len(ps) == 0 {
		t.Fatalf("partner placements: %d, %v", len(ps), err)
	}
	if _, err := db.Transition(storetest.As(province), []string{ps[0].ID}, laborbridge.EventAccept, ""); err != nil {
		t.Fatal(err)
	}
	res, err := db.Transition(storetest.As(partner), []string{ps[0].ID}, laborbridge.EventConfirm, "")
	if err != nil || res[0].Error != "" {
		t.Fatalf("confirm: %+v %v", res, err)
	}
	sender := &notify.Sender{DB: db, Client: srv.Client(), Log: slog.New(slog.DiscardHandler), Now: clock.Now}
	for i := 0; i < 3; i++ {
		if _, err := sender.Send(ctx); err != nil {
			t.Fatal(err)
		}
		clock.T = clock.T.Add(time.Hour)
	}
	if len(got) != 3 {
		t.Fatalf("receiver got %d requests, want 3 (two refused, one accepted)", len(got))
	}
	last := got[2]
	if last.Header.Get(notify.HeaderEvent) != "placement.confirmed" || !strings.Contains(bodies[2], ps[0].ID) {
		t.Errorf("delivery = %s %s", last.Header.Get(notify.HeaderEvent), bodies[2])
	}
	if strings.Contains(bodies[2], "id_number") {
		t.Errorf("a webhook carries identity: %s", bodies[2])
	}
	if err := notify.Verify(hook.Secret, last.Header.Get(notify.HeaderSignature), []byte(bodies[2]), clock.T, 3*time.Hour); err != nil {
		t.Errorf("signature: %v", err)
	}
	log, _, err := db.ListDeliveries(storetest.As(partner), hook.ID, store.Page{})
	if err != nil || len(log) != 1 || log[0].Status != store.DeliveryDelivered || log[0].Attempts != 3 {
		t.Fatalf("delivery log = %+v, %v", log, err)
	}
	// Nothing is due any more.
	if n, _ := sender.Send(ctx); n != 0 {
		t.Errorf("sent %d more", n)
	}
}
