package sheet

import "fmt"

// Cell is one value of a row.
type Cell struct {
	// Text is the trimmed text; dates and numbers as the column's Kind says.
	Text string
	// Numeric reports that the spreadsheet held the value as a number: an
	// XLSX number cell, or CSV text in the scientific notation Excel writes
	// for long numbers (1.10105E+17). An ID or phone number stored that way
	// may have lost digits: a spreadsheet keeps 15 significant digits, so an
	// 18-digit ID number typed as a number ends in 000. Callers of ID
	// columns reject such cells and ask for the column to be formatted as
	// text; an 11-digit phone number survives.
	Numeric bool
}

// Row is one data row of a file. Rows stay valid after Next.
type Row struct {
	// Line is the row number as the spreadsheet program shows it, counting
	// title, header and blank rows; for CSV, the physical line on which the
	// record starts, counting the lines of multi-line cells.
	Line  int
	h     *Header
	cells []Cell
	stray *Error
}

// Cell returns the cell of the column with the key; the zero Cell for a
// column the file lacks or a key the schema lacks.
func (r Row) Cell(key string) Cell {
	if r.h == nil {
		return Cell{}
	}
	if i, ok := r.h.keys[key]; ok {
		return r.cells[i]
	}
	return Cell{}
}

// Get returns the trimmed text of the column with the key.
func (r Row) Get(key string) string { return r.Cell(key).Text }

// Empty reports whether the column with the key is blank in this row or
// absent from the file.
func (r Row) Empty(key string) bool { return r.Cell(key).Text == "" }

// Numeric reports whether the column with the key held a number; see
// Cell.Numeric.
func (r Row) Numeric(key string) bool { return r.Cell(key).Numeric }

// Errorf returns an *Error about the column with the key in this row, with
// the column named as the file's header names it, for a per-row report. Its
// Err is nil.
func (r Row) Errorf(key, format string, args ...any) *Error {
	col := key
	if r.h != nil {
		if n := r.h.Name(key); n != "" {
			col = n
		}
	}
	return &Error{Line: r.Line, Column: col, Msg: fmt.Sprintf(format, args...)}
}

// Problem returns an *Error of kind ErrStrayCell when the row has a value in
// a column without a header (typically a row shifted by one cell, or a note
// typed beside the table), or nil. The row is delivered either way; the
// caller decides whether to reject it.
func (r Row) Problem() *Error { return r.stray }
