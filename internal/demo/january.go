package demo

import (
	"context"
	"fmt"
	"math"

	"laborbridge"
	"laborbridge/internal/match"
	"laborbridge/internal/refdata"
	"laborbridge/internal/store"
)

// Campaign stages reported by January, in order, after Fill's.
const (
	StageMatch   = "match"
	StageAccept  = "accept"
	StageConfirm = "confirm"
	StageEvents  = "events"
)

// The campaign's funnel: of the workers a run places, most accept the
// offer, and the partners confirm most of those.
const (
	acceptShare  = 0.90
	confirmShare = 0.95
)

// eventDates is how many departure days each city holds in the campaign,
// a week apart.
const eventDates = 4

// CampaignResult says what January did.
type CampaignResult struct {
	RunID     string
	Placed    int
	Accepted  int
	Declined  int
	Confirmed int
	Rejected  int
	Events    []*laborbridge.DepartureEvent
}

var declineReasons = []string{"家中有事", "已在本地找到工作", "身体原因", "家人不同意外出", "工资低于预期"}
var rejectReasons = []string{"岗位已招满", "体检未通过", "年龄不符合岗位要求", "暂缓用工"}

// January plays the Spring Festival campaign on a filled demo, as the
// offices and partners would: a match run over the whole province, nine in
// ten workers accepting their offer (the offices record it for them) and
// the rest declining, the partners confirming nineteen in twenty accepted
// placements and rejecting the rest, and departure events at every city's
// sports centre on four days a week apart before the vacancies start, each
// serving the week of start dates that follows. Then the confirmed
// placements wait to be planned (store.PlanEvent). The same seed gives the
// same campaign. It returns the store's errors.
func January(ctx context.Context, db *store.DB, opt Options, progress func(stage string, done, total int)) (*CampaignResult, error) {
	if progress == nil {
		progress = func(string, int, int) {}
	}
	sys := laborbridge.WithActor(ctx, laborbridge.System())
	ss := seasonOf(opt.today())
	res := &CampaignResult{}
	progress(StageMatch, 0, 1)
	run, err := db.RunMatch(sys, store.MatchParams{Objective: match.PriorityFirst, Day: ss.first.Format("2006-01-02")}, nil)
	if err != nil {
		return nil, fmt.Errorf("campaign match: %w", err)
	}
	res.RunID, res.Placed = run.ID, run.Placed
	progress(StageMatch, 1, 1)

	r := newRand(opt.Seed, "january")
	counties := newShanxi().counties
	var accepted []*laborbridge.Placement
	for i, c := range counties {
		ps, err := allPlacements(sys, db, store.PlacementFilter{RunID: run.ID, State: string(laborbridge.PlacementProposed), Division: c.code})
		if err != nil {
			return nil, err
		}
		office := laborbridge.WithActor(ctx, &laborbridge.User{ID: "system", Username: "system", DisplayName: "system",
			Role: laborbridge.RoleCounty, Division: c.code})
		var yes []string
		no := map[string][]string{}
		for _, p := range ps {
			if chance(r, acceptShare) {
				yes = append(yes, p.ID)
				accepted = append(accepted, p)
			} else {
				why := pickOne(r, declineReasons)
				no[why] = append(no[why], p.ID)
				res.Declined++
			}
		}
		if err := decide(office, db, yes, laborbridge.EventAccept, ""); err != nil {
			return nil, err
		}
		for _, why := range declineReasons {
			if err := decide(office, db, no[why], laborbridge.EventDecline, why); err != nil {
				return nil, err
			}
		}
		res.Accepted += len(yes)
		progress(StageAccept, i+1, len(counties))
	}

	byEmployer := map[string][]string{}
	var employers []string
	for _, p := range accepted {
		if _, ok := byEmployer[p.EmployerID]; !ok {
			employers = append(employers, p.EmployerID)
		}
		byEmployer[p.EmployerID] = append(byEmployer[p.EmployerID], p.ID)
	}
	for i, emp := range employers {
		partner := laborbridge.WithActor(ctx, &laborbridge.User{ID: "system", Username: "system", DisplayName: "system",
			Role: laborbridge.RolePartner, EmployerID: emp})
		var yes []string
		no := map[string][]string{}
		for _, id := range byEmployer[emp] {
			if chance(r, confirmShare) {
				yes = append(yes, id)
				continue
			}
			why := pickOne(r, rejectReasons)
			no[why] = append(no[why], id)
			res.Rejected++
		}
		if err := decide(partner, db, yes, laborbridge.EventConfirm, ""); err != nil {
			return nil, err
		}
		for _, why := range rejectReasons {
			if err := decide(partner, db, no[why], laborbridge.EventReject, why); err != nil {
				return nil, err
			}
		}
		res.Confirmed += len(yes)
		progress(StageConfirm, i+1, len(employers))
	}

	cities := refdata.Children(shanxiCode)
	total := len(cities) * eventDates
	for d := range eventDates {
		// The first departure leaves two days before the first vacancies
		// start; each serves the starts up to the next one's.
		day := ss.first.AddDate(0, 0, 7*d-2)
		from, to := day.AddDate(0, 0, 2), day.AddDate(0, 0, 8)
		if d == eventDates-1 {
			to = ss.last
		}
		for i, c := range cities {
			lat, lon, ok := refdata.Point(c.Code)
			if !ok {
				return nil, laborbridge.InternalError(fmt.Errorf("city %s has no point", c.Code))
			}
			// The sports centre lies a short way from the city's point.
			angle := float64(i) * 2.4
			e, err := db.CreateEvent(sys, laborbridge.EventInput{
				Date: day.Format("2006-01-02"), PointName: c.NameZh + "体育中心", Address: c.NameZh + "体育中心南广场",
				Lat: fmt.Sprintf("%.5f", lat+0.02*math.Sin(angle)), Lon: fmt.Sprintf("%.5f", lon+0.02*math.Cos(angle)),
				Division: c.Code, PerHour: fmt.Sprint(perHour(c.Code)),
				StartFrom: from.Format("2006-01-02"), StartTo: to.Format("2006-01-02"),
			})
			if err != nil {
				return nil, fmt.Errorf("campaign event: %w", err)
			}
			res.Events = append(res.Events, e)
			progress(StageEvents, d*len(cities)+i+1, total)
		}
	}
	return res, nil
}

