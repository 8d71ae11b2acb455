package sheet

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// officeXLSX builds a register as a county office keeps it: a merged title,
// a blank row, headers with asterisks and units, an ID typed as a number, a
// date cell and a raw date serial, blank rows between the data, text kept in
// shared strings.
func officeXLSX(t testing.TB, date1904 bool) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if date1904 {
		yes := true
		if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes}); err != nil {
			t.Fatal(err)
		}
	}
	const sh = "登记表"
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.SetSheetName("Sheet1", sh))
	must(f.SetCellValue(sh, "A1", "XX县2026年春风行动转移就业人员登记表"))
	must(f.MergeCell(sh, "A1", "I1"))
	must(f.SetSheetRow(sh, "A3", &[]any{"序号", "姓名*", "身份证号码*", "联系电话", "出生日期", "最低月薪（元）", "地区代码", "是否脱贫户", "备注"}))
	must(f.SetSheetRow(sh, "A4", &[]any{1, "张三", "11010519491231002X", 13800138000, time.Date(1990, 5, 6, 0, 0, 0, 0, time.UTC), 5000, "0123", "是"}))
	must(f.SetSheetRow(sh, "A5", &[]any{2, "李四", 110105194912310021.0, "13900139000", 33000, "4,500", "0456", "否"}))
	style, err := f.NewStyle(&excelize.Style{Border: []excelize.Border{{Type: "top", Style: 1}}})
	must(err)
	must(f.SetCellStyle(sh, "A6", "I6", style)) // a blank row that has borders
	must(f.SetSheetRow(sh, "A7", &[]any{3, " 王五 ", "110105199001010011", "", "1988年8月8日", "", "", "否", "第一行\n第二行"}))
	must(f.SetCellValue(sh, "A9", 4)) // a numbered row with nothing else: not blank
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestReadOfficeXLSX(t *testing.T) {
	for _, date1904 := range []bool{false, true} {
		data := officeXLSX(t, date1904)
		h, rows, err := readAll(t, bytes.NewReader(data), testSchema, Options{})
		if err != nil {
			t.Fatalf("read: %v", err)
		}
		if h.Line != 3 || h.Name("wage") != "最低月薪（元）" || len(h.Unknown) != 1 || h.Unknown[0] != "序号" {
			t.Errorf("header = line %d, wage %q, unknown %q; want 3, 最低月薪（元）, [序号]", h.Line, h.Name("wage"), h.Unknown)
		}
		// The raw serial 33000 means another day in the 1904 date system.
		birth2 := "1990-05-07"
		if date1904 {
			birth2 = "1994-05-08"
		}
		checkRows(t, rows, []wantRow{
			{4, map[string]string{"name": "张三", "id": "11010519491231002X", "phone": "13800138000",
				"birth": "1990-05-06", "wage": "5000", "code": "0123", "poor": "是", "note": ""}},
			{5, map[string]string{"name": "李四", "id": "110105194912310000", "phone": "13900139000",
				"birth": birth2, "wage": "4500", "code": "0456"}},
			{7, map[string]string{"name": "王五", "birth": "1988-08-08", "note": "第一行\n第二行"}},
			{9, map[string]string{"name": "", "id": ""}},
		})
		if t.Failed() {
			t.Fatalf("date1904 = %v", date1904)
		}
		tests := []struct {
			row     int
			key     string
			numeric bool
		}{
			{0, "id", false}, {0, "phone", true}, {1, "id", true}, {1, "phone", false}, {1, "birth", true},
		}
		for _, tt := range tests {
			if got := rows[tt.row].Numeric(tt.key); got != tt.numeric {
				t.Errorf("row %d: Numeric(%q) = %v, want %v", rows[tt.row].Line, tt.key, got, tt.numeric)
			}
		}
	}
}

// TestReadXLSXUploads reads the same workbook from a file, from an
// io.ReaderAt, from a stream held in memory and from a stream spooled to a
// temporary file, with the shared strings in memory and in a temporary file.
func TestReadXLSXUploads(t *testing.T) {
	data := officeXLSX(t, false)
	dir := t.TempDir()
	path := dir + "/register.xls" // renamed by hand: the content decides
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	tests := []struct {
		name string
		open func(Options) (*Reader, error)
		opt  Options
	}{
		{"file", func(o Options) (*Reader, error) { return Open(path, testSchema, o) }, Options{}},
		{"reader at", func(o Options) (*Reader, error) { return NewReader(bytes.NewReader(data), testSchema, o) }, Options{}},
		{"stream", func(o Options) (*Reader, error) {
			return NewReader(struct{ io.Reader }{bytes.NewReader(data)}, testSchema, o)
		}, Options{}},
		{"stream to disk, strings on disk", func(o Options) (*Reader, error) {
			return NewReader(struct{ io.Reader }{bytes.NewReader(data)}, testSchema, o)
		}, Options{UnzipXMLSizeLimit: 64, TempDir: tmp}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := tt.open(tt.opt)
			if err != nil {
				t.Fatalf("open: %v", err)
			}
			var names []string
			for r.Next() {
				names = append(names, r.Row().Get("name"))
			}
			if err := r.Err(); err != nil {
				t.Fatalf("Err() = %v", err)
			}
			if err := r.Close(); err != nil {
				t.Fatalf("Close() = %v", err)
			}
			if got := strings.Join(names, ","); got != "张三,李四,王五," {
				t.Errorf("names = %q, want 张三,李四,王五,", got)
			}
			left, _ := os.ReadDir(tmp)
			if len(left) != 0 {
				t.Errorf("temporary files left: %v", left)
			}
		})
	}
}

