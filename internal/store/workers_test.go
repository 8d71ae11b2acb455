package store_test

import (
	"bytes"
	"context"
	"os"
	"regexp"
	"testing"
	"time"

	"laborbridge"
	"laborbridge/internal/idcard"
	"laborbridge/internal/store"
	"laborbridge/internal/store/storetest"
)

// id returns a valid resident ID number of someone born on the date, in
// the division.
func id(t testing.TB, division string, y, m, d, seq int) string {
	t.Helper()
	n := idcard.Generate(division, time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC), seq, seq%2 == 1)
	if n == "" {
		t.Fatalf("Generate(%s) failed", division)
	}
	return n
}

func worker(t testing.TB, name, home string, seq int) laborbridge.WorkerInput {
	return laborbridge.WorkerInput{Name: name, IDNumber: id(t, home, 1990, 3, 14, seq), Phone: "13912345678", Home: home,
		Occupation: "5120", SkillLevel: "4", Priority: "否", WishRegions: "北京、江苏", MinWage: "4500"}
}

func TestWorkerScope(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB, _ *storetest.Clock) {
		sys := storetest.System()
		xiaodian := storetest.MustUser(t, db, laborbridge.User{Username: "xiaodian", Role: laborbridge.RoleCounty, Division: "140105"})
		taiyuan := storetest.MustUser(t, db, laborbridge.User{Username: "taiyuan", Role: laborbridge.RoleCity, Division: "140100"})
		yangquan := storetest.MustUser(t, db, laborbridge.User{Username: "yangquan", Role: laborbridge.RoleCounty, Division: "140302"})

		a, err := db.CreateWorker(sys, worker(t, "王小明", "140105", 1))
		if err != nil {
			t.Fatalf("CreateWorker: %v", err)
		}
		b, err := db.CreateWorker(sys, worker(t, "李红", "140106", 2))
		if err != nil {
			t.Fatalf("CreateWorker: %v", err)
		}
		c, err := db.CreateWorker(sys, worker(t, "赵强", "140302", 3))
		if err != nil {
			t.Fatalf("CreateWorker: %v", err)
		}
		tests := []struct {
			name string
			user *laborbridge.User
			want []string
		}{
			{"county sees its county", xiaodian, []string{a.ID}},
			{"city sees its counties", taiyuan, []string{a.ID, b.ID}},
			{"other county", yangquan, []string{c.ID}},
			{"system sees all", laborbridge.System(), []string{a.ID, b.ID, c.ID}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				ctx := storetest.As(tt.user)
				got, total, err := db.ListWorkers(ctx, store.WorkerFilter{})
				if err != nil {
					t.Fatal(err)
				}
				if total != len(tt.want) || len(got) != len(tt.want) {
					t.Fatalf("ListWorkers as %s = %d workers (total %d), want %d", tt.user.Username, len(got), total, len(tt.want))
				}
				seen := map[string]bool{}
				for _, w := range got {
					seen[w.ID] = true
				}
				for _, id := range tt.want {
					if !seen[id] {
						t.Errorf("ListWorkers as %s misses %s", tt.user.Username, id)
					}
				}
				for _, w := range []*laborbridge.Worker{a, b, c} {
					_, err := db.GetWorker(ctx, w.ID, false)
					if want := seen[w.ID]; (err == nil) != want {
						t.Errorf("GetWorker(%s) as %s: err %v, want visible %v", w.Name, tt.user.Username, err, want)
					}
					if err != nil && laborbridge.KindOf(err) != laborbridge.NotFound {
						t.Errorf("GetWorker out of scope = %v, want not found", err)
					}
				}
			})
		}
		// Writing outside one's area is refused, and changes nothing.
		if _, err := db.CreateWorker(storetest.As(xiaodian), worker(t, "外县人", "140302", 5)); laborbridge.KindOf(err) != laborbridge.Invalid {
			t.Errorf("county creating a worker of another county: err %v, want invalid", err)
		}
		if _, err := db.UpdateWorker(storetest.As(xiaodian), c.ID, worker(t, "赵强", "140302", 3)); laborbridge.KindOf(err) != laborbridge.NotFound {
			t.Errorf("county updating another county's worker: err %v, want not found", err)
		}
		// Searching by the exact ID number of another county's worker finds nothing.
		got, _, err := db.ListWorkers(storetest.As(xiaodian), store.WorkerFilter{Q: id(t, "140302", 1990, 3, 14, 3)})
		if err != nil || len(got) != 0 {
			t.Errorf("county searching another county's ID number = %d results, err %v; want none", len(got), err)
		}
	})
}

