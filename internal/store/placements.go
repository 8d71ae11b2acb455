package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"laborbridge"
	"laborbridge/internal/refdata"
	"laborbridge/internal/sheet"
)

const placementColumns = `p.id, p.run_id, p.worker_id, w.name, p.home, p.vacancy_id, v.title, p.employer_id, e.name, v.division,
	v.start_date, p.score, p.parts_json, p.distance_km, p.state, p.reason, p.created_at, p.updated_at`

const placementFrom = ` FROM placements p JOIN workers w ON w.id = p.worker_id JOIN vacancies v ON v.id = p.vacancy_id
	JOIN employers e ON e.id = p.employer_id`

func scanPlacement(row interface{ Scan(...any) error }) (*laborbridge.Placement, error) {
	var p laborbridge.Placement
	var parts, state string
	err := row.Scan(&p.ID, &p.RunID, &p.WorkerID, &p.WorkerName, &p.Home, &p.VacancyID, &p.VacancyTitle, &p.EmployerID,
		&p.EmployerName, &p.Place, &p.StartDate, &p.Score, &parts, &p.DistanceKm, &state, &p.Reason, &p.CreatedAt, &p.UpdatedAt)
	if err != nil {
		return nil, err
	}
	p.State = laborbridge.PlacementState(state)
	if parts != "" {
		if err := json.Unmarshal([]byte(parts), &p.Parts); err != nil {
			return nil, fmt.Errorf("placement parts: %w", err)
		}
	}
	return &p, nil
}

// placementScope limits placements to those the actor may see: an office's
// workers, a partner's vacancies, a worker's own.
func placementScope(u *laborbridge.User, w *where) {
	switch {
	case u.IsOffice():
		if p := u.DivisionPrefix(); p != "" {
			lo, hi := prefixRange(p)
			w.add("p.home >= ? AND p.home < ?", lo, hi)
		}
	case u.Role == laborbridge.RolePartner:
		w.add("p.employer_id = ?", u.EmployerID)
	case u.Role == laborbridge.RoleWorker:
		w.add("p.worker_id = ?", u.WorkerID)
	default:
		w.add("1 = 0")
	}
}

// PlacementFilter narrows ListPlacements.
type PlacementFilter struct {
	RunID     string
	State     string
	Division  string // home division code or prefix
	Employer  string
	VacancyID string
	WorkerID  string
	Q         string // worker name
	Page      Page
}

func (f PlacementFilter) where(u *laborbridge.User) where {
	var w where
	placementScope(u, &w)
	if f.RunID != "" {
		w.add("p.run_id = ?", f.RunID)
	}
	if f.State != "" {
		w.add("p.state = ?", f.State)
	}
	if f.Division != "" {
		lo, hi := prefixRange(laborbridge.DivisionPrefix(f.Division))
		w.add("p.home >= ? AND p.home < ?", lo, hi)
	}
	if f.Employer != "" {
		w.add("p.employer_id = ?", f.Employer)
	}
	if f.VacancyID != "" {
		w.add("p.vacancy_id = ?", f.VacancyID)
	}
	if f.WorkerID != "" {
		w.add("p.worker_id = ?", f.WorkerID)
	}
	if q := strings.TrimSpace(f.Q); q != "" {
		w.add(`w.name LIKE ? ESCAPE '\'`, likePattern(q))
	}
	return w
}

// ListPlacements returns the placements the actor may see that match f,
// newest first, and how many match in all.
func (db *DB) ListPlacements(ctx context.Context, f PlacementFilter) ([]*laborbridge.Placement, int, error) {
	u, err := laborbridge.RequireActor(ctx, "")
	if err != nil {
		return nil, 0, err
	}
	w := f.where(u)
	var total int
	if err := db.sql.QueryRowContext(ctx, `SELECT COUNT(*)`+placementFrom+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, internal("count placements", err)
	}
	limit, offset := f.Page.bounds()
	rows, err := db.sql.QueryContext(ctx, `SELECT `+placementColumns+placementFrom+w.sql()+
		fmt.Sprintf(" ORDER BY p.created_at DESC, p.home, w.name, p.id LIMIT %d OFFSET %d", limit, offset), w.args...)
	if err != nil {
		return nil, 0, internal("list placements", err)
	}
	defer rows.Close()
	var out []*laborbridge.Placement
	for rows.Next() {
		p, err := scanPlacement(rows)
		if err != nil {
			return nil, 0, internal("list placements", err)
		}
		out = append(out, p)
	}
	return out, total, internal0("list placements", rows.Err())
}

