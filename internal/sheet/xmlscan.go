package sheet

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"

	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/unicode"
)

// The worksheet and the shared strings are most of a workbook, and
// encoding/xml spends a microsecond and several allocations on each of
// their tokens. scanner reads just the XML they are written in, about five
// times faster: elements, attributes, text, CDATA, comments and processing
// instructions, the predefined and numeric entities. A document type
// declaration, which no workbook has, is refused, and so are the entity
// expansions it would allow.

type tokKind uint8

const (
	tokEOF tokKind = iota
	tokStart
	tokEnd
	tokText
)

// maxToken bounds a tag or a text run, so that a file without '<' or '>'
// cannot make the scanner hold it whole.
const maxToken = 8 << 20

type xattr struct{ name, value []byte }

type scanner struct {
	r        io.Reader
	buf      []byte
	pos, end int
	eof      bool
	err      error

	// The current token, valid until the next call of next.
	kind  tokKind
	name  []byte // local name, without a namespace prefix
	attrs []xattr
	empty bool   // a start tag that closes itself
	text  []byte // raw text, or the content of a CDATA section
	cdata bool
}

// newScanner reads XML from r, decoding it first if it is UTF-16 or
// declares another encoding.
func newScanner(r io.Reader) *scanner {
	s := &scanner{r: r, buf: make([]byte, 64<<10)}
	s.fill()
	head := s.buf[s.pos:s.end]
	switch {
	case bytes.HasPrefix(head, []byte("\xff\xfe")), bytes.HasPrefix(head, []byte("\xfe\xff")):
		s.recode(unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewDecoder().Reader(s.rest()))
	case bytes.HasPrefix(head, []byte("\xef\xbb\xbf")):
		s.pos += 3
	case bytes.HasPrefix(head, []byte("<?xml")):
		decl := head[:max(0, bytes.Index(head, []byte("?>")))]
		if i := bytes.Index(decl, []byte("encoding=")); i >= 0 && i+10 < len(decl) {
			q := decl[i+9]
			label := decl[i+10:]
			if j := bytes.IndexByte(label, q); j >= 0 {
				label = label[:j]
			}
			if enc, err := htmlindex.Get(string(label)); err == nil && enc != unicode.UTF8 {
				s.recode(enc.NewDecoder().Reader(s.rest()))
			}
		}
	}
	return s
}

// rest returns the input from the current position on.
func (s *scanner) rest() io.Reader {
	return io.MultiReader(bytes.NewReader(bytes.Clone(s.buf[s.pos:s.end])), s.r)
}

func (s *scanner) recode(r io.Reader) {
	s.r, s.pos, s.end, s.eof = r, 0, 0, false
	s.fill()
}

// fill moves the unread bytes to the front of the buffer, grows it when it
// is full, and reads more. It reports whether it read anything.
func (s *scanner) fill() bool {
	if s.eof || s.err != nil {
		return false
	}
	if s.pos > 0 {
		copy(s.buf, s.buf[s.pos:s.end])
		s.end -= s.pos
		s.pos = 0
	}
	if s.end == len(s.buf) {
		if len(s.buf) >= maxToken {
			s.err = errors.New("an XML token larger than 8 MB")
			return false
		}
		s.buf = append(s.buf, make([]byte, len(s.buf))...)
	}
	for {
		n, err := s.r.Read(s.buf[s.end:])
		s.end += n
		if err != nil {
			if errors.Is(err, io.EOF) {
				s.eof = true
			} else {
				s.err = err
			}
			return n > 0
		}
		if n > 0 {
			return true
		}
	}
}

// find returns the offset from pos of sep at or after pos+from, reading
// more input as needed, or -1 at the end of the input.
func (s *scanner) find(from int, sep []byte) int {
	for {
		if i := bytes.Index(s.buf[s.pos+from:s.end], sep); i >= 0 {
			return from + i
		}
		from = max(from, s.end-s.pos-len(sep)+1)
		if !s.fill() {
			return -1
		}
	}
}

// ensure reads until n bytes are buffered or the input ends.
func (s *scanner) ensure(n int) {
	for s.end-s.pos < n && s.fill() {
	}
}