// buildXLSX packs a workbook from a worksheet and optional shared strings
// and styles, for cases excelize does not write.
func buildXLSX(t testing.TB, sheet, sst, styles string) []byte {
	t.Helper()
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	rels := `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>`
	parts := map[string]string{
		"_rels/.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml": `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
			`<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/worksheets/sheet1.xml": sheet,
	}
	if sst != "" {
		parts["xl/sharedStrings.xml"] = sst
		rels += `<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>`
	}
	if styles != "" {
		parts["xl/styles.xml"] = styles
		rels += `<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="/xl/styles.xml"/>`
	}
	parts["xl/_rels/workbook.xml.rels"] = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` + rels + `</Relationships>`
	for _, name := range []string{"_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/styles.xml"} {
		body, ok := parts[name]
		if !ok {
			continue
		}
		w, err := z.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, body)
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func sheetXML(rows string) string {
	return `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` + rows + `</sheetData></worksheet>`
}

func TestReadXLSXCells(t *testing.T) {
	sst := `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4" uniqueCount="4">` +
		`<si><t>姓名</t></si><si><t>身份证号</t></si>` +
		`<si><r><rPr><b/></rPr><t>张</t></r><r><t xml:space="preserve">三 </t></r><rPh sb="0" eb="1"><t>zhang</t></rPh></si>` +
		`<si><t>a_x000D_b</t></si></sst>`
	styles := `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
		`<numFmts count="1"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts>` +
		`<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>` +
		`<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="176"/><xf numFmtId="49"/></cellXfs></styleSheet>`
	sheet := sheetXML(
		`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><t>出生日期</t></is></c>` +
			`<c r="D1" t="str"><v>备注</v></c></row>` +
			// Cells without references follow one another.
			`<row r="2"><c t="s"><v>2</v></c><c t="inlineStr"><is><t>'110105194912310021</t></is></c><c s="1"><v>32874</v></c><c t="s"><v>3</v></c></row>` +
			`<row r="4"><c r="A4" t="inlineStr"><is><t>李四</t></is></c><c r="B4" t="str"><f>A1</f><v>=x</v></c><c r="C4" t="d"><v>1990-01-01T00:00:00Z</v></c><c r="D4" t="b"><v>1</v></c></row>` +
			`<row r="5"><c r="A5" t="inlineStr"><is><t>王五</t></is></c><c r="B5" t="e"><v>#N/A</v></c><c r="D5" s="2"><v>12</v></c></row>` +
			`<row r="6"><c r="A6" s="1"/><c r="B6" t="s"/><c r="C6"><v></v></c></row>`)
	_, rows, err := readAll(t, bytes.NewReader(buildXLSX(t, sheet, sst, styles)), testSchema, Options{})
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	checkRows(t, rows, []wantRow{
		{2, map[string]string{"name": "张三", "id": "110105194912310021", "birth": "1990-01-01", "note": "a\rb"}},
		{4, map[string]string{"name": "李四", "id": "=x", "birth": "1990-01-01", "note": "TRUE"}},
		{5, map[string]string{"name": "王五", "id": "#N/A", "note": "12"}},
	})
}

func TestReadXLSXPrefixedXML(t *testing.T) {
	// Some generators write the main namespace with a prefix.
	sheet := `<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>` +
		`<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>姓名</x:t></x:is></x:c><x:c r="B1" t="inlineStr"><x:is><x:t>身份证号</x:t></x:is></x:c></x:row>` +
		`<x:row r="2"><x:c r="A2" t="inlineStr"><x:is><x:t>张三</x:t></x:is></x:c><x:c r="B2"><x:v>1</x:v></x:c></x:row>` +
		`</x:sheetData></x:worksheet>`
	_, rows, err := readAll(t, bytes.NewReader(buildXLSX(t, sheet, "", "")), testSchema, Options{})
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	checkRows(t, rows, []wantRow{{2, map[string]string{"name": "张三", "id": "1"}}})
}

