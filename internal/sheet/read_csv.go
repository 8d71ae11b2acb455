package sheet

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Bounds that keep a broken CSV file (a quote never closed, a file without
// line breaks) from holding the whole file in memory.
const (
	maxRecordBytes = 4 << 20
	maxColumns     = 16384 // as many as a worksheet has
)

// openCSV tells the encoding and the separator of a text file. It returns
// an *Error of kind ErrNotSheet for binary files and web pages, or of kind
// ErrSchema for a bad Options.Comma.
func openCSV(br *bufio.Reader, opt Options) (*csvSource, error) {
	head, err := br.Peek(sniffSize)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, fmt.Errorf("read spreadsheet: %w", err)
	}
	var text io.Reader
	switch {
	case bytes.HasPrefix(head, []byte("\xef\xbb\xbf")):
		br.Discard(3)
		text = br
	case bytes.HasPrefix(head, []byte("\xff\xfe")):
		// Excel's "Unicode text" format: UTF-16 with tabs.
		text = transform.NewReader(br, unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder())
	case bytes.HasPrefix(head, []byte("\xfe\xff")):
		text = transform.NewReader(br, unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder())
	default:
		if err := notText(head); err != nil {
			return nil, err
		}
		text = &autoDecoder{br: br}
	}
	tr := bufio.NewReaderSize(text, sniffSize)
	sample, err := tr.Peek(sniffSize)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, fmt.Errorf("read spreadsheet: %w", err)
	}
	comma := byte(0)
	switch {
	case opt.Comma == 0:
		comma = detectComma(sample)
	case opt.Comma < utf8.RuneSelf && opt.Comma != '"' && opt.Comma != '\r' && opt.Comma != '\n':
		comma = byte(opt.Comma)
	default:
		return nil, fileError(ErrSchema, fmt.Sprintf("Options.Comma %q cannot separate CSV cells", opt.Comma))
	}
	if !bytes.Contains(sample, []byte("\n")) && bytes.Contains(sample, []byte("\r")) {
		// Old Mac line endings: lone carriage returns.
		tr = bufio.NewReaderSize(crToLF{tr}, sniffSize)
	}
	return &csvSource{r: tr, comma: comma}, nil
}

// notText returns an *Error of kind ErrNotSheet for the start of a file that
// is not text, naming what it seems to be.
func notText(head []byte) error {
	lower := bytes.ToLower(bytes.TrimLeft(head[:min(len(head), 512)], " \t\r\n"))
	switch {
	case bytes.HasPrefix(head, []byte("%PDF")):
		return fileError(ErrNotSheet, "this is a PDF document, not a spreadsheet; upload the XLSX or CSV file")
	case bytes.HasPrefix(lower, []byte("<!doctype html")) || bytes.HasPrefix(lower, []byte("<html")) ||
		bytes.HasPrefix(lower, []byte("<table")) || bytes.HasPrefix(lower, []byte("<?xml")):
		return fileError(ErrNotSheet, "this is a web page or an Excel 2003 XML file saved with a spreadsheet's name; open it in Excel or WPS and save it as .xlsx")
	case bytes.IndexByte(head, 0) >= 0:
		return fileError(ErrNotSheet, "this is not a spreadsheet: the file is binary, neither XLSX nor CSV text")
	}
	return nil
}

// autoDecoder passes text through as UTF-8 or decodes it from GB18030,
// which Excel on Chinese Windows writes when saving "CSV (comma delimited)".
// ASCII reads the same in both, so the choice waits for the first byte that
// is not ASCII and is made on the 64 KiB that follow: valid UTF-8 there
// means UTF-8.
type autoDecoder struct {
	br *bufio.Reader
	r  io.Reader
}

func (d *autoDecoder) Read(p []byte) (int, error) {
	if d.r != nil {
		return d.r.Read(p)
	}
	avail, err := d.br.Peek(sniffSize)
	if len(avail) == 0 {
		return 0, err
	}
	i := 0
	for i < len(avail) && avail[i] < utf8.RuneSelf {
		i++
	}
	if i > 0 {
		n := copy(p, avail[:i])
		d.br.Discard(n)
		return n, nil
	}
	if validUTF8(avail, err != nil) {
		d.r = d.br
	} else {
		d.r = transform.NewReader(d.br, simplifiedchinese.GB18030.NewDecoder())
	}
	return d.r.Read(p)
}

// validUTF8 reports whether b is UTF-8, allowing a rune cut at the end of a
// window that is not the end of the file.
func validUTF8(b []byte, atEOF bool) bool {
	if !atEOF {
		for k := 1; k <= utf8.UTFMax && k <= len(b); k++ {
			if utf8.RuneStart(b[len(b)-k]) {
				if !utf8.FullRune(b[len(b)-k:]) {
					b = b[:len(b)-k]
				}
				break
			}
		}
	}
	return utf8.Valid(b)
}