func (s *scanner) has(prefix string) bool {
	return bytes.HasPrefix(s.buf[s.pos:s.end], []byte(prefix))
}

// fail records a syntax error and returns it.
func (s *scanner) fail(format string, args ...any) error {
	if s.err == nil {
		s.err = fmt.Errorf(format, args...)
	}
	return s.err
}

// next reads the next token into s.
func (s *scanner) next() error {
	for {
		if s.err != nil {
			return s.err
		}
		if s.pos >= s.end && !s.fill() {
			if s.err != nil {
				return s.err
			}
			s.kind = tokEOF
			return nil
		}
		if s.buf[s.pos] != '<' {
			i := s.find(0, []byte("<"))
			if s.err != nil {
				return s.err
			}
			if i < 0 {
				i = s.end - s.pos
			}
			s.kind, s.text, s.cdata = tokText, s.buf[s.pos:s.pos+i], false
			s.pos += i
			return nil
		}
		s.ensure(9)
		switch {
		case s.has("<!--"):
			if err := s.skipPast(4, "-->"); err != nil {
				return err
			}
		case s.has("<?"):
			if err := s.skipPast(2, "?>"); err != nil {
				return err
			}
		case s.has("<![CDATA["):
			i := s.find(9, []byte("]]>"))
			if i < 0 {
				return s.fail("unclosed CDATA section")
			}
			s.kind, s.text, s.cdata = tokText, s.buf[s.pos+9:s.pos+i], true
			s.pos += i + 3
			return nil
		case s.has("<!"):
			return s.fail("unexpected <! declaration")
		case s.has("</"):
			i := s.find(2, []byte(">"))
			if i < 0 {
				return s.fail("unclosed end tag")
			}
			s.kind, s.name = tokEnd, localName(bytes.TrimSpace(s.buf[s.pos+2:s.pos+i]))
			s.pos += i + 1
			return nil
		default:
			return s.startTag()
		}
	}
}

func (s *scanner) skipPast(from int, sep string) error {
	i := s.find(from, []byte(sep))
	if i < 0 {
		return s.fail("unclosed %q", sep)
	}
	s.pos += i + len(sep)
	return nil
}

// startTag reads a start tag and its attributes.
func (s *scanner) startTag() error {
	// Find the closing '>', which may appear inside quoted values.
	i, quote := 1, byte(0)
	for {
		if s.pos+i >= s.end && !s.fill() {
			return s.fail("unclosed start tag")
		}
		c := s.buf[s.pos+i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			goto found
		}
		i++
	}
found:
	tag := s.buf[s.pos+1 : s.pos+i]
	s.pos += i + 1
	s.empty = len(tag) > 0 && tag[len(tag)-1] == '/'
	if s.empty {
		tag = tag[:len(tag)-1]
	}
	n := 0
	for n < len(tag) && !isXMLSpace(tag[n]) {
		n++
	}
	if n == 0 {
		return s.fail("empty tag name")
	}
	s.kind, s.name, s.attrs = tokStart, localName(tag[:n]), s.attrs[:0]
	rest := tag[n:]
	for {
		rest = bytes.TrimLeft(rest, " \t\r\n")
		if len(rest) == 0 {
			return nil
		}
		eq := bytes.IndexByte(rest, '=')
		if eq <= 0 {
			return s.fail("bad attribute in <%s>", s.name)
		}
		name := bytes.TrimSpace(rest[:eq])
		rest = bytes.TrimLeft(rest[eq+1:], " \t\r\n")
		if len(rest) == 0 || (rest[0] != '"' && rest[0] != '\'') {
			return s.fail("unquoted attribute in <%s>", s.name)
		}
		end := bytes.IndexByte(rest[1:], rest[0])
		if end < 0 {
			return s.fail("bad attribute in <%s>", s.name)
		}
		s.attrs = append(s.attrs, xattr{name: localName(name), value: rest[1 : end+1]})
		rest = rest[end+2:]
	}
}

func isXMLSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// localName drops a namespace prefix, as encoding/xml does: only a colon
// with a name on both sides separates one.
func localName(b []byte) []byte {
	if i := bytes.IndexByte(b, ':'); i > 0 && i < len(b)-1 {
		return b[i+1:]
	}
	return b
}

