package store

import (
	"context"
	"strconv"
	"strings"
)

// Page selects a window of a list; the zero value is the first 50.
type Page struct {
	Number int // 1-based
	Size   int
}

// MaxPageSize bounds one page of a list.
const MaxPageSize = 500

func (p Page) bounds() (limit, offset int) {
	size := p.Size
	if size <= 0 {
		size = 50
	}
	if size > MaxPageSize {
		size = MaxPageSize
	}
	n := p.Number
	if n < 1 {
		n = 1
	}
	return size, (n - 1) * size
}

// where builds a WHERE clause with numbered placeholders, which both
// engines accept.
type where struct {
	conds []string
	args  []any
}

// add appends a condition; each ? in cond becomes the next $n.
func (w *where) add(cond string, args ...any) {
	var b strings.Builder
	for _, c := range cond {
		if c == '?' {
			w.args = append(w.args, args[0])
			args = args[1:]
			b.WriteString("$" + strconv.Itoa(len(w.args)))
			continue
		}
		b.WriteRune(c)
	}
	w.conds = append(w.conds, b.String())
}

func (w *where) sql() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

func (db *DB) count(ctx context.Context, table string, w where) (int, error) {
	var n int
	if err := db.sql.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+table+w.sql(), w.args...).Scan(&n); err != nil {
		return 0, internal("count "+table, err)
	}
	return n, nil
}

// likePattern escapes s for a LIKE that matches it anywhere.
func likePattern(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(s) + "%"
}