// GetPlacement returns a placement the actor may see; NotFound otherwise.
func (db *DB) GetPlacement(ctx context.Context, id string) (*laborbridge.Placement, error) {
	u, err := laborbridge.RequireActor(ctx, "")
	if err != nil {
		return nil, err
	}
	return db.reader(ctx).placement(u, id)
}

func (tx *Tx) placement(u *laborbridge.User, id string) (*laborbridge.Placement, error) {
	var w where
	w.add("p.id = ?", id)
	placementScope(u, &w)
	p, err := scanPlacement(tx.queryRow(`SELECT `+placementColumns+placementFrom+w.sql(), w.args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, laborbridge.Errorf(laborbridge.NotFound, "placement not found")
	}
	if err != nil {
		return nil, internal("read placement", err)
	}
	return p, nil
}

// TransitionResult says what happened to each placement of a bulk change.
type TransitionResult struct {
	ID    string `json:"id"`
	State string `json:"state,omitempty"`
	Error string `json:"error,omitempty"`
}

// Transition applies a decision (accept, decline, confirm, reject) to each
// placement, all in one transaction: a
// placement the actor may not see, or whose state forbids the event, is
// reported and left unchanged; the others change. reason is kept with
// declines, rejections and departures. The role must be allowed to cause
// the event (Forbidden otherwise).
func (db *DB) Transition(ctx context.Context, ids []string, event laborbridge.PlacementEvent, reason string) ([]TransitionResult, error) {
	u, err := laborbridge.RequireActor(ctx, "")
	if err != nil {
		return nil, err
	}
	switch event {
	case laborbridge.EventAccept, laborbridge.EventDecline, laborbridge.EventConfirm, laborbridge.EventReject:
	default:
		return nil, laborbridge.FieldErrorf("event", "%s happens through its own step (trip planning, boarding, hand-over, follow-up)", event)
	}
	if !laborbridge.MayCause(u.Role, event) {
		return nil, laborbridge.Errorf(laborbridge.Forbidden, "the %s role may not %s placements", u.Role, event)
	}
	if len(ids) == 0 {
		return nil, laborbridge.FieldErrorf("ids", "choose at least one placement")
	}
	if len(ids) > 5000 {
		return nil, laborbridge.FieldErrorf("ids", "at most 5,000 placements at once")
	}
	reason = strings.TrimSpace(reason)
	if len([]rune(reason)) > 200 {
		return nil, laborbridge.FieldErrorf("reason", "at most 200 characters")
	}
	out := make([]TransitionResult, len(ids))
	err = db.inTx(ctx, func(tx *Tx) error {
		for i, id := range ids {
			out[i] = TransitionResult{ID: id}
			p, err := tx.placement(u, id)
			if err == nil {
				err = tx.transition(p, event, reason)
			}
			if err != nil {
				if laborbridge.KindOf(err) == laborbridge.Internal {
					return err
				}
				out[i].Error = laborbridge.MessageOf(err)
				continue
			}
			out[i].State = string(p.State)
		}
		return nil
	})
	return out, err
}

// transition moves p by event, keeping the vacancy's count of live
// placements and the worker's status in step, and audits the change.
func (tx *Tx) transition(p *laborbridge.Placement, event laborbridge.PlacementEvent, reason string) error {
	next, err := p.State.Next(event)
	if err != nil {
		return err
	}
	before := p.State
	if _, err := tx.exec(`UPDATE placements SET state = $1, live = $2, reason = $3, updated_at = $4 WHERE id = $5 AND state = $6`,
		string(next), next.Live(), reason, tx.now, p.ID, string(before)); err != nil {
		return internal("update placement", err)
	}
	if before.Live() && !next.Live() {
		if _, err := tx.exec(`UPDATE vacancies SET filled = filled - 1, updated_at = $1 WHERE id = $2`, tx.now, p.VacancyID); err != nil {
			return internal("free seat", err)
		}
		if _, err := tx.exec(`UPDATE workers SET status = $1, updated_at = $2 WHERE id = $3`, string(laborbridge.WorkerRegistered), tx.now, p.WorkerID); err != nil {
			return internal("free worker", err)
		}
	}
	if next == laborbridge.PlacementEmployed {
		if _, err := tx.exec(`UPDATE workers SET status = $1, updated_at = $2 WHERE id = $3`, string(laborbridge.WorkerEmployed), tx.now, p.WorkerID); err != nil {
			return internal("employ worker", err)
		}
		if err := tx.scheduleFollowUps(p); err != nil {
			return err
		}
	}
	p.State, p.Reason, p.UpdatedAt = next, reason, tx.now
	if err := tx.emit("placement."+string(next), p.Home, p.EmployerID, placementEvent(p)); err != nil {
		return err
	}
	type view struct {
		State  string `json:"state"`
		Reason string `json:"reason,omitempty"`
	}
	return tx.audit("placement."+string(event), "placement", p.ID, p.Home, view{State: string(before)}, view{string(next), reason})
}

// PlacementColumns is the spreadsheet layout of a placement list.
var PlacementColumns = sheet.Schema{
	{Key: "worker", Names: []string{"姓名", "worker"}},
	{Key: "home", Names: []string{"户籍地", "home"}},
	{Key: "employer", Names: []string{"用人单位", "employer"}},
	{Key: "vacancy", Names: []string{"岗位", "vacancy"}},
	{Key: "place", Names: []string{"工作地点", "place"}},
	{Key: "start_date", Names: []string{"到岗日期", "start_date"}},
	{Key: "score", Names: []string{"匹配得分", "score"}},
	{Key: "distance_km", Names: []string{"距离（公里）", "distance_km"}},
	{Key: "state", Names: []string{"状态", "state"}},
	{Key: "reason", Names: []string{"原因", "reason"}},
	{Key: "id", Names: []string{"编号", "id"}},
}

// placementStateZh names the states in exports, which go to offices.
var placementStateZh = map[laborbridge.PlacementState]string{
	laborbridge.PlacementProposed: "待确认", laborbridge.PlacementAccepted: "本人已接受", laborbridge.PlacementDeclined: "本人已拒绝",
	laborbridge.PlacementConfirmed: "单位已确认", laborbridge.PlacementRejected: "单位已拒绝", laborbridge.PlacementScheduled: "已排车",
	laborbridge.PlacementBoarded: "已上车", laborbridge.PlacementArrived: "已到达", laborbridge.PlacementEmployed: "已上岗",
	laborbridge.PlacementRetained: "稳定就业", laborbridge.PlacementLeft: "已离职", laborbridge.PlacementNoShow: "未到达",
}

// ExportPlacements writes the placements the actor may see that match f
// (all pages) as a spreadsheet a county office can work through.
func (db *DB) ExportPlacements(ctx context.Context, w io.Writer, f PlacementFilter, format sheet.Format) (int, error) {
	u, err := laborbridge.RequireActor(ctx, "")
	if err != nil {
		return 0, err
	}
	wh := f.where(u)
	sw, err := sheet.NewWriter(w, format, PlacementColumns, sheet.WriteOptions{Title: []string{"匹配结果"}})
	if err != nil {
		return 0, laborbridge.InternalError(err)
	}
	rows, err := db.sql.QueryContext(ctx, `SELECT `+placementColumns+placementFrom+wh.sql()+` ORDER BY p.home, w.name, p.id`, wh.args...)
	if err != nil {
		return 0, internal("export placements", err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		p, err := scanPlacement(rows)
		if err != nil {
			return n, internal("export placements", err)
		}
		home, place := p.Home, p.Place
		if d, ok := refdata.DivisionByCode(p.Home); ok {
			home = d.QualifiedZh()
		}
		if d, ok := refdata.DivisionByCode(p.Place); ok {
			place = d.QualifiedZh()
		}
		if err := sw.Write([]string{p.WorkerName, home, p.EmployerName, p.VacancyTitle, place, p.StartDate,
			strconv.Itoa(p.Score), strconv.FormatFloat(p.DistanceKm, 'f', 0, 64), placementStateZh[p.State], p.Reason, p.ID}); err != nil {
			return n, laborbridge.InternalError(err)
		}
		n++
	}
	if err := rows.Err(); err != nil {
		return n, internal("export placements", err)
	}
	if err := sw.Close(); err != nil {
		return n, laborbridge.InternalError(err)
	}
	return n, db.inTx(ctx, func(tx *Tx) error {
		return tx.audit("export.placements", "export", f.RunID, u.Division, nil, map[string]any{"rows": n})
	})
}

// placementEvent is what webhooks are told of a placement: no identity
// beyond the worker's name.
func placementEvent(p *laborbridge.Placement) map[string]any {
	return map[string]any{"placement_id": p.ID, "worker": p.WorkerName, "home": p.Home, "employer_id": p.EmployerID,
		"vacancy_id": p.VacancyID, "vacancy": p.VacancyTitle, "place": p.Place, "start_date": p.StartDate,
		"state": string(p.State), "reason": p.Reason}
}