// perHour is a sports centre's boarding rate: the larger cities open more
// check desks.
func perHour(city string) int {
	if cityPopulation[city] >= 300 {
		return 900
	}
	return 600
}

// allPlacements pages through every placement that matches f.
func allPlacements(ctx context.Context, db *store.DB, f store.PlacementFilter) ([]*laborbridge.Placement, error) {
	var out []*laborbridge.Placement
	f.Page = store.Page{Number: 1, Size: store.MaxPageSize}
	for {
		ps, total, err := db.ListPlacements(ctx, f)
		if err != nil {
			return nil, err
		}
		out = append(out, ps...)
		if len(out) >= total || len(ps) == 0 {
			return out, nil
		}
		f.Page.Number++
	}
}

// decide applies one decision to placements, at most 5,000 at a time, and
// turns a refusal into an error: the demo only takes decisions the rules
// allow.
func decide(ctx context.Context, db *store.DB, ids []string, event laborbridge.PlacementEvent, reason string) error {
	for len(ids) > 0 {
		n := min(len(ids), 5000)
		res, err := db.Transition(ctx, ids[:n], event, reason)
		if err != nil {
			return fmt.Errorf("campaign %s: %w", event, err)
		}
		for _, x := range res {
			if x.Error != "" {
				return laborbridge.InternalError(fmt.Errorf("campaign %s of %s: %s", event, x.ID, x.Error))
			}
		}
		ids = ids[n:]
	}
	return nil
}
