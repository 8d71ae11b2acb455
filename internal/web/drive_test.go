package web_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"laborbridge"
	"laborbridge/internal/store"
	"laborbridge/internal/store/storetest"
)

func TestDriverLinkOverHTTP(t *testing.T) {
	site := newBoardingSite(t, 1500)
	trip, other := site.trips[0], site.trips[1]
	c := site.srv.Client()
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	get := func(path string) (int, string, http.Header) {
		res, err := c.Get(site.srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b), res.Header
	}

	// The office issues the link.
	code, body := site.post(t, c, "/api/v1/trips/"+trip.ID+"/driver-link", site.token, nil)
	if code != http.StatusOK {
		t.Fatalf("driver-link = %d %s", code, body)
	}
	var link struct{ Token, URL, Expires string }
	if err := json.Unmarshal(body, &link); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(link.URL, site.srv.URL+"/drive/") || !strings.HasSuffix(link.URL, link.Token) {
		t.Fatalf("link URL %q, want %s/drive/<token>", link.URL, site.srv.URL)
	}
	if code, _ := site.post(t, c, "/api/v1/trips/"+trip.ID+"/driver-link", "", nil); code != http.StatusUnauthorized {
		t.Errorf("driver-link without a token = %d, want 401", code)
	}

	// The driver opens it on a phone: the trip, its passengers, no ID numbers.
	code, page, _ := get("/drive/" + link.Token)
	if code != http.StatusOK || !strings.Contains(page, trip.Number) || !strings.Contains(page, `action="/drive/`+link.Token+`/status"`) {
		t.Fatalf("driver's page = %d\n%.600s", code, page)
	}
	if !strings.Contains(page, `data-reload="30"`) {
		t.Error("the driver's page of a trip on its way does not refresh itself")
	}
	if strings.Contains(page, `href="/workers`) || strings.Contains(page, "/logout") {
		t.Error("driver's page links to the office's pages")
	}
	if m := fullIDNumber.FindString(page); m != "" {
		t.Errorf("driver's page shows ID number %s", m)
	}
	code, api, _ := get("/api/v1/drive/" + link.Token)
	var drive struct {
		Trip  struct{ ID, Status string }
		Seats []struct{ Seat int }
	}
	if err := json.Unmarshal([]byte(api), &drive); err != nil || code != 200 || drive.Trip.ID != trip.ID || len(drive.Seats) != trip.Passengers {
		t.Fatalf("GET /api/v1/drive = %d %+v %v, want trip %s with %d seats", code, drive, err, trip.ID, trip.Passengers)
	}
	if hasFont(t) {
		code, pdf, h := get("/drive/" + link.Token + "/manifest.pdf")
		if code != 200 || h.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(pdf, "%PDF") || !strings.Contains(h.Get("Content-Disposition"), "masked") {
			t.Errorf("driver's manifest = %d %s %s", code, h.Get("Content-Type"), h.Get("Content-Disposition"))
		}
	}

	// The office prints the drivers' copy: the masked list and the link.
	if hasFont(t) {
		req, _ := http.NewRequest(http.MethodGet, site.srv.URL+"/api/v1/trips/"+trip.ID+"/manifest.pdf?driver=true", nil)
		req.Header.Set("Authorization", "Bearer "+site.token)
		res, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		pdf, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || !strings.HasPrefix(string(pdf), "%PDF") || !strings.Contains(res.Header.Get("Content-Disposition"), "drivers-copy") {
			t.Errorf("drivers' copy = %d %s", res.StatusCode, res.Header.Get("Content-Disposition"))
		}
		req, _ = http.NewRequest(http.MethodGet, site.srv.URL+"/api/v1/trips/"+trip.ID+"/manifest.xlsx?driver=true", nil)
		req.Header.Set("Authorization", "Bearer "+site.token)
		if res, err = c.Do(req); err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("drivers' copy as XLSX = %d, want 422", res.StatusCode)
		}
	}

	// The driver departs from the page and arrives through the API.
	res, err := c.PostForm(site.srv.URL+"/drive/"+link.Token+"/status", url.Values{"status": {"departed"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/drive/"+link.Token {
		t.Fatalf("depart = %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	if code, body := site.post(t, c, "/api/v1/drive/"+link.Token+"/status", "", map[string]string{"status": "boarding"}); code != http.StatusUnprocessableEntity {
		t.Errorf("driver asks for boarding = %d %s, want 422", code, body)
	}
	if code, body := site.post(t, c, "/api/v1/drive/"+link.Token+"/status", "", map[string]string{"status": "arrived"}); code != 200 || !strings.Contains(string(body), `"arrived"`) {
		t.Fatalf("arrive = %d %s", code, body)
	}
	// The audit trail names the driver in the reader's language.
	sess, err := site.db.CreateSession(context.Background(), site.province, store.SessionBrowser, "audit")
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodGet, site.srv.URL+"/audit?object_id="+trip.ID, nil)
	req.AddCookie(&http.Cookie{Name: "lb_session", Value: sess})
	res, err = c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	audit, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.Contains(string(audit), "司机（车次 "+trip.Number+"）") {
		t.Errorf("the audit page does not name the driver of %s:\n%.400s", trip.Number, audit)
	}
	got, err := site.db.GetTrip(storetest.System(), trip.ID)
	if err != nil || got.Status != laborbridge.TripArrived {
		t.Fatalf("trip after the driver's reports: %v, %v", got, err)
	}
	if st, _ := site.db.GetTrip(storetest.System(), other.ID); st.Status != laborbridge.TripPlanned {
		t.Errorf("another trip moved to %s", st.Status)
	}

	// A forged or altered link gets a page that says to ask the office,
	// not a sign-in form, and changes nothing.
	altered := link.Token[:30] + map[bool]string{true: "B", false: "A"}[link.Token[30] == 'A'] + link.Token[31:]
	for _, tok := range []string{altered, "NOTATOKEN"} {
		code, page, h := get("/drive/" + tok)
		if code != http.StatusUnauthorized || h.Get("Location") != "" || !strings.Contains(page, "就业服务机构") {
			t.Errorf("GET /drive/%s = %d (Location %q)\n%.300s", tok[:9], code, h.Get("Location"), page)
		}
		if code, _ := site.post(t, c, "/api/v1/drive/"+tok+"/status", "", map[string]string{"status": "departed"}); code != http.StatusUnauthorized {
			t.Errorf("POST with a bad link = %d, want 401", code)
		}
	}
}
