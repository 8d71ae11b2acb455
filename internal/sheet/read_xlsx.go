package sheet

import (
	"archive/zip"
	"bufio"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"

	"golang.org/x/text/encoding/htmlindex"
)

// Relationship types the reader follows, by their last path element; the
// strict and transitional OOXML namespaces differ before it.
const (
	relOffice  = "/officeDocument"
	relSheet   = "/worksheet"
	relStrings = "/sharedStrings"
	relStyles  = "/styles"
)

// budget counts the bytes unpacked from a workbook against
// Options.UnzipSizeLimit.
type budget struct{ left, limit int64 }

var errBudget = errors.New("unzip size limit")

// open opens a part of the workbook, counted against the budget.
func (b *budget) open(f *zip.File) (io.ReadCloser, error) {
	if int64(f.UncompressedSize64) > b.left || f.UncompressedSize64 > 1<<62 {
		return nil, b.error()
	}
	rc, err := f.Open()
	if err != nil {
		return nil, corrupt(err)
	}
	return &countedPart{rc: rc, b: b}, nil
}

func (b *budget) error() *Error {
	return fileError(ErrTooLarge, fmt.Sprintf("the workbook unpacks to more than %d MB; split it into smaller files", b.limit>>20))
}

type countedPart struct {
	rc io.ReadCloser
	b  *budget
}

func (c *countedPart) Read(p []byte) (int, error) {
	n, err := c.rc.Read(p)
	c.b.left -= int64(n)
	if c.b.left < 0 {
		return n, errBudget
	}
	return n, err
}

func (c *countedPart) Close() error { return c.rc.Close() }

// corrupt wraps the error of a damaged workbook, or turns a spent budget
// into ErrTooLarge.
func corrupt(err error) error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return fileError(ErrCorrupt, "the XLSX file is damaged ("+err.Error()+"); open it in Excel or WPS and save it again")
}

// workbook holds what is needed to find a worksheet.
type workbook struct {
	files map[string]*zip.File // by lower-case name
	dir   string               // folder of the workbook part
	rels  map[string]rel       // workbook relationships by id
}

type rel struct{ typ, target string }

type sheetEntry struct{ name, id, state string }

