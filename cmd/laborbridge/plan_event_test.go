package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"laborbridge/internal/printout"
)

// TestPlanEventsAndManifest plays a small January campaign, plans its
// departures from the command line and prints a manifest of one trip.
func TestPlanEventsAndManifest(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "demo.db")
	env := func(string) string { return "" }
	cli := func(args ...string) (int, string, string) {
		t.Helper()
		var out, errb bytes.Buffer
		code := run(context.Background(), args, strings.NewReader(""), &out, &errb, env)
		return code, out.String(), errb.String()
	}
	if code, _, stderr := cli("demo", "--workers", "1500", "--seed", "3", "--today", "2026-12-01", "--january", "--db", db); code != 0 {
		t.Fatalf("demo --january = %d: %s", code, stderr)
	}
	trips := filepath.Join(dir, "trips.csv")
	code, stdout, stderr := cli("plan", "--event", "all", "--out", trips, "--db", db)
	if code != 0 {
		t.Fatalf("plan --event all = %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	last := regexp.MustCompile(`^trips=(\d+) vehicles=\d+ passengers=[1-9]\d* seats=\d+ lower_bound=[1-9]\d* km=\d+ cost=\d+$`)
	if m := last.FindStringSubmatch(lines[len(lines)-1]); m == nil || m[1] == "0" {
		t.Fatalf("the last line is %q, want the line for scripts", lines[len(lines)-1])
	}
	if !strings.HasPrefix(lines[0], "planned and stored 44 events in ") {
		t.Errorf("the first line is %q", lines[0])
	}
	csv, err := os.ReadFile(trips)
	if err != nil || !strings.HasPrefix(string(csv), "trip,vehicle,capacity,departure,stop,destination,worker,seat\n") {
		t.Fatalf("trips.csv = %.80q, %v", csv, err)
	}
	trip := strings.Split(strings.Split(string(csv), "\n")[1], ",")[0]
	if code, _, stderr := cli("plan", "--event", "all", "--in", "x.csv", "--db", db); code != 2 || !strings.Contains(stderr, "not both") {
		t.Errorf("plan with --event and --in = %d %q, want a usage error", code, stderr)
	}

	// The trips CSV names each trip by the ID the manifest takes.
	id := trip
	xlsx := filepath.Join(dir, "m.xlsx")
	if code, stdout, stderr := cli("manifest", "--trip", id, "--format", "xlsx", "--masked", "--out", xlsx, "--db", db); code != 0 ||
		!strings.Contains(stdout, "masked copy") {
		t.Fatalf("manifest xlsx = %d %q %s", code, stdout, stderr)
	}
	if b, err := os.ReadFile(xlsx); err != nil || !bytes.HasPrefix(b, []byte("PK")) {
		t.Errorf("the XLSX manifest is %d bytes, %v", len(b), err)
	}
	code, stdout, stderr = cli("driver-link", "--trip", id, "--base-url", "https://jobs.example.cn/", "--db", db)
	if code != 0 || !regexp.MustCompile(`^https://jobs\.example\.cn/drive/[A-Z2-7]{100,}\nvalid through \d{4}-\d{2}-\d{2}\n$`).MatchString(stdout) {
		t.Errorf("driver-link = %d %q %s", code, stdout, stderr)
	}
	if code, _, stderr := cli("driver-link", "--trip", id, "--base-url", "jobs.example.cn", "--db", db); code != 2 || !strings.Contains(stderr, "http") {
		t.Errorf("driver-link with a bare host = %d %q, want a usage error", code, stderr)
	}
	if code, _, stderr := cli("manifest", "--trip", id, "--format", "doc", "--out", xlsx, "--db", db); code != 2 || !strings.Contains(stderr, "pdf or xlsx") {
		t.Errorf("manifest --format doc = %d %q", code, stderr)
	}
	if _, err := printout.LoadFont(printout.DefaultFontPath); err != nil && os.Getenv("CI") == "" {
		return
	}
	pdf := filepath.Join(dir, "m.pdf")
	if code, stdout, stderr := cli("manifest", "--trip", id, "--format", "pdf", "--out", pdf, "--db", db); code != 0 || !strings.Contains(stdout, "full copy") {
		t.Fatalf("manifest pdf = %d %q %s", code, stdout, stderr)
	}
	if b, err := os.ReadFile(pdf); err != nil || !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Errorf("the PDF manifest is %d bytes, %v", len(b), err)
	}
	if code, stdout, stderr := cli("manifest", "--trip", id, "--format", "pdf", "--drivers-copy", "--base-url", "https://jobs.example.cn",
		"--out", pdf, "--db", db); code != 0 || !strings.Contains(stdout, "drivers' copy") {
		t.Fatalf("manifest --drivers-copy = %d %q %s", code, stdout, stderr)
	}
	if code, _, stderr := cli("manifest", "--trip", id, "--format", "xlsx", "--drivers-copy", "--out", xlsx, "--db", db); code != 2 || !strings.Contains(stderr, "PDF") {
		t.Errorf("manifest --drivers-copy --format xlsx = %d %q, want a usage error", code, stderr)
	}
}
