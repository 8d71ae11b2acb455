package web

import (
	"net/http"
	"sort"

	"laborbridge"
	"laborbridge/internal/store"
)

// decisions are the bulk actions a role may take on placements.
func decisions(u *laborbridge.User) []laborbridge.PlacementEvent {
	var out []laborbridge.PlacementEvent
	for _, e := range []laborbridge.PlacementEvent{laborbridge.EventAccept, laborbridge.EventDecline, laborbridge.EventConfirm, laborbridge.EventReject} {
		if u != nil && laborbridge.MayCause(u.Role, e) {
			out = append(out, e)
		}
	}
	return out
}

func (s *Server) pagePlacements(w http.ResponseWriter, r *http.Request) {
	p := s.newPage(r, "NavPlacements")
	f, err := placementFilter(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	f.Page = store.Page{Number: pageParam(r), Size: 100}
	ps, total, err := s.db.ListPlacements(r.Context(), f)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	p.Data = struct {
		Placements []*laborbridge.Placement
		Total      int
		Page, Size int
		Areas      []option
		States     []laborbridge.PlacementState
		Actions    []laborbridge.PlacementEvent
	}{ps, total, f.Page.Number, f.Page.Size, areaOptions(p), laborbridge.PlacementStates, decisions(p.User)}
	s.render(w, r, http.StatusOK, "placements", p)
}

// postPlacements applies a bulk decision from the list and goes back to it.
func (s *Server) postPlacements(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, laborbridge.FieldErrorf("ids", "cannot read the form"))
		return
	}
	ev, err := laborbridge.ParsePlacementEvent(r.PostFormValue("event"))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	res, err := s.db.Transition(r.Context(), r.PostForm["ids"], ev, r.PostFormValue("reason"))
	if err != nil && laborbridge.KindOf(err) != laborbridge.Invalid {
		s.errorPage(w, r, err)
		return
	}
	lang := langOf(r)
	if err != nil {
		flash(w, laborbridge.MessageOf(err))
	} else {
		changed, refused := 0, 0
		for _, x := range res {
			if x.Error == "" {
				changed++
			} else {
				refused++
			}
		}
		flash(w, s.i18n.text(lang, "DecisionDone", "Changed", changed, "Refused", refused))
	}
	back := safeNext(r.PostFormValue("back"))
	if back == "/" {
		back = "/placements"
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
}

func (s *Server) pagePlacement(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	pl, err := s.db.GetPlacement(r.Context(), id)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	p := s.newPage(r, "Placement")
	p.Title = pl.WorkerName + " → " + pl.EmployerName
	p.Data = struct {
		P       *laborbridge.Placement
		Parts   []bar
		Actions []laborbridge.PlacementEvent
	}{pl, scoreBars(p, pl.Parts), decisions(p.User)}
	s.render(w, r, http.StatusOK, "placement", p)
}

// scoreBars shows a score's parts, largest first, scaled to the total.
func scoreBars(p *pageData, parts map[string]int) []bar {
	counts := make([]store.Count, 0, len(parts))
	for k, n := range parts {
		if n > 0 {
			counts = append(counts, store.Count{Key: k, N: n})
		}
	}
	sort.Slice(counts, func(i, j int) bool {
		return counts[i].N > counts[j].N || counts[i].N == counts[j].N && counts[i].Key < counts[j].Key
	})
	return bars(counts, func(k string) string { return p.T("Part_" + k) })
}

func (s *Server) exportPlacements(w http.ResponseWriter, r *http.Request) {
	f, err := placementFilter(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	if _, err := laborbridge.RequireActor(r.Context(), ""); err != nil {
		s.errorPage(w, r, err)
		return
	}
	format := exportFormatParam(r)
	exportHeaders(w, "placements", format)
	if _, err := s.db.ExportPlacements(r.Context(), w, f, format); err != nil {
		s.log.ErrorContext(r.Context(), "export placements", "err", err)
	}
}

// workerOffer is what a worker's page shows of matching: the live
// placement with its score, or why the last run left the worker out.
type workerOffer struct {
	Placement *laborbridge.Placement
	Parts     []bar
	Unplaced  *store.UnplacedReason
	Actions   []laborbridge.PlacementEvent
}

func (s *Server) offerOf(r *http.Request, p *pageData, workerID string) workerOffer {
	var o workerOffer
	ps, _, err := s.db.ListPlacements(r.Context(), store.PlacementFilter{WorkerID: workerID, Page: store.Page{Size: 5}})
	if err == nil {
		for _, pl := range ps {
			if pl.State.Live() {
				o.Placement, o.Parts = pl, scoreBars(p, pl.Parts)
				break
			}
		}
	}
	if o.Placement == nil {
		if u, err := s.db.LastUnplaced(r.Context(), workerID); err == nil {
			o.Unplaced = u
		}
	}
	for _, e := range decisions(p.User) {
		if e == laborbridge.EventAccept || e == laborbridge.EventDecline {
			o.Actions = append(o.Actions, e)
		}
	}
	return o
}
