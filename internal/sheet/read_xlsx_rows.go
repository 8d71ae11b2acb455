package sheet

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// maxRows is the last row of a worksheet.
const maxRows = 1 << 20

// xlsxSource streams the rows of one worksheet.
type xlsxSource struct {
	budget   *budget
	sst      *stringTable
	styles   []numStyle // by cell format index
	date1904 bool
	part     io.ReadCloser
	sc       *scanner
	done     bool
	row      int
	inRow    bool
	cells    []rawCell
	v, is    []byte
	merges   []merge // by top row, not yet reached
	fills    []fill
}

// seekSheetData advances to the rows of the worksheet.
func (x *xlsxSource) seekSheetData() error {
	for {
		if err := x.sc.next(); err != nil {
			return x.budget.wrap(err)
		}
		switch {
		case x.sc.kind == tokEOF:
			return fileError(ErrCorrupt, "the XLSX file is damaged: the worksheet has no data section")
		case x.sc.kind == tokStart && string(x.sc.name) == "sheetData":
			x.done = x.sc.empty
			return nil
		}
	}
}

func (x *xlsxSource) next() (int, []rawCell, error) {
	for !x.done {
		if err := x.sc.next(); err != nil {
			return 0, nil, x.failed(err)
		}
		switch x.sc.kind {
		case tokStart:
			if string(x.sc.name) == "row" {
				return x.readRow()
			}
			if err := x.sc.skip(); err != nil {
				return 0, nil, x.failed(err)
			}
		case tokEnd:
			x.done = true
		case tokEOF:
			return 0, nil, x.failed(io.ErrUnexpectedEOF)
		}
	}
	return 0, nil, io.EOF
}

// failed turns an error met in the worksheet into an *Error at the row
// being read, or after the last row read.
func (x *xlsxSource) failed(err error) error {
	var e *Error
	if errors.As(x.budget.wrap(err), &e) {
		e.Line = x.row
		if !x.inRow {
			e.Line++
		}
	}
	return e
}

// readRow reads the row whose start tag was just read.
func (x *xlsxSource) readRow() (int, []rawCell, error) {
	n := x.row + 1
	r, err := x.sc.attr("r")
	if err != nil {
		return 0, nil, x.failed(err)
	}
	if len(r) > 0 {
		v, ok := atoi(r)
		if !ok || v < 1 {
			return 0, nil, x.failed(fmt.Errorf("bad row number %q", r))
		}
		n = v
	}
	if n > maxRows {
		return 0, nil, x.failed(fmt.Errorf("row number %d is past the last row", n))
	}
	x.row, x.inRow = n, true
	defer func() { x.inRow = false }()
	x.cells = x.cells[:0]
	if x.sc.empty {
		if len(x.merges) > 0 || len(x.fills) > 0 {
			x.applyMerges(n)
		}
		return n, x.cells, nil
	}
	col := 0
	for {
		if err := x.sc.next(); err != nil {
			return 0, nil, x.failed(err)
		}
		switch x.sc.kind {
		case tokStart:
			if string(x.sc.name) != "c" {
				if err := x.sc.skip(); err != nil {
					return 0, nil, x.failed(err)
				}
				continue
			}
			ref, err := x.sc.attr("r")
			if err != nil {
				return 0, nil, x.failed(err)
			}
			if len(ref) > 0 {
				c, ok := refColumn(ref)
				if !ok {
					return 0, nil, x.failed(fmt.Errorf("bad cell reference %q", ref))
				}
				col = c
			} else {
				col++
			}
			if col > maxColumns {
				return 0, nil, x.failed(fmt.Errorf("cell past the last column"))
			}
			c, err := x.readCell()
			if err != nil {
				return 0, nil, x.failed(err)
			}
			for len(x.cells) < col {
				x.cells = append(x.cells, rawCell{})
			}
			x.cells[col-1] = c
		case tokEnd:
			if len(x.merges) > 0 || len(x.fills) > 0 {
				x.applyMerges(n)
			}
			return n, x.cells, nil
		case tokEOF:
			return 0, nil, x.failed(io.ErrUnexpectedEOF)
		}
	}
}

