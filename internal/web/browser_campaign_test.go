package web_test

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"laborbridge"
	"laborbridge/internal/demo"
	"laborbridge/internal/store"
	"laborbridge/internal/store/storetest"
	"laborbridge/internal/web"
)

// TestBrowserCampaign walks the January campaign of a demo province in
// Chromium: the match run's summary, the placements, a departure event
// and its trip, a boarding scan on a phone-sized screen, the live board.
func TestBrowserCampaign(t *testing.T) {
	ctx := browser(t)
	clock := &storetest.Clock{T: storetest.Start}
	db := storetest.OpenSQLite(t, clock)
	opt := demo.Options{Workers: 2500, Seed: 4, Today: storetest.Start}
	filled, err := demo.Fill(context.Background(), db, opt, nil)
	if err != nil {
		t.Fatal(err)
	}
	camp, err := demo.January(context.Background(), db, opt, nil)
	if err != nil {
		t.Fatal(err)
	}
	sys := storetest.System()
	var ev *laborbridge.DepartureEvent
	var trip *laborbridge.Trip
	for _, e := range camp.Events {
		if _, err := db.PlanEvent(sys, e.ID, store.PlanOptions{}); err != nil {
			t.Fatal(err)
		}
		trips, err := db.ListTrips(sys, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, tr := range trips {
			if trip == nil && !tr.IsCar() && tr.FromStation == "" && tr.Passengers >= 20 {
				ev, trip = e, tr
			}
		}
	}
	if trip == nil {
		t.Fatal("no bus with 20 passengers in the campaign")
	}
	seats, err := db.TripSeats(sys, trip.ID)
	if err != nil {
		t.Fatal(err)
	}
	var tokens []string
	for _, s := range seats[:4] {
		tok, err := db.PassToken(sys, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		tokens = append(tokens, tok)
	}
	var password string
	for _, a := range filled.Accounts {
		if a.Username == "province" {
			password = a.Password
		}
	}
	h, err := web.New(db, web.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	shots := newShooter(t)
	run := func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	run("sign in", chromedp.Navigate(ts.URL+"/login"), chromedp.WaitVisible(chromedp.CSS(`input[name=username]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=username]`), "province"),
		chromedp.SendKeys(chromedp.CSS(`input[name=password]`), password),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button`)), chromedp.WaitVisible(chromedp.CSS(`.stats`)))
	run("overview", chromedp.Navigate(ts.URL+"/"), chromedp.WaitVisible(chromedp.CSS(`.bars`)), shots.shot("17-overview-campaign"))
	visible(ctx, t, "匹配与输送进度", "已排车")
	run("match run", chromedp.Navigate(ts.URL+"/match/"+camp.RunID), chromedp.WaitVisible(chromedp.CSS(`.bars`)), shots.shot("09-match-run"))
	visible(ctx, t, "未匹配原因", "按输入地", "各阶段耗时")
	run("matching form", chromedp.Navigate(ts.URL+"/match"), chromedp.WaitVisible(chromedp.CSS(`fieldset.objectives`)), shots.shot("10-match-form"))
	visible(ctx, t, "脱贫户优先", "稳定匹配")
	run("placements", chromedp.Navigate(ts.URL+"/placements"), chromedp.WaitVisible(chromedp.CSS(`table.list`)), shots.shot("11-placements"))
	run("event", chromedp.Navigate(ts.URL+"/events/"+ev.ID), chromedp.WaitVisible(chromedp.CSS(`table.list`)), shots.shot("12-event"))
	visible(ctx, t, ev.Point.Name)
	run("trip", chromedp.Navigate(ts.URL+"/trips/"+trip.ID), chromedp.WaitVisible(chromedp.CSS(`.actions`)), shots.shot("13-trip"))

	// Boarding on a phone: a hand scanner types the pass and presses Enter.
	phone := chromedp.EmulateViewport(412, 915)
	run("boarding page", phone, chromedp.Navigate(ts.URL+"/trips/"+trip.ID+"/board"), chromedp.WaitVisible(chromedp.CSS(`#scan-code`)))
	run("scan a healthy worker",
		chromedp.Click(chromedp.CSS(`input[name=identity]`)), chromedp.SendKeys(chromedp.CSS(`input[name=temperature]`), "36.5"),
		chromedp.Click(chromedp.CSS(`input[name=security]`)),
		chromedp.SendKeys(chromedp.CSS(`#scan-code`), tokens[0]+"\n"),
		chromedp.WaitVisible(chromedp.CSS(`.scan-result.ok`)))
	visible(ctx, t, "登车成功", seats[0].WorkerName)
	run("the same pass again", chromedp.SendKeys(chromedp.CSS(`input[name=temperature]`), "36.5"),
		chromedp.SendKeys(chromedp.CSS(`#scan-code`), tokens[0]+"\n"), chromedp.WaitVisible(chromedp.CSS(`.scan-result.warn`)))
	visible(ctx, t, "重复扫码")
	run("a fever", chromedp.SendKeys(chromedp.CSS(`input[name=temperature]`), "38.2"),
		chromedp.SendKeys(chromedp.CSS(`#scan-code`), tokens[1]+"\n"), chromedp.WaitVisible(chromedp.CSS(`.scan-result.bad`)),
		shots.shot("14-boarding-refused"))
	visible(ctx, t, "不能登车", "38.2")
	run("another healthy worker", chromedp.SendKeys(chromedp.CSS(`input[name=temperature]`), "36.7"),
		chromedp.SendKeys(chromedp.CSS(`#scan-code`), tokens[2]+"\n"), chromedp.WaitVisible(chromedp.CSS(`.scan-result.ok`)),
		shots.shot("15-boarding"))
	counts, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`.board-counts [data-k=boarded]`)))
	if err != nil || strings.TrimSpace(counts) != "2" {
		t.Errorf("the boarding page counts %q boarded, want 2", counts)
	}
	run("live board", chromedp.EmulateViewport(1366, 900), chromedp.Navigate(ts.URL+"/events/"+ev.ID+"/live"),
		chromedp.WaitVisible(chromedp.CSS(`table.live`)), shots.shot("16-live-board"))
	visible(ctx, t, "实时看板", trip.Number, "登车中")
	// The office hands the driver a link; the driver opens it on a phone.
	run("driver's link", chromedp.Navigate(ts.URL+"/trips/"+trip.ID+"/driver"), chromedp.WaitVisible(chromedp.CSS(`.pass-qr svg`)),
		shots.shot("18-driver-link"))
	link, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`.link-text`)))
	if err != nil || !strings.HasPrefix(link, ts.URL+"/drive/") {
		t.Fatalf("the driver's link reads %q, %v", link, err)
	}
	run("driver's page", phone, chromedp.Navigate(strings.TrimSpace(link)), chromedp.WaitVisible(chromedp.CSS(`.drive-actions`)),
		shots.shot("19-driver-phone"))
	visible(ctx, t, trip.Number, "已发车", "登车中", seats[0].WorkerName)
	run("back to the desk", chromedp.EmulateViewport(1366, 900))
	run("follow-ups", chromedp.Navigate(ts.URL+"/follow-ups"), chromedp.WaitVisible(chromedp.CSS(`section.card`)))
	run("webhooks", chromedp.Navigate(ts.URL+"/webhooks"), chromedp.WaitVisible(chromedp.CSS(`input[name=url]`)))
}
