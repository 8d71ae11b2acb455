package match

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"laborbridge"
	"laborbridge/internal/refdata"
)

// Reason says why a worker was not placed. The user interface translates
// the code; Unplaced.Detail says the same in English with the numbers.
type Reason string

// The reasons, one per hard filter in the order the filters apply, then
// the two that are not filters. A worker without a candidate gets the
// filter at which the vacancies still open to them ran out: of the
// vacancies in the worker's or a related occupation (occupation), those
// with a seat left (headcount), in a wished province (region), whose
// certificate requirement the worker meets (certificate), then years of
// experience (years), age on the start date within the vacancy's range
// and the legal working age (age), a wage range reaching the worker's
// minimum (wage), and a start no earlier than the worker is available
// (start_date).
const (
	ReasonOccupation  Reason = "occupation"
	ReasonHeadcount   Reason = "headcount"
	ReasonRegion      Reason = "region"
	ReasonCertificate Reason = "certificate"
	ReasonYears       Reason = "years"
	ReasonAge         Reason = "age"
	ReasonWage        Reason = "wage"
	ReasonStartDate   Reason = "start_date"
	// ReasonUnranked: in stable mode with explicit rankings, the worker
	// ranked no vacancy.
	ReasonUnranked Reason = "unranked"
	// ReasonLost: the worker had candidates, and each of them went to
	// other workers in the assignment the objective chose.
	ReasonLost Reason = "lost"
)

var stageReason = [...]Reason{
	stOccupation: ReasonOccupation, stHeadcount: ReasonHeadcount, stRegion: ReasonRegion,
	stCertificate: ReasonCertificate, stYears: ReasonYears, stAge: ReasonAge, stWage: ReasonWage,
	stStart: ReasonStartDate,
}

const minWorkingAge = laborbridge.MinWorkingAge

// diag follows, while a worker has no candidate, the vacancies that went
// furthest through the filters: best is the stage they failed at, n how
// many they are, and the other fields the numbers the reason quotes.
type diag struct {
	best  int8
	n     int32
	a, b  int32
	lo    int32
	hi    int32
	legal int8 // for age: 1 when under the legal age, 2 when over it
}

func (d *diag) record(st int8, t *vtable, x int32, w *wctx) {
	if st == stPass || st < d.best {
		return
	}
	if st > d.best {
		*d = diag{best: st, a: math.MaxInt32, b: math.MinInt32, lo: math.MaxInt32, hi: math.MinInt32}
	}
	d.n++
	switch st {
	case stCertificate:
		d.b = max(d.b, int32(t.rows[x].cert))
	case stYears:
		d.a = min(d.a, int32(t.rows[x].years))
	case stAge:
		age := int32(ageAt(t.rows[x].startY, t.rows[x].startMD, w.by, w.bmd))
		d.a, d.b = min(d.a, age), max(d.b, age)
		d.lo, d.hi = min(d.lo, int32(t.rows[x].ageMin)), max(d.hi, int32(t.rows[x].ageMax))
		if age < minWorkingAge {
			d.legal |= 1
		}
		if age > int32(w.retire) {
			d.legal |= 2
		}
	case stWage:
		d.b = max(d.b, t.rows[x].wageMax)
	case stStart:
		d.b = max(d.b, t.rows[x].start)
	}
}

// reasonText writes reasons; it is per goroutine.
type reasonText struct {
	b strings.Builder
}

