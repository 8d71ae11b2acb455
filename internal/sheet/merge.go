package sheet

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"slices"
)

// Offices merge the cells of a column over the rows they share: the
// township over its villages, the village over its people. Only the top
// cell of a merged range holds the value, so the reader copies it down the
// range's first column; without that, every row but the first would lack a
// required village. It also turns a two-row header whose upper cells are
// merged downwards into one complete row.

// merge is a merged range spanning more than one row: column col (1-based)
// from row top to row last.
type merge struct{ top, last, col int }

// fill is a merged value being copied down.
type fill struct {
	last, col int
	cell      rawCell
}

// readMerges returns the merged ranges of a worksheet that span rows. They
// are written after the rows, so the part is read twice: first fast, looking
// only for the end of the rows, then parsed from there. The first read has
// its own budget, so that it does not halve the limit for the second.
func readMerges(limit int64, f *zip.File) ([]merge, error) {
	b := &budget{left: limit, limit: limit}
	rc, err := b.open(f)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	rest, err := afterSheetData(rc)
	if err != nil {
		return nil, b.wrap(err)
	}
	if rest == nil {
		return nil, nil
	}
	sc := newScanner(rest)
	var out []merge
	for {
		if err := sc.next(); err != nil {
			return nil, b.wrap(err)
		}
		if sc.kind == tokEOF {
			break
		}
		if sc.kind != tokStart || string(sc.name) != "mergeCell" {
			continue
		}
		ref, err := sc.attr("ref")
		if err != nil {
			return nil, b.wrap(err)
		}
		if m, ok := parseMerge(ref); ok {
			out = append(out, m)
		}
	}
	slices.SortFunc(out, func(a, b merge) int { return a.top - b.top })
	return out, nil
}

// afterSheetData reads up to the end tag of the worksheet's rows and returns
// the rest of the part, or nil if there is none. Text cannot hold a '<', so
// "</sheetData>" (with any prefix) is always the tag.
func afterSheetData(r io.Reader) (io.Reader, error) {
	const keep = 64
	buf := make([]byte, 1<<20)
	n := 0
	for {
		m, err := io.ReadFull(r, buf[n:])
		n += m
		data := buf[:n]
		for from := 0; ; {
			i := bytes.Index(data[from:], []byte("sheetData>"))
			if i < 0 {
				break
			}
			i += from
			if closing(data[:i]) {
				return io.MultiReader(bytes.NewReader(bytes.Clone(data[i+len("sheetData>"):])), r), nil
			}
			from = i + 1
		}
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		n = copy(buf, data[max(0, len(data)-keep):])
	}
}

// closing reports whether the bytes before a name end in "</" or
// "</prefix:".
func closing(before []byte) bool {
	if i := len(before) - 1; i >= 0 && before[i] == ':' {
		for i > 0 && isNameByte(before[i-1]) {
			i--
		}
		before = before[:i]
	}
	return bytes.HasSuffix(before, []byte("</"))
}

func isNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.'
}

// parseMerge reads a range such as B5:C9 and keeps it if it spans rows.
func parseMerge(ref []byte) (merge, bool) {
	a, b, ok := bytes.Cut(ref, []byte(":"))
	if !ok {
		return merge{}, false
	}
	c1, r1, ok1 := cellCoords(a)
	_, r2, ok2 := cellCoords(b)
	if !ok1 || !ok2 || r2 <= r1 {
		return merge{}, false
	}
	return merge{top: r1, last: min(r2, maxRows), col: c1}, true
}

// cellCoords reads a reference such as $B$5.
func cellCoords(ref []byte) (col, row int, ok bool) {
	ref = bytes.ReplaceAll(ref, []byte("$"), nil)
	col, ok = refColumn(ref)
	if !ok {
		return 0, 0, false
	}
	i := 0
	for i < len(ref) && (ref[i]|0x20) >= 'a' && (ref[i]|0x20) <= 'z' {
		i++
	}
	row, ok = atoi(ref[i:])
	return col, row, ok && row >= 1
}

// applyMerges copies merged values into the row just read: ranges ending
// above it are dropped, ranges starting in it begin, and the cells of the
// ranges it lies in take the top value where they are empty.
func (x *xlsxSource) applyMerges(row int) {
	x.fills = slices.DeleteFunc(x.fills, func(f fill) bool { return f.last < row })
	for len(x.merges) > 0 && x.merges[0].top <= row {
		m := x.merges[0]
		x.merges = x.merges[1:]
		if m.top == row && m.col <= len(x.cells) && x.cells[m.col-1].text != "" {
			x.fills = append(x.fills, fill{last: m.last, col: m.col, cell: x.cells[m.col-1]})
		}
	}
	for _, f := range x.fills {
		for len(x.cells) < f.col {
			x.cells = append(x.cells, rawCell{})
		}
		if x.cells[f.col-1].text == "" {
			x.cells[f.col-1] = f.cell
		}
	}
}
