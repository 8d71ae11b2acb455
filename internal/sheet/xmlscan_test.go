package sheet

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

// tokens lists a document as "<name a=v>", "</name>" and "text", merging
// adjacent text, the way both parsers can be compared.
func scanTokens(data []byte) ([]string, error) {
	s := newScanner(bytes.NewReader(data))
	var out []string
	text := ""
	flush := func() {
		if text != "" {
			out = append(out, text)
			text = ""
		}
	}
	for {
		if err := s.next(); err != nil {
			return out, err
		}
		switch s.kind {
		case tokEOF:
			flush()
			return out, nil
		case tokText:
			b, err := appendText(nil, s.text, s.cdata)
			if err != nil {
				return out, err
			}
			text += string(b)
		case tokStart:
			flush()
			tag := "<" + string(s.name)
			for _, a := range s.attrs {
				v, err := s.attr(string(a.name))
				if err != nil {
					return out, err
				}
				tag += " " + string(a.name) + "=" + string(v)
			}
			out = append(out, tag+">")
			if s.empty {
				out = append(out, "</"+string(s.name)+">")
			}
		case tokEnd:
			flush()
			out = append(out, "</"+string(s.name)+">")
		}
	}
}

// stdTokens does the same with encoding/xml; ok is false for documents it
// rejects or that hold declarations the scanner refuses by design.
func stdTokens(data []byte) (out []string, ok bool) {
	d := xml.NewDecoder(bytes.NewReader(data))
	text := ""
	flush := func() {
		if text != "" {
			out = append(out, text)
			text = ""
		}
	}
	for {
		tok, err := d.RawToken()
		if errors.Is(err, io.EOF) {
			flush()
			return out, true
		}
		if err != nil {
			return nil, false
		}
		switch t := tok.(type) {
		case xml.CharData:
			text += string(t)
		case xml.StartElement:
			flush()
			tag := "<" + t.Name.Local
			for _, a := range t.Attr {
				tag += " " + a.Name.Local + "=" + a.Value
			}
			out = append(out, tag+">")
		case xml.EndElement:
			flush()
			out = append(out, "</"+t.Name.Local+">")
		case xml.Directive:
			return nil, false
		}
	}
}

func TestScanner(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"elements", `<a x="1" y='2'><b/>t</a>`, []string{"<a x=1 y=2>", "<b>", "</b>", "t", "</a>"}},
		{"prefixes", `<x:c x:r="A1"><x:v>1</x:v></x:c>`, []string{"<c r=A1>", "<v>", "1", "</v>", "</c>"}},
		{"entities", `<t>&lt;&amp;&gt;&quot;&apos;&#20013;&#x6587;</t>`, []string{"<t>", `<&>"'中文`, "</t>"}},
		{"quoted angle", `<a v="x>y">z</a>`, []string{"<a v=x>y>", "z", "</a>"}},
		{"cdata", `<t>a<![CDATA[<&b>]]>c</t>`, []string{"<t>", "a<&b>c", "</t>"}},
		{"comments and instructions", `<?xml version="1.0"?><!-- x --><a><?pi y?></a>`, []string{"<a>", "</a>"}},
		{"line ends", "<t>a\r\nb\rc&#13;</t>", []string{"<t>", "a\nb\nc\r", "</t>"}},
		{"bom", "\ufeff<a/>", []string{"<a>", "</a>"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := scanTokens([]byte(tt.in))
			if err != nil || strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("scan(%q) = %q, %v, want %q", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestScannerErrors(t *testing.T) {
	for _, in := range []string{
		`<a`, `<a b=1>`, `<a b="1>`, `<t>&bogus;</t>`, `<t>&#x110000;</t>`, `<t>&#;</t>`, `<![CDATA[x`,
		`<!-- x`, `<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>`, `</a`, `<>`,
	} {
		if got, err := scanTokens([]byte(in)); err == nil {
			t.Errorf("scan(%q) = %q, want an error", in, got)
		}
	}
}

// TestScannerSmallReads feeds the scanner one byte at a time and a token
// longer than its first buffer.
func TestScannerSmallReads(t *testing.T) {
	long := strings.Repeat("长", 100<<10)
	in := `<row r="1"><c r="A1" t="inlineStr"><is><t>` + long + `</t></is></c></row>`
	s := newScanner(iotest.OneByteReader(strings.NewReader(in)))
	var got []string
	for s.next() == nil && s.kind != tokEOF {
		if s.kind == tokText {
			got = append(got, string(s.text))
		}
	}
	if s.err != nil || len(got) != 1 || got[0] != long {
		t.Errorf("scan of a long text: err %v, %d texts, want one of %d bytes", s.err, len(got), len(long))
	}
}

func TestScannerTooLarge(t *testing.T) {
	s := newScanner(io.MultiReader(strings.NewReader("<a>"), bytes.NewReader(bytes.Repeat([]byte("x"), maxToken+10))))
	for s.next() == nil && s.kind != tokEOF {
	}
	if s.err == nil {
		t.Errorf("scan of a text beyond %d bytes: no error", maxToken)
	}
}

// FuzzScanner checks the scanner against encoding/xml on every document
// encoding/xml accepts.
func FuzzScanner(f *testing.F) {
	for _, s := range []string{
		`<a x="1"><b/>t&amp;u</a>`,
		`<sst><si><r><t xml:space="preserve">a </t></r><rPh><t>b</t></rPh></si></sst>`,
		`<x:row r="1"><x:c t="s"><x:v>0</x:v></x:c></x:row>`,
		`<t><![CDATA[x]]>&#x4E2D;</t><!--c--><?p?>`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := scanTokens(data)
		if bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) || bytes.HasPrefix(data, []byte("\xff\xfe")) || bytes.HasPrefix(data, []byte("\xfe\xff")) {
			return
		}
		want, ok := stdTokens(data)
		if !ok {
			return
		}
		if err != nil {
			t.Fatalf("scanner fails on %q, which encoding/xml reads: %v", data, err)
		}
		if strings.Join(got, "\x00") != strings.Join(want, "\x00") {
			t.Fatalf("scan(%q) = %q, encoding/xml gives %q", data, got, want)
		}
	})
}