// noCandidate returns the reason and detail for worker i, who has no
// candidate; ix is nil when the worker's own ranking was filtered.
func (rt *reasonText) noCandidate(in *input, ix *index, i int32, d *diag) (Reason, string) {
	w := &in.workers[i]
	occ := in.wc[i].occ
	trade := occupationPhrase(w.Occupation, in.p.MinRelated)
	if ix == nil {
		if len(in.p.Ranks[i]) == 0 {
			return ReasonUnranked, "the worker ranked no vacancy"
		}
		return stageReason[d.best], rt.detail(in, i, d, "the worker ranked "+plural(len(in.p.Ranks[i]), "vacancy", "vacancies")+": ")
	}
	if d.best > 0 {
		return stageReason[d.best], rt.detail(in, i, d, "")
	}
	var total, open int32
	perSlot := make([]int32, ix.slots)
	for _, r := range in.occs[occ].rel {
		total += ix.total[r.occ]
		for s := range ix.slots {
			c := ix.open[int(r.occ)*ix.slots+s]
			open += c
			perSlot[s] += c
		}
	}
	switch {
	case total == 0:
		return ReasonOccupation, "there is no vacancy for " + trade
	case open == 0 && total == 1:
		return ReasonHeadcount, "the only vacancy for " + trade + " is full"
	case open == 0:
		return ReasonHeadcount, fmt.Sprintf("all %d vacancies for %s are full", total, trade)
	}
	type count struct {
		slot int
		n    int32
	}
	var elsewhere []count
	for s, c := range perSlot {
		if c > 0 {
			elsewhere = append(elsewhere, count{s, c})
		}
	}
	slices.SortStableFunc(elsewhere, func(a, b count) int { return int(b.n - a.n) })
	var names []string
	for k, c := range elsewhere {
		if k == 3 {
			names = append(names, "…")
			break
		}
		names = append(names, fmt.Sprintf("%s %d", slotName(in.slots[c.slot]), c.n))
	}
	return ReasonRegion, fmt.Sprintf("no open vacancy for %s is%s; %d %s open elsewhere (%s)",
		trade, inRegions(w.WishRegions), open, isAre(int(open)), strings.Join(names, ", "))
}

// detail phrases a personal filter's reason: prefix introduces the set of
// vacancies (empty for "the vacancies left after the worker's occupation,
// headcounts and regions").
func (rt *reasonText) detail(in *input, i int32, d *diag, prefix string) string {
	w := &in.workers[i]
	rt.b.Reset()
	b := &rt.b
	b.WriteString(prefix)
	left := "the vacancy left"
	if d.n > 1 {
		left = "all " + strconv.Itoa(int(d.n)) + " vacancies left"
	}
	switch d.best {
	case stOccupation:
		fmt.Fprintf(b, "none is for %s", occupationPhrase(w.Occupation, in.p.MinRelated))
	case stHeadcount:
		fmt.Fprintf(b, "%s %s full", left, isAre(int(d.n)))
	case stRegion:
		fmt.Fprintf(b, "%s %s outside the wished regions (%s)", left, isAre(int(d.n)), strings.Join(regionNames(w.WishRegions), ", "))
	case stCertificate:
		fmt.Fprintf(b, "%s %s a certificate in %s own occupation at level %d or better (1 is the highest); the worker holds %s",
			left, verb(int(d.n), "requires", "require"), pronoun(int(d.n)), d.b, holds(w))
	case stYears:
		fmt.Fprintf(b, "%s %s for at least %s of experience; the worker has %d",
			left, verb(int(d.n), "asks", "ask"), plural(int(d.a), "year", "years"), w.Years)
	case stAge:
		age := strconv.Itoa(int(d.a))
		if d.b != d.a {
			age += " to " + strconv.Itoa(int(d.b))
		}
		fmt.Fprintf(b, "the worker will be %s at the start %s; %s %s %s", age, plural1(int(d.n), "date", "dates"),
			left, verb(int(d.n), "takes", "take"), ageRange(d.lo, d.hi))
		switch {
		case d.legal&2 != 0 && w.Male:
			fmt.Fprintf(b, ", and the legal working age for men ends at %d", laborbridge.RetirementAgeMen)
		case d.legal&2 != 0:
			fmt.Fprintf(b, ", and the legal working age for women ends at %d", laborbridge.RetirementAgeWomen)
		case d.legal&1 != 0:
			fmt.Fprintf(b, ", and the legal working age starts at %d", laborbridge.MinWorkingAge)
		}
	case stWage:
		fmt.Fprintf(b, "no vacancy left%s pays %s or more: the best of %s pays %s",
			inRegions(w.WishRegions), thousands(w.MinWage), plural(int(d.n), "vacancy", "vacancies"), thousands(int(d.b)))
	case stStart:
		fmt.Fprintf(b, "the worker is available from %s, after %s %s (%s %s)",
			dateOf(in.wc[i].avail), left, verb(int(d.n), "starts", "start"), plural1(int(d.n), "on", "the latest on"), dateOf(d.b))
	}
	return b.String()
}

