package sheet

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Format is a spreadsheet file format.
type Format int

// The formats Writer writes and FormatOf names.
const (
	CSV Format = iota + 1
	XLSX
)

// String returns the format's usual extension without the dot.
func (f Format) String() string {
	switch f {
	case CSV:
		return "csv"
	case XLSX:
		return "xlsx"
	}
	return fmt.Sprintf("Format(%d)", int(f))
}

// FormatOf returns the format a file name's extension asks for: .csv, .txt
// and .tsv are CSV, .xlsx is XLSX. It returns an *Error of kind ErrXLS for
// .xls and of kind ErrNotSheet for any other extension. Readers do not need
// it: they tell the format from the content.
func FormatOf(name string) (Format, error) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".csv", ".txt", ".tsv":
		return CSV, nil
	case ".xlsx":
		return XLSX, nil
	case ".xls":
		return 0, fileError(ErrXLS, "the old .xls format is not supported; use .xlsx or .csv")
	}
	return 0, fileError(ErrNotSheet, fmt.Sprintf("%q is not a spreadsheet name; use .xlsx or .csv", filepath.Base(name)))
}

// BOM says whether a CSV file starts with a UTF-8 byte-order mark, without
// which Excel reads Chinese text as GBK and shows garbage.
type BOM int

// The BOM choices.
const (
	// BOMAuto writes the mark, except to standard output, where the text
	// usually goes to another program.
	BOMAuto BOM = iota
	BOMOn
	BOMOff
)

// WriteOptions shape what a Writer writes. The zero value writes a header
// and the rows.
type WriteOptions struct {
	// Title rows go above the header, such as "XX县2026年春风行动转移就业
	// 人员登记表"; in XLSX they are bold and merged across the columns.
	Title []string
	// MarkRequired appends "*" to the headers of required columns, for
	// templates; the reader ignores it.
	MarkRequired bool
	// Sheet names the XLSX data sheet; empty means "Sheet1".
	Sheet string
	// Instructions are lines of a second XLSX sheet that tells how to fill
	// in a template; CSV has one table only and leaves them out.
	Instructions []string
	// InstructionsSheet names that sheet; empty means "填写说明".
	InstructionsSheet string
	// BOM is for CSV.
	BOM BOM
	// PlainCSV writes text cells exactly, without the ="..." that keeps
	// Excel from turning long digit strings and leading zeros into numbers;
	// for CSV that programs rather than people read.
	PlainCSV bool
	// TempDir holds the temporary files of large XLSX exports; empty means
	// os.TempDir().
	TempDir string
}

// Writer writes a table to CSV or XLSX: optional title rows, a header
// made of each column's first name, and the rows. XLSX is streamed, so a
// million rows take bounded memory; the first 100 rows are held to size
// the columns. Always call Close: it writes the XLSX workbook and removes
// its temporary files.
type Writer struct {
	schema Schema
	opt    WriteOptions
	csv    *csvWriter
	xlsx   *xlsxWriter
	rows   int
	done   bool
}

// NewWriter returns a Writer to w. It returns an *Error of kind ErrSchema
// for a bad schema or format, or the error of preparing the workbook.
func NewWriter(w io.Writer, f Format, s Schema, opt WriteOptions) (*Writer, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	wr := &Writer{schema: s, opt: opt}
	var err error
	switch f {
	case CSV:
		bom := opt.BOM == BOMOn
		if opt.BOM == BOMAuto {
			stdout, _ := w.(*os.File)
			bom = stdout != os.Stdout
		}
		wr.csv, err = newCSVWriter(w, bom, s, opt)
	case XLSX:
		wr.xlsx, err = newXLSXWriter(w, s, opt)
	default:
		return nil, fileError(ErrSchema, fmt.Sprintf("cannot write %v", f))
	}
	if err != nil {
		return nil, err
	}
	return wr, nil
}

// headerNames returns the header a Writer writes.
func headerNames(s Schema, opt WriteOptions) []string {
	out := make([]string, len(s))
	for i, c := range s {
		out[i] = c.Names[0]
		if opt.MarkRequired && c.Required {
			out[i] += "*"
		}
	}
	return out
}

// Write writes one row, its cells in schema order; missing cells at the end
// are empty. It returns an *Error of kind ErrSchema for a row longer than
// the schema or a Writer already closed, or the error of writing.
func (w *Writer) Write(cells []string) error {
	if w.done {
		return fileError(ErrSchema, "write after close")
	}
	if len(cells) > len(w.schema) {
		return fileError(ErrSchema, fmt.Sprintf("a row of %d cells for %d columns", len(cells), len(w.schema)))
	}
	w.rows++
	if w.csv != nil {
		return w.csv.write(cells)
	}
	return w.xlsx.write(cells)
}

// Close writes what is buffered and, for XLSX, the workbook. It does not
// close the io.Writer. It returns the error of writing.
func (w *Writer) Close() error {
	if w.done {
		return nil
	}
	w.done = true
	if w.csv != nil {
		return w.csv.close()
	}
	return w.xlsx.close()
}

// escape prefixes an apostrophe to text that a spreadsheet program would
// run as a formula, and to text that already starts with one, so that the
// reader's unescape gives the text back; see the package doc. Numbers such
// as -5 are no formulas and stay as they are.
func escape(s string) string {
	if s == "" || strings.IndexByte("=+-@\t\r'", s[0]) < 0 {
		return s
	}
	if (s[0] == '-' || s[0] == '+') && isDecimal(s) {
		return s
	}
	return "'" + s
}
