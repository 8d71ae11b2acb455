package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestServe starts the real command on port 0, as a newcomer would, and
// checks that the server answers and that nobody is signed in by default:
// the command's own acting user (the system, for migrations and demo data)
// must never reach a request.
func TestServe(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	dir := t.TempDir()
	out, w := io.Pipe()
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--demo", "--demo-workers", "300", "--db", filepath.Join(dir, "t.db"), "--addr", "127.0.0.1:0"},
			strings.NewReader(""), w, io.Discard, func(string) string { return "" })
		w.Close()
	}()
	addr := make(chan string, 1)
	planned := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		re := regexp.MustCompile(`serving on (http://\S+)`)
		trips := regexp.MustCompile(`^planned ([1-9]\d*) trips for ([1-9]\d*) workers`)
		for sc.Scan() {
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				addr <- m[1]
			}
			if m := trips.FindStringSubmatch(sc.Text()); m != nil {
				planned <- m[0]
			}
		}
	}()
	var base string
	select {
	case base = <-addr:
	case code := <-done:
		t.Fatalf("serve exited with %d before serving", code)
	case <-time.After(90 * time.Second):
		t.Fatal("serve did not start")
	}
	// The demo comes with its January campaign planned, so that trips,
	// boarding and hand-over can be tried at once.
	select {
	case <-planned:
	default:
		t.Error("serve --demo printed no planned trips before serving")
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, c := range []struct {
		path string
		want int
		loc  string
	}{
		{"/healthz", 200, ""},
		{"/", 303, "/login"},
		{"/workers", 303, "/login?next=%2Fworkers"},
		{"/login", 200, ""},
		{"/api/v1/workers", 401, ""},
		{"/api/v1/openapi.json", 200, ""},
	} {
		res, err := client.Get(base + c.path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != c.want || c.loc != "" && res.Header.Get("Location") != c.loc {
			t.Errorf("GET %s = %d %s, want %d %s", c.path, res.StatusCode, res.Header.Get("Location"), c.want, c.loc)
		}
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("serve exited with %d after its context ended, want 0", code)
		}
	case <-time.After(20 * time.Second):
		t.Error("serve did not stop")
	}
}
