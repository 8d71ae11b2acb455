package sheet

import (
	"errors"
	"strconv"
	"strings"
)

// The kinds of Error. Callers test them with errors.Is to choose a message
// in the user's language or an HTTP status.
var (
	// ErrNotSheet: the input is neither CSV nor XLSX (a PDF, an image, an
	// HTML page renamed to .xls, a Word document).
	ErrNotSheet = errors.New("not a spreadsheet")
	// ErrXLS: the input is an Excel 97-2003 .xls workbook or a
	// password-protected .xlsx, which this package cannot read.
	ErrXLS = errors.New("old .xls workbook")
	// ErrCorrupt: the file is damaged (a quote never closed, broken XML, a
	// truncated zip).
	ErrCorrupt = errors.New("damaged file")
	// ErrTooLarge: the file exceeds a size limit of Options.
	ErrTooLarge = errors.New("file too large")
	// ErrNoSheet: the workbook has no worksheet of the requested name, or
	// none at all.
	ErrNoSheet = errors.New("worksheet not found")
	// ErrNoHeader: no row near the top looks like the expected header.
	ErrNoHeader = errors.New("header not found")
	// ErrMissingColumn: the header lacks required columns.
	ErrMissingColumn = errors.New("missing column")
	// ErrDuplicateColumn: two header cells name the same column.
	ErrDuplicateColumn = errors.New("duplicate column")
	// ErrStrayCell: a data row has a value under no header.
	ErrStrayCell = errors.New("value outside the columns")
	// ErrSchema: the caller's Schema or Writer input is inconsistent.
	ErrSchema = errors.New("invalid schema")
)

// Error is a problem with a file or with one of its cells. Line is the row
// number as the spreadsheet program shows it (for CSV, the physical line where
// the record starts), or 0 for the file as a whole; Column is the column's
// header as written in the file, or empty. Msg is safe to show to the person
// who uploaded the file. Err is one of the Err* kinds, or nil for errors that
// callers build with Row.Errorf.
type Error struct {
	Line   int
	Column string
	Msg    string
	Err    error
}

// Error formats the error as "row 5, column 身份证号: message", leaving out
// what is unknown.
func (e *Error) Error() string {
	var b strings.Builder
	if e.Line > 0 {
		b.WriteString("row ")
		b.WriteString(strconv.Itoa(e.Line))
	}
	if e.Column != "" {
		if b.Len() > 0 {
			b.WriteString(", ")
		}
		b.WriteString("column ")
		b.WriteString(e.Column)
	}
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Unwrap returns the kind of the error.
func (e *Error) Unwrap() error { return e.Err }

func fileError(kind error, msg string) *Error {
	return &Error{Msg: msg, Err: kind}
}

func lineError(kind error, line int, msg string) *Error {
	return &Error{Line: line, Msg: msg, Err: kind}
}
