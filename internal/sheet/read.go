package sheet

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
)

// Default limits for XLSX uploads; see Options.
const (
	// DefaultUnzipSizeLimit allows a million rows of a dozen columns
	// (about 600 MB of worksheet XML) with room to spare, and stops a zip
	// bomb long before it fills a disk.
	DefaultUnzipSizeLimit int64 = 2 << 30
	// DefaultUnzipXMLSizeLimit keeps the shared strings of a sheet of some
	// hundred thousand rows in memory.
	DefaultUnzipXMLSizeLimit int64 = 32 << 20
)

// sniffSize is how much of a file is looked at to tell its format, encoding
// and separator.
const sniffSize = 64 << 10

// Options tune a Reader. The zero value reads the first visible worksheet
// or a CSV file with any separator, with the default limits.
type Options struct {
	// Sheet names the XLSX worksheet to read; empty means the first
	// visible one.
	Sheet string
	// HeaderRows is how many non-blank rows at the top are searched for
	// the header; 0 means DefaultHeaderRows.
	HeaderRows int
	// Comma is the CSV separator; 0 detects comma, tab, semicolon or
	// vertical bar. The Chinese full-width comma is text, never a separator.
	Comma rune
	// UnzipSizeLimit caps the bytes an XLSX file may unpack to, summed over
	// the parts read; 0 means DefaultUnzipSizeLimit. Reading streams, so
	// the limit guards time and temporary disk, not memory.
	UnzipSizeLimit int64
	// UnzipXMLSizeLimit caps the memory that the shared strings (the text
	// cells of files saved by Excel) take; beyond it their text moves to a
	// temporary file and an index of four bytes a string stays. It also
	// caps how much of an upload that is not a file is held in memory
	// before it goes to a temporary file. 0 means DefaultUnzipXMLSizeLimit.
	UnzipXMLSizeLimit int64
	// TempDir holds the temporary files; empty means os.TempDir().
	TempDir string
}

func (o Options) withDefaults() Options {
	if o.HeaderRows <= 0 {
		o.HeaderRows = DefaultHeaderRows
	}
	if o.UnzipSizeLimit <= 0 {
		o.UnzipSizeLimit = DefaultUnzipSizeLimit
	}
	if o.UnzipXMLSizeLimit <= 0 {
		o.UnzipXMLSizeLimit = DefaultUnzipXMLSizeLimit
	}
	return o
}

// source delivers the rows of one file.
type source interface {
	// next returns the next row and its number, or io.EOF. The cells are
	// valid until the next call.
	next() (int, []rawCell, error)
	close() error
}

// textRow is a row near the top of a file, kept while looking for the header.
type textRow struct {
	line  int
	cells []string
	raw   []rawCell
}

// Reader reads the data rows of a CSV or XLSX file under a Schema. Use it
// like bufio.Scanner:
//
//	r, err := sheet.Open(path, schema, sheet.Options{})
//	if err != nil { ... }
//	defer r.Close()
//	for r.Next() {
//		row := r.Row()
//		...
//	}
//	if err := r.Err(); err != nil { ... }
type Reader struct {
	src      source
	header   *Header
	csv      bool
	date1904 bool
	pending  []textRow
	late     error // met while looking for the header, after some rows
	row      Row
	err      error
	closers  []func() error
}

// Open opens the file at path and reads its header; see NewReader. The
// format comes from the content, not from the extension, because offices
// rename files. Besides the errors of NewReader it returns the error of
// os.Open.
func Open(path string, s Schema, opt Options) (*Reader, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	r, err := NewReader(f, s, opt)
	if err != nil {
		f.Close()
		return nil, err
	}
	r.closers = append(r.closers, f.Close)
	return r, nil
}

// NewReader tells the format of r from its content (XLSX, CSV in UTF-8,
// GB18030 or UTF-16), finds the header and returns a Reader positioned
// before the first data row. An r that is an io.ReaderAt with a size (a
// file, a multipart upload, a bytes.Reader) is read in place; another XLSX
// stream is copied to memory or, past Options.UnzipXMLSizeLimit, to a
// temporary file. Close releases them.
//
// It returns an *Error of kind ErrSchema, ErrNotSheet, ErrXLS, ErrCorrupt,
// ErrTooLarge, ErrNoSheet, ErrNoHeader, ErrMissingColumn or
// ErrDuplicateColumn, or the error of reading r.
func NewReader(r io.Reader, s Schema, opt Options) (*Reader, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	opt = opt.withDefaults()
	br := bufio.NewReaderSize(r, sniffSize)
	head, err := br.Peek(8)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("read spreadsheet: %w", err)
	}
	rd := &Reader{}
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		ra, size, cleanup, err := readerAt(r, br, opt)
		if err != nil {
			return nil, err
		}
		if cleanup != nil {
			rd.closers = append(rd.closers, cleanup)
		}
		x, err := openXLSX(ra, size, opt)
		if err != nil {
			rd.Close()
			return nil, err
		}
		rd.src, rd.date1904 = x, x.date1904
	case bytes.HasPrefix(head, []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")):
		return nil, fileError(ErrXLS, "this is an Excel 97-2003 workbook (.xls) or a password-protected one; open it in Excel or WPS, remove any password and save it as .xlsx or CSV")
	default:
		c, err := openCSV(br, opt)
		if err != nil {
			return nil, err
		}
		rd.src, rd.csv = c, true
	}
	if err := rd.findHeader(s, opt.HeaderRows); err != nil {
		rd.Close()
		return nil, err
	}
	return rd, nil
}