// crToLF turns lone carriage returns into line feeds.
type crToLF struct{ r io.Reader }

func (c crToLF) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	for i := range p[:n] {
		if p[i] == '\r' {
			p[i] = '\n'
		}
	}
	return n, err
}

// detectComma picks the separator that occurs most often outside quotes in
// the first lines; a comma wins ties, and a file with none has one column.
func detectComma(sample []byte) byte {
	cands := []byte{',', '\t', ';', '|'}
	var counts [4]int
	quoted := false
	lines := 0
	for _, b := range sample {
		switch {
		case b == '"':
			quoted = !quoted
		case quoted:
		case b == '\n':
			lines++
		default:
			if i := bytes.IndexByte(cands, b); i >= 0 {
				counts[i]++
			}
		}
		if lines >= 50 {
			break
		}
	}
	best := 0
	for i := range cands {
		if counts[i] > counts[best] {
			best = i
		}
	}
	return cands[best]
}

// csvSource parses CSV as Excel writes it (RFC 4180) and as people write
// it: quotes inside unquoted cells are kept as text, a quote closing a cell
// early does not swallow the rest of the line, and \r\n, \n or \r end lines.
// A quoted cell that never closes is an error at the line where it opened.
type csvSource struct {
	r     *bufio.Reader
	comma byte
	line  int // physical lines read
	long  []byte
	rec   []byte
	ends  []int
	cells []rawCell
}

// readLine returns the next physical line without its ending, or ok false
// at the end of the input.
func (s *csvSource) readLine() (line []byte, ok bool, err error) {
	line, err = s.r.ReadSlice('\n')
	if errors.Is(err, bufio.ErrBufferFull) {
		s.long = append(s.long[:0], line...)
		for errors.Is(err, bufio.ErrBufferFull) {
			line, err = s.r.ReadSlice('\n')
			s.long = append(s.long, line...)
			if len(s.long) > maxRecordBytes {
				return nil, false, lineError(ErrTooLarge, s.line+1, fmt.Sprintf("the line is longer than %d MB; is this a CSV file?", maxRecordBytes>>20))
			}
		}
		line = s.long
	}
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, false, fmt.Errorf("read CSV line %d: %w", s.line+1, err)
	}
	if len(line) == 0 {
		return nil, false, nil
	}
	line = bytes.TrimSuffix(line, []byte("\n"))
	line = bytes.TrimSuffix(line, []byte("\r"))
	return line, true, nil
}

func (s *csvSource) next() (int, []rawCell, error) {
	line, ok, err := s.readLine()
	if err != nil {
		return 0, nil, err
	}
	if !ok {
		return 0, nil, io.EOF
	}
	s.line++
	start := s.line
	s.rec, s.ends = s.rec[:0], s.ends[:0]
	pos := 0
	for {
		if pos < len(line) && line[pos] == '"' {
			opened := len(s.ends)
			pos++
			for {
				i := bytes.IndexByte(line[pos:], '"')
				if i < 0 {
					s.rec = append(s.rec, line[pos:]...)
					s.rec = append(s.rec, '\n')
					if len(s.rec) > maxRecordBytes {
						return 0, nil, lineError(ErrCorrupt, start, fmt.Sprintf("the quote that opens cell %s is never closed", colName(opened)))
					}
					if line, ok, err = s.readLine(); err != nil {
						return 0, nil, err
					}
					if !ok {
						return 0, nil, lineError(ErrCorrupt, start, fmt.Sprintf("the quote that opens cell %s is never closed", colName(opened)))
					}
					s.line++
					pos = 0
					continue
				}
				s.rec = append(s.rec, line[pos:pos+i]...)
				pos += i + 1
				if pos < len(line) && line[pos] == '"' {
					s.rec = append(s.rec, '"')
					pos++
					continue
				}
				break
			}
		}
		// The unquoted cell, or what follows a closing quote up to the
		// separator.
		j := bytes.IndexByte(line[pos:], s.comma)
		if j < 0 {
			j = len(line) - pos
		}
		s.rec = append(s.rec, line[pos:pos+j]...)
		pos += j
		s.ends = append(s.ends, len(s.rec))
		if len(s.ends) > maxColumns {
			return 0, nil, lineError(ErrTooLarge, start, fmt.Sprintf("the row has more than %d cells", maxColumns))
		}
		if pos >= len(line) {
			break
		}
		pos++
	}
	str := string(s.rec)
	clean := cleanText(str) == str
	s.cells = s.cells[:0]
	from := 0
	for _, end := range s.ends {
		t := str[from:end]
		if !clean {
			t = cleanText(t)
		}
		s.cells = append(s.cells, rawCell{text: t})
		from = end
	}
	return start, s.cells, nil
}

func (s *csvSource) close() error { return nil }