func TestWorkerMaskingAndReveal(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB, _ *storetest.Clock) {
		county := storetest.MustUser(t, db, laborbridge.User{Username: "xiaodian", Role: laborbridge.RoleCounty, Division: "140105"})
		in := worker(t, "王小明", "140105", 1)
		w, err := db.CreateWorker(storetest.As(county), in)
		if err != nil {
			t.Fatal(err)
		}
		masked, err := db.GetWorker(storetest.As(county), w.ID, false)
		if err != nil {
			t.Fatal(err)
		}
		if masked.IDNumber != "" || masked.IDMasked != in.IDNumber[:6]+"********"+in.IDNumber[14:] {
			t.Errorf("GetWorker masked: IDNumber %q IDMasked %q", masked.IDNumber, masked.IDMasked)
		}
		if masked.PhoneMasked != "139****5678" {
			t.Errorf("PhoneMasked = %q, want 139****5678", masked.PhoneMasked)
		}
		full, err := db.GetWorker(storetest.As(county), w.ID, true)
		if err != nil {
			t.Fatal(err)
		}
		if full.IDNumber != in.IDNumber || full.Phone != in.Phone {
			t.Errorf("GetWorker revealed = %q %q, want %q %q", full.IDNumber, full.Phone, in.IDNumber, in.Phone)
		}
		entries, _, err := db.ListAudit(storetest.System(), store.AuditFilter{Action: "worker.reveal", ObjectID: w.ID})
		if err != nil || len(entries) != 1 || entries[0].ActorName != "xiaodian" {
			t.Errorf("reveal audit = %+v, err %v; want one entry by xiaodian", entries, err)
		}
		// The birth date, sex and registered division come from the number.
		if full.Birth.Format("2006-01-02") != "1990-03-14" || full.Registered != "140105" || !full.Male {
			t.Errorf("derived = %v %v %v", full.Birth, full.Registered, full.Male)
		}
		// A duplicate registration is refused.
		if _, err := db.CreateWorker(storetest.As(county), in); laborbridge.KindOf(err) != laborbridge.Conflict {
			t.Errorf("duplicate CreateWorker err = %v, want conflict", err)
		}
	})
}

func TestNoPlainIDNumbersInFile(t *testing.T) {
	clock := &storetest.Clock{T: storetest.Start}
	db := storetest.OpenSQLite(t, clock)
	ctx := storetest.System()
	var numbers []string
	for i := 0; i < 50; i++ {
		in := worker(t, "测试", "140105", i)
		in.Phone = "1391234" + string(rune('0'+i%10)) + "678"
		if _, err := db.CreateWorker(ctx, in); err != nil {
			t.Fatal(err)
		}
		numbers = append(numbers, in.IDNumber)
	}
	if _, err := db.UpdateWorker(ctx, mustFirst(t, db), laborbridge.WorkerInput{Name: "改名", Phone: "13800000000", Home: "140105", Occupation: "5120"}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SQL().ExecContext(context.Background(), "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		t.Fatal(err)
	}
	raw := readAll(t, db.Path())
	// Any 18-character run that parses as a resident ID number is a leak;
	// runs of digits that are not (a UUID's tail beside a division code)
	// are not.
	re := regexp.MustCompile(`[0-9]{17}[0-9Xx]`)
	for _, m := range re.FindAll(raw, -1) {
		if _, err := idcard.Parse(string(m), clock.T); err == nil {
			t.Errorf("the database file holds a resident ID number %s…", m[:6])
		}
	}
	for _, n := range numbers {
		if bytes.Contains(raw, []byte(n)) {
			t.Fatalf("the database file holds ID number %s in plain text", n[:6])
		}
	}
	if bytes.Contains(raw, []byte("13800000000")) || bytes.Contains(raw, []byte("13912340678")) {
		t.Error("the database file holds a full mobile number")
	}
}

func mustFirst(t *testing.T, db *store.DB) string {
	t.Helper()
	ws, _, err := db.ListWorkers(storetest.System(), store.WorkerFilter{})
	if err != nil || len(ws) == 0 {
		t.Fatalf("no workers: %v", err)
	}
	return ws[0].ID
}

func readAll(t *testing.T, path string) []byte {
	t.Helper()
	var out []byte
	for _, p := range []string{path, path + "-wal"} {
		b, err := os.ReadFile(p)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		out = append(out, b...)
	}
	return out
}

func TestWorkerUpdateAudited(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		ctx := storetest.System()
		w, err := db.CreateWorker(ctx, worker(t, "王小明", "140105", 1))
		if err != nil {
			t.Fatal(err)
		}
		clock.T = clock.T.Add(time.Hour)
		in := worker(t, "王小明", "140105", 1)
		in.MinWage = "5000"
		in.IDNumber = ""
		in.Phone = ""
		got, err := db.UpdateWorker(ctx, w.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		if got.MinWage != 5000 || !got.UpdatedAt.Equal(clock.T.UTC()) {
			t.Errorf("UpdateWorker = wage %d at %v", got.MinWage, got.UpdatedAt)
		}
		clock.T = clock.T.Add(time.Minute)
		full, _ := db.GetWorker(ctx, w.ID, true)
		if full.Phone != "13912345678" {
			t.Errorf("an empty phone changed the stored one to %q", full.Phone)
		}
		entries, _, err := db.ListAudit(ctx, store.AuditFilter{ObjectID: w.ID})
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, e := range entries {
			actions = append(actions, e.Action)
		}
		want := []string{"worker.reveal", "worker.update", "worker.create"}
		if len(actions) != 3 || actions[0] != want[0] || actions[1] != want[1] || actions[2] != want[2] {
			t.Errorf("audit actions = %v, want %v", actions, want)
		}
		for _, e := range entries {
			if regexp.MustCompile(`[0-9]{17}[0-9X]`).MatchString(e.Before + e.After) {
				t.Errorf("audit entry %s holds a full ID number", e.Action)
			}
		}
		// An illegal change is refused and changes nothing.
		bad := in
		bad.Phone = "12345"
		if _, err := db.UpdateWorker(ctx, w.ID, bad); laborbridge.KindOf(err) != laborbridge.Invalid {
			t.Errorf("UpdateWorker with a bad phone: %v", err)
		}
		after, _, _ := db.ListAudit(ctx, store.AuditFilter{ObjectID: w.ID})
		if len(after) != len(entries) {
			t.Errorf("a refused update wrote %d audit entries", len(after)-len(entries))
		}
	})
}
