package web_test

import (
	"net/http"
	"strings"
	"testing"

	"laborbridge/internal/store"
	"laborbridge/internal/store/storetest"
)

// TestScope checks that an office user reaches exactly the workers of its
// area through every door: the API list and get, and the list and detail
// pages.
func TestScope(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		e := newEnv(t, db, clock, 16)
		tests := []struct {
			user   string
			prefix string
		}{
			{"xiaodian", "140105"},
			{"yingze", "140106"},
			{"taiyuan", "1401"},
			{"shanxi", "14"},
		}
		for _, tt := range tests {
			t.Run(tt.user, func(t *testing.T) {
				cookie := e.login(tt.user)
				want := 0
				for _, w := range e.workers {
					if strings.HasPrefix(w.Home, tt.prefix) {
						want++
					}
				}

				var list page[workerOut]
				res, body := e.do(req{path: "/api/v1/workers?per_page=500", as: tt.user})
				if res.StatusCode != 200 {
					t.Fatalf("GET /api/v1/workers = %d", res.StatusCode)
				}
				decodeJSON(t, body, &list)
				if list.Total != want || len(list.Items) != want {
					t.Errorf("API list as %s = %d workers (total %d), want %d", tt.user, len(list.Items), list.Total, want)
				}
				for _, w := range list.Items {
					if !strings.HasPrefix(w.Home, tt.prefix) {
						t.Errorf("API list as %s shows %s of %s", tt.user, w.ID, w.Home)
					}
				}

				_, listPage := e.page(cookie, "/workers")
				for _, w := range e.workers {
					visible := strings.HasPrefix(w.Home, tt.prefix)
					code := http.StatusNotFound
					if visible {
						code = http.StatusOK
					}
					if res, _ := e.do(req{path: "/api/v1/workers/" + w.ID, as: tt.user}); res.StatusCode != code {
						t.Errorf("GET /api/v1/workers/%s (%s) as %s = %d, want %d", w.ID, w.Home, tt.user, res.StatusCode, code)
					}
					res, body := e.page(cookie, "/workers/"+w.ID)
					if res.StatusCode != code {
						t.Errorf("GET /workers/%s (%s) as %s = %d, want %d", w.ID, w.Home, tt.user, res.StatusCode, code)
					}
					if !visible && strings.Contains(body, w.IDMasked) {
						t.Errorf("the 404 page of /workers/%s shows the worker", w.ID)
					}
					if got := strings.Contains(listPage, `href="/workers/`+w.ID+`"`); got != visible {
						t.Errorf("page /workers as %s links %s (%s): %v, want %v", tt.user, w.ID, w.Home, got, visible)
					}
					if res, _ := e.page(cookie, "/workers/"+w.ID+"/edit"); res.StatusCode != code {
						t.Errorf("GET /workers/%s/edit as %s = %d, want %d", w.ID, tt.user, res.StatusCode, code)
					}
				}
			})
		}

		t.Run("filters cannot widen the scope", func(t *testing.T) {
			other := e.workerIn("140106")
			for _, path := range []string{
				"/api/v1/workers?division=140106",
				"/api/v1/workers?division=14",
				"/api/v1/workers?q=" + other.Name,
				"/api/v1/workers?q=" + e.mustReveal(other.ID).IDNumber,
			} {
				res, body := e.do(req{path: path, as: "xiaodian"})
				var list page[workerOut]
				decodeJSON(t, body, &list)
				for _, w := range list.Items {
					if w.Home != "140105" {
						t.Errorf("GET %s as xiaodian = %d, shows %s of %s", path, res.StatusCode, w.ID, w.Home)
					}
				}
			}
			cookie := e.login("xiaodian")
			_, body := e.page(cookie, "/workers?division=140106")
			if strings.Contains(body, other.ID) {
				t.Errorf("page /workers?division=140106 as xiaodian links %s", other.ID)
			}
		})
	})
}
