package sheet

import (
	"bytes"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestReadMergedCells reads a register with a two-row header whose upper
// cells are merged downwards, and data cells merged over several rows.
func TestReadMergedCells(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	const sh = "Sheet1"
	set := func(cell string, v any) {
		if err := f.SetCellValue(sh, cell, v); err != nil {
			t.Fatal(err)
		}
	}
	merge := func(a, b string) {
		if err := f.MergeCell(sh, a, b); err != nil {
			t.Fatal(err)
		}
	}
	set("A1", "XX县2026年春风行动转移就业人员登记表")
	merge("A1", "E2")
	set("A3", "姓名")
	merge("A3", "A4")
	set("B3", "身份证号")
	merge("B3", "B4")
	set("C3", "其他信息")
	merge("C3", "D3")
	set("C4", "手机号")
	set("D4", "地区代码")
	set("E3", "备注")
	merge("E3", "E4")
	for i, name := range []string{"张三", "张三妻", "张三子", "李四"} {
		row := i + 5
		set(cellRef(0, row), name)
		set(cellRef(1, row), "1101051990010100"+string(rune('1'+i))+"1")
	}
	set("D5", "0123")
	merge("D5", "D7")
	set("E5", "同一户")
	merge("E5", "E6")
	set("D8", "0456")
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	h, rows, err := readAll(t, bytes.NewReader(buf.Bytes()), testSchema, Options{})
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	if h.Line != 4 || len(h.Unknown) != 0 {
		t.Errorf("header = line %d, unknown %q; want line 4 and none unknown", h.Line, h.Unknown)
	}
	checkRows(t, rows, []wantRow{
		{5, map[string]string{"name": "张三", "code": "0123", "note": "同一户"}},
		{6, map[string]string{"name": "张三妻", "code": "0123", "note": "同一户"}},
		{7, map[string]string{"name": "张三子", "code": "0123", "note": ""}},
		{8, map[string]string{"name": "李四", "code": "0456", "note": ""}},
	})
}

// TestReadMergedPrefixed covers a prefixed worksheet whose merged rows are
// missing from the XML where they hold nothing.
func TestReadMergedPrefixed(t *testing.T) {
	sheet := `<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>` +
		`<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>姓名</x:t></x:is></x:c><x:c r="B1" t="inlineStr"><x:is><x:t>身份证号</x:t></x:is></x:c><x:c r="C1" t="inlineStr"><x:is><x:t>备注</x:t></x:is></x:c></x:row>` +
		`<x:row r="2"><x:c r="A2" t="inlineStr"><x:is><x:t>张三</x:t></x:is></x:c><x:c r="C2" t="inlineStr"><x:is><x:t>sheetData&gt; in text</x:t></x:is></x:c></x:row>` +
		`<x:row r="3"><x:c r="A3" t="inlineStr"><x:is><x:t>李四</x:t></x:is></x:c></x:row>` +
		`<x:row r="5"><x:c r="A5" t="inlineStr"><x:is><x:t>王五</x:t></x:is></x:c></x:row>` +
		`</x:sheetData><x:mergeCells count="2"><x:mergeCell ref="C2:C3"/><x:mergeCell ref="$B$2:$B$5"/></x:mergeCells></x:worksheet>`
	sheet = strings.Replace(sheet, `<x:c r="A2" t="inlineStr"><x:is><x:t>张三</x:t></x:is></x:c>`,
		`<x:c r="A2" t="inlineStr"><x:is><x:t>张三</x:t></x:is></x:c><x:c r="B2"><x:v>7</x:v></x:c>`, 1)
	_, rows, err := readAll(t, bytes.NewReader(buildXLSX(t, sheet, "", "")), testSchema, Options{})
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	checkRows(t, rows, []wantRow{
		{2, map[string]string{"name": "张三", "id": "7", "note": "sheetData> in text"}},
		{3, map[string]string{"name": "李四", "id": "7", "note": "sheetData> in text"}},
		{5, map[string]string{"name": "王五", "id": "7", "note": ""}},
	})
	if !rows[1].Numeric("id") {
		t.Errorf("a merged number is no longer a number")
	}
}

func TestParseMerge(t *testing.T) {
	tests := []struct {
		ref  string
		want merge
		ok   bool
	}{
		{"A1:A3", merge{top: 1, last: 3, col: 1}, true},
		{"$AB$10:$AC$12", merge{top: 10, last: 12, col: 28}, true},
		{"A1:H1", merge{}, false},
		{"A1", merge{}, false},
		{"A3:A1", merge{}, false},
		{"1:3", merge{}, false},
		{"A0:A3", merge{}, false},
	}
	for _, tt := range tests {
		got, ok := parseMerge([]byte(tt.ref))
		if got != tt.want || ok != tt.ok {
			t.Errorf("parseMerge(%q) = %+v, %v, want %+v, %v", tt.ref, got, ok, tt.want, tt.ok)
		}
	}
}

func TestAfterSheetData(t *testing.T) {
	pad := strings.Repeat("<row><c><v>1</v></c></row>", 50000) // past the first chunk
	tests := []struct {
		name, in, want string
		found          bool
	}{
		{"plain", "<sheetData>" + pad + "</sheetData><mergeCells/>", "<mergeCells/>", true},
		{"prefixed", "<x:sheetData>" + pad + "</x:sheetData><x:mergeCells/>", "<x:mergeCells/>", true},
		{"none", "<sheetData/>", "", false},
		{"unclosed", "<sheetData>" + pad, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := afterSheetData(strings.NewReader(tt.in))
			if err != nil || (r != nil) != tt.found {
				t.Fatalf("afterSheetData() = %v, %v; want found %v", r, err, tt.found)
			}
			if r == nil {
				return
			}
			rest, _ := io.ReadAll(r)
			if string(rest) != tt.want {
				t.Errorf("afterSheetData() rest = %q, want %q", rest, tt.want)
			}
		})
	}
}

func TestApplyMerges(t *testing.T) {
	x := &xlsxSource{merges: []merge{{top: 2, last: 3, col: 1}, {top: 2, last: 4, col: 3}}}
	steps := []struct {
		row   int
		cells []string
		want  []string
	}{
		{1, []string{"h1", "h2", "h3"}, []string{"h1", "h2", "h3"}},
		{2, []string{"a", "", "c"}, []string{"a", "", "c"}},
		{3, []string{"", "b"}, []string{"a", "b", "c"}},
		{4, []string{"", "b"}, []string{"", "b", "c"}},
		{5, nil, nil},
	}
	for _, s := range steps {
		x.cells = x.cells[:0]
		for _, c := range s.cells {
			x.cells = append(x.cells, rawCell{text: c})
		}
		x.applyMerges(s.row)
		var got []string
		for _, c := range x.cells {
			got = append(got, c.text)
		}
		if !slices.Equal(got, s.want) {
			t.Errorf("row %d: applyMerges gives %q, want %q", s.row, got, s.want)
		}
	}
}
