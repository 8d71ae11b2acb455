package sheet

import (
	"fmt"
	"strings"
	"unicode"

	"golang.org/x/text/width"
)

// DefaultHeaderRows is how many non-blank rows at the top of a file are
// searched for the header when Options.HeaderRows is 0. Offices put one or
// two title rows above the header, sometimes a subtitle with the county and
// date; ten leaves room.
const DefaultHeaderRows = 10

// Header is the header row found in a file.
type Header struct {
	// Line is the row number of the header.
	Line int
	// Cells is the header row as written in the file.
	Cells []string
	// Unknown lists the non-empty header cells that name no column of the
	// schema, as written; their values are ignored.
	Unknown []string

	schema Schema
	pos    []int // file column of each schema column, -1 when absent
	keys   map[string]int
	width  int // file columns up to the last non-empty header cell
}

// Has reports whether the file has the column with the key.
func (h *Header) Has(key string) bool {
	i, ok := h.keys[key]
	return ok && h.pos[i] >= 0
}

// Name returns the header of the column with the key as written in the file,
// or the column's first name when the file lacks it, or "" for a key that is
// not in the schema.
func (h *Header) Name(key string) string {
	i, ok := h.keys[key]
	if !ok {
		return ""
	}
	if p := h.pos[i]; p >= 0 {
		return h.Cells[p]
	}
	return h.schema[i].Names[0]
}

// fold puts a header cell or a column name into the form in which they are
// compared: full-width letters and punctuation made half-width, lower case,
// no spaces, no asterisks or colons marking required fields or labels.
func fold(s string) string {
	s = width.Fold.String(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if isSpace(r) {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return strings.Trim(b.String(), "*:※★☆")
}

// bare drops bracketed parts of a folded header, so that "最低月薪(元)" and
// "出生日期【格式:2000-01-01】" find the columns named without them.
func bare(folded string) string {
	var b strings.Builder
	depth := 0
	for _, r := range folded {
		switch r {
		case '(', '[', '{', '【', '〔', '〖', '<', '《':
			depth++
			continue
		case ')', ']', '}', '】', '〕', '〗', '>', '》':
			if depth > 0 {
				depth--
			}
			continue
		}
		if depth == 0 {
			b.WriteRune(r)
		}
	}
	out := strings.Trim(b.String(), "*:※★☆")
	if out == "" {
		return folded
	}
	return out
}

// names maps folded column names to schema positions.
type names map[string]int

func newNames(s Schema) names {
	m := make(names)
	for i, c := range s {
		for _, n := range c.Names {
			m[fold(n)] = i
		}
	}
	return m
}

// match returns the schema column a header cell names, or -1.
func (m names) match(cell string) int {
	f := fold(cell)
	if f == "" {
		return -1
	}
	if i, ok := m[f]; ok {
		return i
	}
	if i, ok := m[bare(f)]; ok {
		return i
	}
	return -1
}

// score counts the distinct schema columns a row names.
func (m names) score(cells []string) int {
	seen := make(map[int]bool)
	for _, c := range cells {
		if i := m.match(c); i >= 0 {
			seen[i] = true
		}
	}
	return len(seen)
}

// findHeader picks the header among the first rows of a file: the first row
// that names the most columns. It returns the index of the row in rows and
// the Header, or an *Error of kind ErrNoHeader, ErrDuplicateColumn or
// ErrMissingColumn.
func findHeader(rows []textRow, s Schema, scanned int) (int, *Header, error) {
	m := newNames(s)
	best, bestScore := -1, 0
	for i, r := range rows {
		if sc := m.score(r.cells); sc > bestScore {
			best, bestScore = i, sc
		}
	}
	if best < 0 {
		return -1, nil, fileError(ErrNoHeader, fmt.Sprintf(
			"no header row among the first %d rows: expected columns such as %s",
			scanned, strings.Join(expected(s), ", ")))
	}
	r := rows[best]
	h := &Header{Line: r.line, Cells: r.cells, schema: s, pos: make([]int, len(s)), keys: make(map[string]int, len(s))}
	for i, c := range s {
		h.pos[i] = -1
		h.keys[c.Key] = i
	}
	for j, cell := range r.cells {
		if cell == "" {
			continue
		}
		h.width = j + 1
		i := m.match(cell)
		if i < 0 {
			h.Unknown = append(h.Unknown, cell)
			continue
		}
		if p := h.pos[i]; p >= 0 {
			return -1, nil, &Error{Line: r.line, Column: cell, Err: ErrDuplicateColumn, Msg: fmt.Sprintf(
				"columns %s (%s) and %s (%s) are both %s; keep one",
				colName(p), r.cells[p], colName(j), cell, s[i].Names[0])}
		}
		h.pos[i] = j
	}
	var missing []string
	for i, c := range s {
		if c.Required && h.pos[i] < 0 {
			missing = append(missing, c.Names[0])
		}
	}
	if len(missing) > 0 {
		return -1, nil, lineError(ErrMissingColumn, r.line, fmt.Sprintf(
			"missing required columns %s; the header row found is: %s",
			strings.Join(missing, ", "), strings.Join(nonEmpty(r.cells), ", ")))
	}
	return best, h, nil
}

// expected lists the names a user should look for when no header is found:
// the required columns first, at most six.
func expected(s Schema) []string {
	var out []string
	for _, c := range s {
		if c.Required {
			out = append(out, c.Names[0])
		}
	}
	for _, c := range s {
		if !c.Required {
			out = append(out, c.Names[0])
		}
	}
	return out[:min(len(out), 6)]
}

func nonEmpty(cells []string) []string {
	var out []string
	for _, c := range cells {
		if c != "" {
			out = append(out, c)
		}
	}
	return out
}

// colName returns the spreadsheet letters of a 0-based column: 0 → A, 26 → AA.
func colName(i int) string {
	var b []byte
	for i++; i > 0; i = (i - 1) / 26 {
		b = append(b, byte('A'+(i-1)%26))
	}
	for l, r := 0, len(b)-1; l < r; l, r = l+1, r-1 {
		b[l], b[r] = b[r], b[l]
	}
	return string(b)
}

// isSpace reports the blanks that surround cells copied from web pages and
// Word: Unicode spaces, no-break and zero-width spaces, the byte-order mark.
func isSpace(r rune) bool {
	return unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff' || r == '\u00a0' || r == '\u3000'
}
