package store

import (
	"database/sql"
	"errors"
	"fmt"

	"laborbridge"
	"laborbridge/internal/sheet"
)

// vacancyBatch collects valid vacancy rows. Vacancy files are small (a
// partner posts tens, the province hundreds), so rows are stored one by one.
type vacancyBatch struct {
	im   *importer
	seen map[string]int // credit code + reference or description → first row
	rows []pendingVacancy
}

type pendingVacancy struct {
	line     int
	v        *laborbridge.Vacancy
	employer string
}

func (b *vacancyBatch) pending() int { return len(b.rows) }

func (b *vacancyBatch) add(line int, r sheet.Row) []RowError {
	im := b.im
	in := vacancyInputOf(r)
	v, err := laborbridge.ParseVacancy(in)
	if err != nil {
		return im.rowErrors(line, err)
	}
	key := naturalKey(v.CreditCode, v)
	if first, dup := b.seen[key]; dup {
		return []RowError{{Line: line, Reason: fmt.Sprintf("the same vacancy as row %d", first)}}
	}
	b.seen[key] = line
	b.rows = append(b.rows, pendingVacancy{line, v, in.Employer})
	return nil
}

func (b *vacancyBatch) flush(write bool) error {
	im, tx := b.im, b.im.tx
	rows := b.rows
	b.rows = nil
	for _, p := range rows {
		write = write && !im.rejecting()
		if !write {
			if err := b.check(p); err != nil {
				if laborbridge.KindOf(err) == laborbridge.Internal {
					return err
				}
				im.invalid(im.rowErrors(p.line, err))
			}
			continue
		}
		e, err := tx.vacancyEmployer(im.actor, p.v, p.employer)
		if err != nil {
			if laborbridge.KindOf(err) == laborbridge.Internal {
				return err
			}
			im.invalid(im.rowErrors(p.line, err))
			continue
		}
		p.v.EmployerID, p.v.EmployerName = e.ID, e.Name
		old, err := scanVacancy(tx.queryRow(`SELECT `+vacancyColumns+vacancyFrom+` WHERE v.natural_key = $1`, naturalKey(e.ID, p.v)))
		switch {
		case errors.Is(err, sql.ErrNoRows):
			if err := tx.insertVacancy(p.v); err != nil {
				return err
			}
			im.rep.Created++
		case err != nil:
			return internal("look up vacancy", err)
		case sameVacancy(old, withState(p.v, old.State)):
			im.rep.Unchanged++
		default:
			p.v.State = old.State
			if err := tx.updateVacancy(old, p.v); err != nil {
				if laborbridge.KindOf(err) == laborbridge.Internal {
					return err
				}
				im.invalid(im.rowErrors(p.line, err))
				continue
			}
			im.rep.Updated++
		}
	}
	return nil
}

func withState(v *laborbridge.Vacancy, s laborbridge.VacancyState) *laborbridge.Vacancy {
	c := *v
	c.State = s
	return &c
}

// check finds the problems storing p would meet, without writing.
func (b *vacancyBatch) check(p pendingVacancy) error {
	im, tx := b.im, b.im.tx
	e, err := tx.db.scanEmployer(tx.queryRow(`SELECT `+employerColumns+` FROM employers WHERE credit_code = $1`, p.v.CreditCode))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		if im.actor.Role != laborbridge.RoleProvince {
			return laborbridge.FieldErrorf("credit_code", "no partner is registered with credit code %s", p.v.CreditCode)
		}
		if p.employer == "" {
			return laborbridge.FieldErrorf("employer", "credit code %s is not registered yet; give the employer's name to register it", p.v.CreditCode)
		}
	case err != nil:
		return internal("read employer", err)
	case im.actor.Role == laborbridge.RolePartner && e.ID != im.actor.EmployerID:
		return laborbridge.FieldErrorf("credit_code", "you may post vacancies only for your own employer")
	}
	return nil
}