// atoi reads a small decimal number without allocating.
func atoi(b []byte) (int, bool) {
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' || n > 1e9 {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, len(b) > 0
}

// refColumn returns the 1-based column of a cell reference such as AB12.
func refColumn(ref []byte) (int, bool) {
	col, i := 0, 0
	for ; i < len(ref); i++ {
		c := ref[i] | 0x20
		if c < 'a' || c > 'z' {
			break
		}
		col = col*26 + int(c-'a'+1)
		if col > maxColumns {
			return 0, false
		}
	}
	return col, i > 0
}

// readCell reads the <c> element whose start tag was just read: its value
// and, for a number, its format.
func (x *xlsxSource) readCell() (rawCell, error) {
	t, err := x.sc.attr("t")
	if err != nil {
		return rawCell{}, err
	}
	typ := cellType(t)
	s, err := x.sc.attr("s")
	if err != nil {
		return rawCell{}, err
	}
	style, _ := atoi(s)
	x.v, x.is = x.v[:0], x.is[:0]
	inline := false
	if !x.sc.empty {
	loop:
		for {
			if err := x.sc.next(); err != nil {
				return rawCell{}, err
			}
			switch x.sc.kind {
			case tokStart:
				switch string(x.sc.name) {
				case "v":
					x.v, err = x.sc.readText(x.v)
				case "is":
					inline = true
					x.is, err = x.sc.readRich(x.is)
				default:
					err = x.sc.skip()
				}
				if err != nil {
					return rawCell{}, err
				}
			case tokEnd:
				break loop
			case tokEOF:
				return rawCell{}, io.ErrUnexpectedEOF
			}
		}
	}
	if inline && typ == "inlineStr" {
		return x.value(typ, style, string(x.is))
	}
	return x.value(typ, style, string(x.v))
}

// cellType returns the cell type attribute as a constant string, so that
// reading it does not allocate.
func cellType(t []byte) string {
	for _, k := range []string{"s", "inlineStr", "str", "e", "b", "d", "n"} {
		if string(t) == k {
			return k
		}
	}
	return string(t)
}

// value resolves a cell's stored value by its type.
func (x *xlsxSource) value(typ string, style int, v string) (rawCell, error) {
	switch typ {
	case "s":
		if strings.TrimSpace(v) == "" {
			return rawCell{}, nil
		}
		i, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil {
			return rawCell{}, fmt.Errorf("bad shared string index %q", v)
		}
		s, err := x.sst.get(i)
		return rawCell{text: s}, err
	case "inlineStr", "str", "e":
		return rawCell{text: cleanText(decodeXString(v))}, nil
	case "b":
		switch strings.TrimSpace(v) {
		case "1", "true":
			return rawCell{text: "TRUE"}, nil
		case "0", "false":
			return rawCell{text: "FALSE"}, nil
		}
		return rawCell{text: cleanText(v)}, nil
	case "d":
		return rawCell{text: cleanText(isoDate(v))}, nil
	}
	if strings.TrimSpace(v) == "" {
		return rawCell{}, nil
	}
	st := plainNum
	if style >= 0 && style < len(x.styles) {
		st = x.styles[style]
	}
	return rawCell{text: cleanText(v), num: true, style: st}, nil
}

// isoDate shortens an ISO 8601 date cell to the date, or to date and time
// when the time is not midnight.
func isoDate(v string) string {
	v = strings.TrimSpace(v)
	d, t, ok := strings.Cut(v, "T")
	if !ok {
		return v
	}
	t = strings.TrimSuffix(strings.TrimSuffix(t, "Z"), ".000")
	if t == "00:00:00" || t == "" {
		return d
	}
	return d + " " + t
}

func (x *xlsxSource) close() error {
	var err error
	if x.part != nil {
		err = x.part.Close()
		x.part = nil
	}
	x.sc, x.done = nil, true
	if x.sst != nil {
		if e := x.sst.close(); err == nil {
			err = e
		}
		x.sst = nil
	}
	return err
}