// attr returns the decoded value of the current start tag's attribute,
// valid until the next token.
func (s *scanner) attr(name string) ([]byte, error) {
	for _, a := range s.attrs {
		if string(a.name) == name {
			if bytes.IndexAny(a.value, "&\r") < 0 {
				return a.value, nil
			}
			return appendText(nil, a.value, false)
		}
	}
	return nil, nil
}

// appendText appends XML text to dst with its entities decoded and its line
// ends normalised; CDATA content has no entities.
func appendText(dst, raw []byte, cdata bool) ([]byte, error) {
	special := "&\r"
	if cdata {
		special = "\r"
	}
	for {
		i := bytes.IndexAny(raw, special)
		if i < 0 {
			return append(dst, raw...), nil
		}
		dst = append(dst, raw[:i]...)
		raw = raw[i:]
		if raw[0] == '\r' {
			dst = append(dst, '\n')
			raw = raw[1:]
			if len(raw) > 0 && raw[0] == '\n' {
				raw = raw[1:]
			}
			continue
		}
		semi := bytes.IndexByte(raw, ';')
		if semi < 0 || semi > 12 {
			return dst, errors.New("bad entity")
		}
		ent := raw[1:semi]
		raw = raw[semi+1:]
		switch string(ent) {
		case "lt":
			dst = append(dst, '<')
		case "gt":
			dst = append(dst, '>')
		case "amp":
			dst = append(dst, '&')
		case "quot":
			dst = append(dst, '"')
		case "apos":
			dst = append(dst, '\'')
		default:
			if len(ent) < 2 || ent[0] != '#' {
				return dst, fmt.Errorf("unknown entity &%s;", ent)
			}
			var v uint64
			var err error
			if ent[1] == 'x' {
				v, err = strconv.ParseUint(string(ent[2:]), 16, 32)
			} else {
				v, err = strconv.ParseUint(string(ent[1:]), 10, 32)
			}
			if err != nil || v > utf8.MaxRune {
				return dst, fmt.Errorf("bad character reference &%s;", ent)
			}
			// As encoding/xml does: a surrogate becomes U+FFFD, and the
			// NUL that cleanText removes stays until then.
			dst = utf8.AppendRune(dst, rune(v))
		}
	}
}

// skip consumes the rest of the element whose start tag was just read.
func (s *scanner) skip() error {
	if s.empty {
		return nil
	}
	for depth := 1; depth > 0; {
		if err := s.next(); err != nil {
			return err
		}
		switch s.kind {
		case tokStart:
			if !s.empty {
				depth++
			}
		case tokEnd:
			depth--
		case tokEOF:
			return io.ErrUnexpectedEOF
		}
	}
	return nil
}

// readText reads the text of the element whose start tag was just read, up to
// its end, ignoring child elements.
func (s *scanner) readText(dst []byte) ([]byte, error) {
	if s.empty {
		return dst, nil
	}
	for {
		if err := s.next(); err != nil {
			return dst, err
		}
		switch s.kind {
		case tokText:
			var err error
			if dst, err = appendText(dst, s.text, s.cdata); err != nil {
				return dst, err
			}
		case tokStart:
			if err := s.skip(); err != nil {
				return dst, err
			}
		case tokEnd:
			return dst, nil
		case tokEOF:
			return dst, io.ErrUnexpectedEOF
		}
	}
}

// readRich reads the text of a rich string (<si> or <is>) whose start tag
// was just read: the <t> elements, leaving out phonetic guides (<rPh>).
func (s *scanner) readRich(dst []byte) ([]byte, error) {
	if s.empty {
		return dst, nil
	}
	for depth := 1; ; {
		if err := s.next(); err != nil {
			return dst, err
		}
		switch s.kind {
		case tokStart:
			switch {
			case string(s.name) == "t":
				var err error
				if dst, err = s.readText(dst); err != nil {
					return dst, err
				}
			case string(s.name) == "rPh":
				if err := s.skip(); err != nil {
					return dst, err
				}
			case !s.empty:
				depth++
			}
		case tokEnd:
			if depth--; depth == 0 {
				return dst, nil
			}
		case tokEOF:
			return dst, io.ErrUnexpectedEOF
		}
	}
}