// pairDetail explains why one vacancy is not a candidate for one worker.
func pairDetail(in *input, st int8) string {
	w, v := &in.workers[0], &in.vacs[0]
	switch st {
	case stOccupation:
		return fmt.Sprintf("the vacancy is for %s, not for %s", occupationName(v.Occupation),
			occupationPhrase(w.Occupation, in.p.MinRelated))
	case stHeadcount:
		return "the vacancy has no seat left"
	case stRegion:
		return fmt.Sprintf("the vacancy is in %s, outside the wished regions (%s)", slotName(in.slots[in.vSlot[0]]),
			strings.Join(regionNames(w.WishRegions), ", "))
	case stCertificate:
		return fmt.Sprintf("the vacancy requires a certificate in %s at level %d or better (1 is the highest); the worker holds %s",
			occupationName(v.Occupation), v.CertLevel, holds(w))
	case stYears:
		return fmt.Sprintf("the vacancy asks for at least %s of experience; the worker has %d", plural(v.MinYears, "year", "years"), w.Years)
	case stAge:
		age := ageAt(in.vStartY[0], in.vStartMD[0], in.wc[0].by, in.wc[0].bmd)
		s := fmt.Sprintf("the worker will be %d on the start date; the vacancy takes %s", age, ageRange(int32(v.AgeMin), int32(cmp.Or(v.AgeMax, noBound))))
		switch {
		case age > retirementAge(w.Male) && w.Male:
			s += fmt.Sprintf(", and the legal working age for men ends at %d", laborbridge.RetirementAgeMen)
		case age > retirementAge(w.Male):
			s += fmt.Sprintf(", and the legal working age for women ends at %d", laborbridge.RetirementAgeWomen)
		case age < minWorkingAge:
			s += fmt.Sprintf(", and the legal working age starts at %d", laborbridge.MinWorkingAge)
		}
		return s
	case stWage:
		return fmt.Sprintf("the vacancy pays at most %s, below the worker's minimum of %s", thousands(v.WageMax), thousands(w.MinWage))
	case stStart:
		return fmt.Sprintf("the worker is available from %s, after the vacancy starts on %s", dateOf(in.wc[0].avail), dateOf(in.vStart[0]))
	}
	return ""
}

func holds(w *Worker) string {
	if w.CertLevel == 0 {
		return "none"
	}
	return fmt.Sprintf("level %d in %s", w.CertLevel, occupationName(w.Occupation))
}

func ageRange(lo, hi int32) string {
	lo = max(lo, minWorkingAge)
	if hi >= noBound {
		return fmt.Sprintf("ages from %d", lo)
	}
	return fmt.Sprintf("ages %d to %d", lo, hi)
}

// occupationName is "Cooks (5120)", or the bare code of an occupation the
// classification does not know.
func occupationName(code string) string {
	if o, ok := refdata.OccupationByCode(code); ok {
		return o.NameEn + " (" + code + ")"
	}
	if code == "" {
		return "no occupation"
	}
	return code
}

// occupationPhrase names the occupations a worker's candidates may have.
func occupationPhrase(code string, minRelated int) string {
	switch minRelated {
	case relOccupation:
		return occupationName(code)
	case relMinor:
		return occupationName(code) + " or another occupation of its minor group"
	}
	return occupationName(code) + " or a related occupation"
}

func slotName(code string) string {
	if code == "" {
		return "no known province"
	}
	if d, ok := refdata.DivisionByCode(code); ok {
		return d.NameEn
	}
	return code
}

func regionNames(codes []string) []string {
	names := make([]string, len(codes))
	for k, c := range codes {
		if d, ok := refdata.ProvinceOf(c); ok {
			c = d.Code
		}
		names[k] = slotName(c)
	}
	return names
}

// inRegions is " in Beijing or Jiangsu", or "" for a worker who goes
// anywhere.
func inRegions(codes []string) string {
	names := regionNames(codes)
	switch len(names) {
	case 0:
		return ""
	case 1:
		return " in " + names[0]
	}
	return " in " + strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

func plural1(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func verb(n int, one, many string) string { return plural1(n, one, many) }
func isAre(n int) string                  { return plural1(n, "is", "are") }
func pronoun(n int) string                { return plural1(n, "its", "their") }

// thousands writes 4500 as "4,500".
func thousands(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for k, c := range s {
		if k > 0 && (len(s)-k)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

func dateOf(day int32) string {
	return time.Unix(int64(day)*86400, 0).UTC().Format("2006-01-02")
}
