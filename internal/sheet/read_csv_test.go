package sheet

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

func encode(t *testing.T, e encoding.Encoding, s string) string {
	t.Helper()
	out, err := e.NewEncoder().String(s)
	if err != nil {
		t.Fatalf("encode %q: %v", s, err)
	}
	return out
}

// wantRow is a row expected from a file: its line and some of its values.
type wantRow struct {
	line int
	vals map[string]string
}

func checkRows(t *testing.T, got []Row, want []wantRow) {
	t.Helper()
	if len(got) != len(want) {
		var lines []string
		for _, r := range got {
			lines = append(lines, strings.Join(values(r, testSchema), "|"))
		}
		t.Fatalf("got %d rows, want %d:\n%s", len(got), len(want), strings.Join(lines, "\n"))
	}
	for i, w := range want {
		if got[i].Line != w.line {
			t.Errorf("row %d: Line = %d, want %d", i, got[i].Line, w.line)
		}
		for k, v := range w.vals {
			if g := got[i].Get(k); g != v {
				t.Errorf("row %d: Get(%q) = %q, want %q", i, k, g, v)
			}
		}
	}
}

func TestReadCSV(t *testing.T) {
	const plain = "姓名,身份证号,手机号\n张三,11010519491231002X,13800138000\n"
	two := []wantRow{{2, map[string]string{"name": "张三", "id": "11010519491231002X", "phone": "13800138000"}}}
	tests := []struct {
		name string
		in   string
		opt  Options
		want []wantRow
	}{
		{"utf-8", plain, Options{}, two},
		{"utf-8 with BOM", "\ufeff" + plain, Options{}, two},
		{"gb18030", encode(t, simplifiedchinese.GB18030, plain), Options{}, two},
		{"gbk", encode(t, simplifiedchinese.GBK, plain), Options{}, two},
		{"utf-16 unicode text", encode(t, unicode.UTF16(unicode.LittleEndian, unicode.UseBOM),
			strings.ReplaceAll(plain, ",", "\t")), Options{}, two},
		{"utf-16 big endian", encode(t, unicode.UTF16(unicode.BigEndian, unicode.UseBOM), plain), Options{}, two},
		{"crlf", strings.ReplaceAll(plain, "\n", "\r\n"), Options{}, two},
		{"lone cr", strings.ReplaceAll(plain, "\n", "\r"), Options{}, two},
		{"tab", strings.ReplaceAll(plain, ",", "\t"), Options{}, two},
		{"semicolon", strings.ReplaceAll(plain, ",", ";"), Options{}, two},
		{"bar", strings.ReplaceAll(plain, ",", "|"), Options{}, two},
		{"forced separator", strings.ReplaceAll(plain, ",", ";"), Options{Comma: ';'}, two},
		{"no final newline", strings.TrimSuffix(plain, "\n"), Options{}, two},
		{
			name: "full-width comma is text",
			in:   "登记表（单位：人，元）\n姓名,身份证号,备注\n张三,1,北京，朝阳\n",
			want: []wantRow{{3, map[string]string{"name": "张三", "note": "北京，朝阳"}}},
		},
		{
			name: "titles, blank rows and trailing commas as Excel saves them",
			in: "XX县2026年春风行动转移就业人员登记表,,,\r\n,,,\r\n序号,姓名*,身份证号码*,联系电话\r\n" +
				"1,张三,11010519491231002X,13800138000\r\n,,,\r\n   ,\u3000,,\r\n2,李四,110105194912310021,\r\n",
			want: []wantRow{
				{4, map[string]string{"name": "张三"}},
				{7, map[string]string{"name": "李四", "phone": ""}},
			},
		},
		{
			name: "multi-line cells count their lines",
			in:   "姓名,身份证号,备注\n张三,1,\"第一行\n第二行\r\n第三行\"\n李四,2,\"引号\"\"内\"\"\"\n王五,3,x\n",
			want: []wantRow{
				{2, map[string]string{"note": "第一行\n第二行\n第三行"}},
				{5, map[string]string{"name": "李四", "note": `引号"内"`}},
				{6, map[string]string{"name": "王五"}},
			},
		},
		{
			name: "stray quotes are text",
			in:   "姓名,身份证号,备注\n张三,1,他说\"好\"\n\"李四\"后缀,2,\"未转义\"的\"引号\"\n",
			want: []wantRow{
				{2, map[string]string{"note": `他说"好"`}},
				{3, map[string]string{"name": "李四后缀", "note": `未转义的"引号"`}},
			},
		},
		{
			name: "more cells than the header, all empty",
			in:   "姓名,身份证号\n张三,1,,,\n",
			want: []wantRow{{2, map[string]string{"name": "张三"}}},
		},
		{
			name: "escapes from our writer",
			in:   "姓名,身份证号,地区代码,备注\n张三,\"=\"\"110105194912310021\"\"\",\"=\"\"0123\"\"\",'=1+2\n",
			want: []wantRow{{2, map[string]string{"id": "110105194912310021", "code": "0123", "note": "=1+2"}}},
		},
		{
			name: "dates and numbers typed as text",
			in:   "姓名,身份证号,出生日期,最低月薪\n张三,1,1990/5/6,\"5,000\"\n",
			want: []wantRow{{2, map[string]string{"birth": "1990-05-06", "wage": "5000"}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, rows, err := readAll(t, strings.NewReader(tt.in), testSchema, tt.opt)
			if err != nil {
				t.Fatalf("read: %v", err)
			}
			checkRows(t, rows, tt.want)
		})
	}
}

// TestReadCSVLateEncoding covers a GB18030 file whose first 64 KiB are
// ASCII, so that the encoding shows only later.
func TestReadCSVLateEncoding(t *testing.T) {
	var b strings.Builder
	b.WriteString("name,ID number,note\n")
	for b.Len() < 3*sniffSize {
		b.WriteString("zhang,110105194912310021,ok\n")
	}
	ascii := strings.Count(b.String(), "\n")
	b.WriteString("张三,11010519491231002X,备注\n")
	in := encode(t, simplifiedchinese.GB18030, b.String())
	_, rows, err := readAll(t, strings.NewReader(in), testSchema, Options{})
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	last := rows[len(rows)-1]
	if last.Get("name") != "张三" || last.Get("note") != "备注" || last.Line != ascii+1 {
		t.Errorf("last row = %d %q, want %d [张三 ... 备注]", last.Line, values(last, testSchema), ascii+1)
	}
}

// TestReadCSVMixedEncoding covers a UTF-8 file with a stray GBK row beyond
// the part looked at: the bytes that are not UTF-8 become U+FFFD rather than
// reaching a database that rejects them.
func TestReadCSVMixedEncoding(t *testing.T) {
	var b strings.Builder
	b.WriteString("姓名,身份证号\n")
	for b.Len() < 2*sniffSize {
		b.WriteString("张三,1\n")
	}
	b.WriteString(encode(t, simplifiedchinese.GBK, "李四") + ",2\n")
	_, rows, err := readAll(t, strings.NewReader(b.String()), testSchema, Options{})
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	last := rows[len(rows)-1].Get("name")
	if !strings.Contains(last, "\uFFFD") || !utf8Valid(last) {
		t.Errorf("last name = %q, want replacement characters", last)
	}
}

func utf8Valid(s string) bool { return strings.ToValidUTF8(s, "?") == s }

func TestReadCSVProblems(t *testing.T) {
	_, rows, err := readAll(t, strings.NewReader("姓名,身份证号,,序号\n张三,1,x,1\n李四,2,,2,,y\n王五,3,,3\n"), testSchema, Options{})
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	tests := []struct {
		line int
		want string // part of the message, or "" for no problem
	}{
		{2, "C2"},
		{3, "F3"},
		{4, ""},
	}
	for i, tt := range tests {
		p := rows[i].Problem()
		switch {
		case tt.want == "" && p != nil:
			t.Errorf("row %d: Problem() = %v, want nil", tt.line, p)
		case tt.want != "" && (p == nil || !errors.Is(p, ErrStrayCell) || !strings.Contains(p.Msg, tt.want) || p.Line != tt.line):
			t.Errorf("row %d: Problem() = %v, want a stray cell at %s", tt.line, p, tt.want)
		}
	}
}

func TestReadCSVErrors(t *testing.T) {
	long := "姓名,身份证号\n张三," + strings.Repeat("1", maxRecordBytes+10)
	tests := []struct {
		name     string
		in       string
		opt      Options
		wantErr  error
		wantLine int
		wantMsg  string
	}{
		{"empty", "", Options{}, ErrNoHeader, 0, "no rows"},
		{"blank lines only", "\n\n,,\n", Options{}, ErrNoHeader, 0, "no rows"},
		{"no header", "a,b\n1,2\n", Options{}, ErrNoHeader, 0, "姓名"},
		{"missing column", "姓名,电话\n张三,1\n", Options{}, ErrMissingColumn, 1, "身份证号"},
		{"quote never closed", "姓名,身份证号\n张三,1\n\"李四,2\n王五,3\n", Options{}, ErrCorrupt, 3, "cell A"},
		{"line too long", long, Options{}, ErrTooLarge, 2, "longer than"},
		{"pdf", "%PDF-1.7\n...", Options{}, ErrNotSheet, 0, "PDF"},
		{"web page saved as xls", "\r\n<html><table><tr><td>姓名</td></tr></table></html>", Options{}, ErrNotSheet, 0, "web page"},
		{"excel 2003 xml", `<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">`, Options{}, ErrNotSheet, 0, "save it as .xlsx"},
		{"binary", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", Options{}, ErrNotSheet, 0, "binary"},
		{"old xls", "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", Options{}, ErrXLS, 0, ".xlsx or CSV"},
		{"bad separator", "姓名,身份证号\n", Options{Comma: '，'}, ErrSchema, 0, "Comma"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := readAll(t, strings.NewReader(tt.in), testSchema, tt.opt)
			var e *Error
			if !errors.As(err, &e) || !errors.Is(err, tt.wantErr) {
				t.Fatalf("read() error = %v, want %v", err, tt.wantErr)
			}
			if e.Line != tt.wantLine || !strings.Contains(e.Msg, tt.wantMsg) {
				t.Errorf("read() error = line %d %q, want line %d mentioning %q", e.Line, e.Msg, tt.wantLine, tt.wantMsg)
			}
		})
	}
}

func TestReadCSVUnknownColumns(t *testing.T) {
	h, _, err := readAll(t, strings.NewReader("序号,姓名,身份证号,户籍地址,备注\n"), testSchema, Options{})
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	if want := []string{"序号", "户籍地址"}; !slices.Equal(h.Unknown, want) {
		t.Errorf("Unknown = %q, want %q", h.Unknown, want)
	}
}

func TestDetectComma(t *testing.T) {
	tests := []struct {
		name, in string
		want     byte
	}{
		{"comma", "a,b,c\n1,2,3\n", ','},
		{"tab with commas in text", "a\tb\tc\n北京,朝阳\t2\t3\n", '\t'},
		{"semicolon with decimal commas", "a;b;c\n1,5;2,5;3\n", ';'},
		{"quoted separators ignored", "\"a;b;c;d\",x,y\n", ','},
		{"single column", "姓名\n张三\n", ','},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := detectComma([]byte(tt.in)); got != tt.want {
				t.Errorf("detectComma(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestReadCSVLargeRecordsStayBounded(t *testing.T) {
	// A cell of 100 KB (past bufio's buffer) is read whole.
	big := strings.Repeat("长", 100<<10/3)
	_, rows, err := readAll(t, bytes.NewReader([]byte("姓名,身份证号,备注\n张三,1,"+big+"\n")), testSchema, Options{})
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	if got := rows[0].Get("note"); got != big {
		t.Errorf("long cell has %d bytes, want %d", len(got), len(big))
	}
}

// TestReadOfficeCSV reads what Excel on Chinese Windows writes when a
// register is saved as "CSV (comma delimited)": GB18030, CRLF, the merged
// title as one cell followed by empty ones, dates as displayed, and an ID
// held as a number written in scientific notation.
func TestReadOfficeCSV(t *testing.T) {
	text := "XX县2026年春风行动转移就业人员登记表,,,,,,\r\n" +
		",,,,,,\r\n" +
		"序号,姓名*,身份证号码*,联系电话,出生日期,最低月薪（元）,备注\r\n" +
		"1,张三,11010519491231002X,13800138000,1990/5/6,\"5,000\",\r\n" +
		"2,李四,1.10105E+17,13900139000,2000/2/29,4500,\"住址：北京，朝阳\"\r\n" +
		",,,,,,\r\n"
	in := encode(t, simplifiedchinese.GB18030, text)
	h, rows, err := readAll(t, strings.NewReader(in), testSchema, Options{})
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	if h.Line != 3 || h.Name("id") != "身份证号码*" {
		t.Errorf("header = line %d, id %q; want line 3, 身份证号码*", h.Line, h.Name("id"))
	}
	checkRows(t, rows, []wantRow{
		{4, map[string]string{"name": "张三", "id": "11010519491231002X", "birth": "1990-05-06", "wage": "5000", "note": ""}},
		{5, map[string]string{"name": "李四", "id": "1.10105E+17", "birth": "2000-02-29", "note": "住址：北京，朝阳"}},
	})
	if rows[0].Numeric("id") || !rows[1].Numeric("id") {
		t.Errorf("Numeric(id) = %v, %v; want false, true", rows[0].Numeric("id"), rows[1].Numeric("id"))
	}
}