// openXLSX opens the worksheet that opt names, or the first visible one, and
// reads the shared strings and number formats it needs. It returns an
// *Error of kind ErrNotSheet, ErrCorrupt, ErrTooLarge or ErrNoSheet.
func openXLSX(ra io.ReaderAt, size int64, opt Options) (*xlsxSource, error) {
	zr, err := zip.NewReader(ra, size)
	if err != nil {
		return nil, corrupt(err)
	}
	b := &budget{left: opt.UnzipSizeLimit, limit: opt.UnzipSizeLimit}
	wb := &workbook{files: make(map[string]*zip.File, len(zr.File))}
	for _, f := range zr.File {
		wb.files[strings.ToLower(strings.TrimPrefix(strings.ReplaceAll(f.Name, `\`, "/"), "/"))] = f
	}
	rootRels, err := wb.readRels(b, "_rels/.rels", "")
	if err != nil {
		return nil, err
	}
	wbPath := "xl/workbook.xml"
	for _, r := range rootRels {
		if strings.HasSuffix(r.typ, relOffice) {
			wbPath = r.target
		}
	}
	if wb.files[strings.ToLower(wbPath)] == nil {
		return nil, wb.notWorkbook()
	}
	wb.dir = path.Dir(wbPath)
	if wb.rels, err = wb.readRels(b, path.Join(wb.dir, "_rels", path.Base(wbPath)+".rels"), wb.dir); err != nil {
		return nil, err
	}
	sheets, date1904, err := wb.readWorkbook(b, wbPath)
	if err != nil {
		return nil, err
	}
	sheetPath, err := wb.pickSheet(sheets, opt.Sheet)
	if err != nil {
		return nil, err
	}
	x := &xlsxSource{budget: b, date1904: date1904}
	for _, r := range wb.rels {
		switch {
		case strings.HasSuffix(r.typ, relStyles):
			if x.styles, err = wb.readStyles(b, r.target); err != nil {
				x.close()
				return nil, err
			}
		case strings.HasSuffix(r.typ, relStrings):
			if x.sst, err = wb.readStrings(b, r.target, opt); err != nil {
				x.close()
				return nil, err
			}
		}
	}
	f := wb.files[strings.ToLower(sheetPath)]
	if f == nil {
		x.close()
		return nil, fileError(ErrCorrupt, "the XLSX file is damaged: the worksheet "+sheetPath+" is missing")
	}
	if x.merges, err = readMerges(opt.UnzipSizeLimit, f); err != nil {
		x.close()
		return nil, err
	}
	if x.part, err = b.open(f); err != nil {
		x.close()
		return nil, err
	}
	x.sc = newScanner(x.part)
	if err := x.seekSheetData(); err != nil {
		x.close()
		return nil, err
	}
	return x, nil
}

// notWorkbook names the kind of zip file that is no workbook.
func (wb *workbook) notWorkbook() error {
	switch {
	case wb.files["content.xml"] != nil:
		return fileError(ErrNotSheet, "this is an OpenDocument file (.ods); save it as .xlsx or CSV")
	case wb.files["word/document.xml"] != nil:
		return fileError(ErrNotSheet, "this is a Word document, not a spreadsheet")
	}
	return fileError(ErrNotSheet, "this is a zip archive, not an XLSX workbook")
}

func newDecoder(r io.Reader) *xml.Decoder {
	d := xml.NewDecoder(bufio.NewReaderSize(r, 64<<10))
	d.CharsetReader = func(label string, input io.Reader) (io.Reader, error) {
		enc, err := htmlindex.Get(label)
		if err != nil {
			return nil, err
		}
		return enc.NewDecoder().Reader(input), nil
	}
	return d
}

// walk calls fn for every start element of a part, with the names of the
// elements enclosing it. fn may read the element's content from d.
func (wb *workbook) walk(b *budget, name string, fn func(d *xml.Decoder, se xml.StartElement, parents []string) error) error {
	f := wb.files[strings.ToLower(name)]
	if f == nil {
		return nil
	}
	rc, err := b.open(f)
	if err != nil {
		return err
	}
	defer rc.Close()
	d := newDecoder(rc)
	var stack []string
	for {
		tok, err := d.RawToken()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return b.wrap(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if err := fn(d, t, stack); err != nil {
				return b.wrap(err)
			}
			stack = append(stack, t.Name.Local)
		case xml.EndElement:
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		}
	}
}

// wrap reports an error met while reading a part: ErrTooLarge when the
// budget is spent, ErrCorrupt otherwise.
func (b *budget) wrap(err error) error {
	if errors.Is(err, errBudget) {
		return b.error()
	}
	return corrupt(err)
}

func attr(se xml.StartElement, local string) string {
	for _, a := range se.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// readRels reads a relationships part; targets are resolved against dir.
func (wb *workbook) readRels(b *budget, name, dir string) (map[string]rel, error) {
	rels := make(map[string]rel)
	err := wb.walk(b, name, func(_ *xml.Decoder, se xml.StartElement, _ []string) error {
		if se.Name.Local != "Relationship" || attr(se, "TargetMode") == "External" {
			return nil
		}
		target := strings.ReplaceAll(attr(se, "Target"), `\`, "/")
		if strings.HasPrefix(target, "/") {
			target = path.Clean(target[1:])
		} else {
			target = path.Join(dir, target)
		}
		rels[attr(se, "Id")] = rel{typ: attr(se, "Type"), target: target}
		return nil
	})
	return rels, err
}

// readWorkbook lists the sheets in tab order and the date system.
func (wb *workbook) readWorkbook(b *budget, name string) ([]sheetEntry, bool, error) {
	var sheets []sheetEntry
	date1904 := false
	err := wb.walk(b, name, func(_ *xml.Decoder, se xml.StartElement, _ []string) error {
		switch se.Name.Local {
		case "workbookPr":
			v := attr(se, "date1904")
			date1904 = v == "1" || v == "true"
		case "sheet":
			id := ""
			for _, a := range se.Attr {
				if a.Name.Local == "id" && a.Name.Space != "" {
					id = a.Value
				}
			}
			sheets = append(sheets, sheetEntry{name: attr(se, "name"), id: id, state: attr(se, "state")})
		}
		return nil
	})
	return sheets, date1904, err
}

// pickSheet returns the part of the worksheet named want, or of the first
// visible worksheet. It returns an *Error of kind ErrNoSheet.
func (wb *workbook) pickSheet(sheets []sheetEntry, want string) (string, error) {
	var names []string
	for _, s := range sheets {
		r, ok := wb.rels[s.id]
		if !ok || !strings.HasSuffix(r.typ, relSheet) {
			continue
		}
		names = append(names, s.name)
		switch {
		case want == "" && (s.state == "" || s.state == "visible"):
			return r.target, nil
		case want != "" && strings.EqualFold(strings.TrimSpace(s.name), strings.TrimSpace(want)):
			return r.target, nil
		}
	}
	if want == "" {
		return "", fileError(ErrNoSheet, "the workbook has no visible worksheet")
	}
	return "", fileError(ErrNoSheet, fmt.Sprintf("the workbook has no worksheet named %q; it has %s", want, strings.Join(names, ", ")))
}

// readStyles returns what each cell format shows a number as.
func (wb *workbook) readStyles(b *budget, name string) ([]numStyle, error) {
	custom := make(map[int]numStyle)
	var xfs []numStyle
	err := wb.walk(b, name, func(_ *xml.Decoder, se xml.StartElement, parents []string) error {
		parent := ""
		if len(parents) > 0 {
			parent = parents[len(parents)-1]
		}
		switch {
		case se.Name.Local == "numFmt" && parent == "numFmts":
			id, err := strconv.Atoi(attr(se, "numFmtId"))
			if err == nil {
				custom[id] = formatStyle(attr(se, "formatCode"))
			}
		case se.Name.Local == "xf" && parent == "cellXfs":
			id, _ := strconv.Atoi(attr(se, "numFmtId"))
			st, ok := custom[id]
			if !ok {
				st = builtinStyle(id)
			}
			xfs = append(xfs, st)
		}
		return nil
	})
	return xfs, err
}

// builtinStyle classifies the built-in number formats, including those that
// Excel shows in Chinese (27 to 36, 50 to 58).
func builtinStyle(id int) numStyle {
	switch {
	case id >= 14 && id <= 17, id >= 27 && id <= 31, id == 36, id >= 50 && id <= 54, id >= 57 && id <= 58:
		return dateNum
	case id == 22:
		return dateTimeNum
	case id >= 18 && id <= 21, id >= 32 && id <= 35, id >= 45 && id <= 47, id == 55, id == 56:
		return timeNum
	}
	return plainNum
}

// formatStyle classifies a custom number format code by the date and time
// letters outside its quoted text, escapes and bracketed colours or locales.
func formatStyle(code string) numStyle {
	if i := strings.IndexByte(code, ';'); i >= 0 {
		code = code[:i]
	}
	lower := strings.ToLower(code)
	var date, month, tm bool
	for i := 0; i < len(lower); i++ {
		switch c := lower[i]; c {
		case '"':
			if j := strings.IndexByte(lower[i+1:], '"'); j >= 0 {
				i += j + 1
			} else {
				i = len(lower)
			}
		case '\\', '_', '*':
			i++
		case '[':
			j := strings.IndexByte(lower[i:], ']')
			if j < 0 {
				i = len(lower)
				break
			}
			switch inner := lower[i+1 : i+j]; inner {
			case "h", "hh", "m", "mm", "s", "ss":
				tm = true
			}
			i += j
		case 'a':
			if strings.HasPrefix(lower[i:], "am/pm") || strings.HasPrefix(lower[i:], "a/p") {
				tm = true
				i += strings.IndexByte(lower[i:], '/') + 1
			}
		case 'y', 'd':
			date = true
		case 'h', 's':
			tm = true
		case 'm':
			month = true
		}
	}
	// An m among hours or seconds is minutes: "h:mm", "mm:ss".
	date = date || (month && !tm)
	switch {
	case date && tm:
		return dateTimeNum
	case date:
		return dateNum
	case tm:
		return timeNum
	}
	return plainNum
}

// readStrings reads the shared strings table.
func (wb *workbook) readStrings(b *budget, name string, opt Options) (*stringTable, error) {
	t := &stringTable{memLimit: opt.UnzipXMLSizeLimit, tempDir: opt.TempDir}
	f := wb.files[strings.ToLower(name)]
	if f == nil {
		return t, nil
	}
	rc, err := b.open(f)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	sc := newScanner(rc)
	var text []byte
	for {
		if err := sc.next(); err != nil {
			t.close()
			return nil, b.wrap(err)
		}
		if sc.kind == tokEOF {
			return t, nil
		}
		if sc.kind != tokStart || string(sc.name) != "si" {
			continue
		}
		if text, err = sc.readRich(text[:0]); err != nil {
			t.close()
			return nil, b.wrap(err)
		}
		if err := t.add(cleanText(decodeXString(string(text)))); err != nil {
			t.close()
			return nil, err
		}
	}
}

// decodeXString undoes the _xHHHH_ escapes with which OOXML stores control
// characters (Excel writes a carriage return as _x000D_); _x005F_ escapes
// the underscore of a literal "_x".
func decodeXString(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if i+7 <= len(s) && s[i] == '_' && s[i+1] == 'x' && s[i+6] == '_' {
			if v, err := strconv.ParseUint(s[i+2:i+6], 16, 16); err == nil {
				b.WriteRune(rune(v))
				i += 7
				continue
			}
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}