// readerAt gives random access to an XLSX upload, which the zip format needs.
func readerAt(r io.Reader, br *bufio.Reader, opt Options) (io.ReaderAt, int64, func() error, error) {
	if ra, ok := r.(io.ReaderAt); ok {
		if size, ok := sizeOf(r); ok {
			return ra, size, nil, nil
		}
	}
	var mem bytes.Buffer
	n, err := io.CopyN(&mem, br, opt.UnzipXMLSizeLimit+1)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, 0, nil, fmt.Errorf("read spreadsheet: %w", err)
	}
	if n <= opt.UnzipXMLSizeLimit {
		return bytes.NewReader(mem.Bytes()), n, nil, nil
	}
	f, err := os.CreateTemp(opt.TempDir, "sheet-*.xlsx")
	if err != nil {
		return nil, 0, nil, fmt.Errorf("spool spreadsheet: %w", err)
	}
	cleanup := func() error {
		f.Close()
		return os.Remove(f.Name())
	}
	if _, err := f.Write(mem.Bytes()); err != nil {
		cleanup()
		return nil, 0, nil, fmt.Errorf("spool spreadsheet: %w", err)
	}
	rest, err := io.Copy(f, io.LimitReader(br, opt.UnzipSizeLimit))
	if err != nil {
		cleanup()
		return nil, 0, nil, fmt.Errorf("spool spreadsheet: %w", err)
	}
	if n+rest > opt.UnzipSizeLimit {
		cleanup()
		return nil, 0, nil, fileError(ErrTooLarge, fmt.Sprintf("the file is larger than %d MB", opt.UnzipSizeLimit>>20))
	}
	return f, n + rest, cleanup, nil
}

// sizeOf finds the size of a random-access upload.
func sizeOf(r io.Reader) (int64, bool) {
	switch v := r.(type) {
	case interface{ Size() int64 }:
		return v.Size(), true
	case interface{ Stat() (os.FileInfo, error) }:
		if fi, err := v.Stat(); err == nil && fi.Mode().IsRegular() {
			return fi.Size(), true
		}
	case io.Seeker:
		if n, err := v.Seek(0, io.SeekEnd); err == nil {
			return n, true
		}
	}
	return 0, false
}

// findHeader reads the first non-blank rows, picks the header among them
// and keeps the rows after it for Next.
func (r *Reader) findHeader(s Schema, limit int) error {
	var rows []textRow
	for len(rows) < limit {
		line, cells, err := r.src.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			if len(rows) == 0 {
				return err
			}
			r.late = err
			break
		}
		if blank(cells) {
			continue
		}
		t := textRow{line: line, raw: slices.Clone(cells), cells: make([]string, len(cells))}
		for i, c := range cells {
			t.cells[i] = cellValue(c, Text, r.date1904, r.csv).Text
		}
		rows = append(rows, t)
	}
	if len(rows) == 0 {
		return fileError(ErrNoHeader, "the file has no rows")
	}
	i, h, err := findHeader(rows, s, limit)
	if err != nil {
		if r.late != nil {
			return r.late
		}
		return err
	}
	r.header = h
	r.pending = rows[i+1:]
	return nil
}

// Header returns the header found by NewReader.
func (r *Reader) Header() *Header { return r.header }

// Next advances to the next data row, skipping blank rows, and reports
// whether there is one. After it returns false, Err tells why.
func (r *Reader) Next() bool {
	if r.err != nil {
		return false
	}
	for {
		var line int
		var cells []rawCell
		if len(r.pending) > 0 {
			line, cells = r.pending[0].line, r.pending[0].raw
			r.pending = r.pending[1:]
		} else if r.late != nil {
			r.err = r.late
			return false
		} else {
			var err error
			line, cells, err = r.src.next()
			if errors.Is(err, io.EOF) {
				r.err = io.EOF
				return false
			}
			if err != nil {
				r.err = err
				return false
			}
			if blank(cells) {
				continue
			}
		}
		r.row = r.makeRow(line, cells)
		return true
	}
}

func (r *Reader) makeRow(line int, cells []rawCell) Row {
	h := r.header
	row := Row{Line: line, h: h, cells: make([]Cell, len(h.pos))}
	for i, p := range h.pos {
		if p >= 0 && p < len(cells) {
			row.cells[i] = cellValue(cells[p], h.schema[i].Kind, r.date1904, r.csv)
		}
	}
	for j, c := range cells {
		if j < len(h.Cells) && h.Cells[j] != "" {
			continue
		}
		if v := trim(c.text); v != "" {
			row.stray = &Error{Line: line, Column: colName(j), Err: ErrStrayCell, Msg: fmt.Sprintf(
				"cell %s%d holds %q but its column has no header; check that the row is not shifted", colName(j), line, clip(v, 20))}
			break
		}
	}
	return row
}

// Row returns the row Next advanced to.
func (r *Reader) Row() Row { return r.row }

// Err returns the error that stopped Next, or nil at the end of the file:
// an *Error of kind ErrCorrupt or ErrTooLarge, or the error of reading the
// input.
func (r *Reader) Err() error {
	if errors.Is(r.err, io.EOF) {
		return nil
	}
	return r.err
}

// Close releases the file and temporary files. It returns the first error
// of closing them.
func (r *Reader) Close() error {
	var first error
	if r.src != nil {
		first = r.src.close()
		r.src = nil
	}
	for i := len(r.closers) - 1; i >= 0; i-- {
		if err := r.closers[i](); err != nil && first == nil {
			first = err
		}
	}
	r.closers = nil
	if r.err == nil {
		r.err = io.EOF
	}
	return first
}

func blank(cells []rawCell) bool {
	for _, c := range cells {
		if trim(c.text) != "" {
			return false
		}
	}
	return true
}

// clip shortens a value quoted in a message.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