func TestReadXLSXSheets(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", "下拉选项")
	f.SetSheetRow("下拉选项", "A1", &[]any{"是", "否"})
	for _, name := range []string{"一月", "二月"} {
		f.NewSheet(name)
		f.SetSheetRow(name, "A1", &[]any{"姓名", "身份证号"})
		f.SetSheetRow(name, "A2", &[]any{name + "的人", "1"})
	}
	f.SetActiveSheet(1)
	if err := f.SetSheetVisible("下拉选项", false); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	f.WriteTo(&buf)
	data := buf.Bytes()
	tests := []struct {
		name    string
		sheet   string
		want    string
		wantErr string
	}{
		{"first visible", "", "一月的人", ""},
		{"named", "二月", "二月的人", ""},
		{"named loosely", " 二月 ", "二月的人", ""},
		{"missing", "三月", "", "下拉选项, 一月, 二月"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, rows, err := readAll(t, bytes.NewReader(data), testSchema, Options{Sheet: tt.sheet})
			if tt.wantErr != "" {
				if !errors.Is(err, ErrNoSheet) || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("read() error = %v, want ErrNoSheet listing %s", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("read: %v", err)
			}
			if len(rows) != 1 || rows[0].Get("name") != tt.want {
				t.Errorf("rows = %v, want one row of %s", rows, tt.want)
			}
		})
	}
}

func zipOf(t *testing.T, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	for name, body := range files {
		w, _ := z.Create(name)
		io.WriteString(w, body)
	}
	z.Close()
	return buf.Bytes()
}

func TestReadXLSXErrors(t *testing.T) {
	good := officeXLSX(t, false)
	big := sheetXML(`<row r="1"><c t="inlineStr"><is><t>姓名</t></is></c><c t="inlineStr"><is><t>身份证号</t></is></c></row>` +
		strings.Repeat(`<row><c t="inlineStr"><is><t>张三</t></is></c><c><v>1</v></c></row>`, 2000))
	tests := []struct {
		name    string
		data    []byte
		opt     Options
		wantErr error
		wantMsg string
	}{
		{"truncated", good[:len(good)/2], Options{}, ErrCorrupt, "damaged"},
		{"word document", zipOf(t, map[string]string{"word/document.xml": "<w/>"}), Options{}, ErrNotSheet, "Word"},
		{"opendocument", zipOf(t, map[string]string{"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<x/>"}), Options{}, ErrNotSheet, ".ods"},
		{"other zip", zipOf(t, map[string]string{"a.txt": "a"}), Options{}, ErrNotSheet, "zip archive"},
		{"zip bomb", buildXLSX(t, big, "", ""), Options{UnzipSizeLimit: 20 << 10}, ErrTooLarge, "unpacks to more than"},
		{"broken xml", buildXLSX(t, sheetXML(`<row r="1"><c t="inlineStr"><is><t>姓名</t></is></c><c t="inlineStr"><is><t>身份证号</t></is></c></row><row r="2"><c>`), "", ""), Options{}, ErrCorrupt, "damaged"},
		{"no sheet data", buildXLSX(t, `<worksheet/>`, "", ""), Options{}, ErrCorrupt, "no data"},
		{"bad shared string", buildXLSX(t, sheetXML(`<row r="1"><c t="s"><v>7</v></c></row>`), "", ""), Options{}, ErrCorrupt, "shared string"},
		{"row past the end", buildXLSX(t, sheetXML(`<row r="99999999"><c t="inlineStr"><is><t>x</t></is></c></row>`), "", ""), Options{}, ErrCorrupt, "past the last row"},
		{"column past the end", buildXLSX(t, sheetXML(`<row r="1"><c r="XFE1"><v>1</v></c></row>`), "", ""), Options{}, ErrCorrupt, "cell reference"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := readAll(t, bytes.NewReader(tt.data), testSchema, tt.opt)
			if !errors.Is(err, tt.wantErr) || !strings.Contains(err.Error(), tt.wantMsg) {
				t.Fatalf("read() error = %v, want %v mentioning %q", err, tt.wantErr, tt.wantMsg)
			}
		})
	}
}

// TestReadXLSXErrorLine checks that an error in the middle of the sheet
// names the row where it happened, after the rows before it were read.
func TestReadXLSXErrorLine(t *testing.T) {
	sheet := sheetXML(`<row r="1"><c t="inlineStr"><is><t>姓名</t></is></c><c t="inlineStr"><is><t>身份证号</t></is></c></row>` +
		`<row r="2"><c t="inlineStr"><is><t>张三</t></is></c></row><row r="3"><c t="s"><v>x</v></c></row>`)
	_, rows, err := readAll(t, bytes.NewReader(buildXLSX(t, sheet, "", "")), testSchema, Options{})
	var e *Error
	if !errors.As(err, &e) || !errors.Is(err, ErrCorrupt) || e.Line != 3 {
		t.Fatalf("read() error = %v, want ErrCorrupt at row 3", err)
	}
	if len(rows) != 1 {
		t.Errorf("read %d rows before the error, want 1", len(rows))
	}
}
