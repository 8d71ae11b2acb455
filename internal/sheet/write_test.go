package sheet

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// tricky rows are what exports must give back unchanged.
var tricky = [][]string{
	{"张三", "11010519491231002X", "13800138000", "1990-05-06", "5000", "0123", "是", "普通备注"},
	{"李四", "110105194912310021", "+8613900139000", "2000-02-29", "4500.5", "000000", "否", "=SUM(A1:A9)"},
	{"王五", "110105199001010011", "", "", "-12", "", "", "第一行\n第二行\n第三行"},
	{"赵六", "110105199001010011", "010-12345678", "不详", "面议", "1", "", "-2+3"},
	{"'单引号", "@mention", "'0123", "", "", "'", "", "他说\"好\",然后走了"},
	{"", "", "", "", "", "", "", ""}, // a blank row is written and skipped on reading
	{"Émile", "\t=cmd", "", "1900-03-01", "1e3", "0", "", "a,b;c\td|e"},
}

func TestRoundTrip(t *testing.T) {
	opts := []struct {
		name string
		f    Format
		opt  WriteOptions
	}{
		{"csv", CSV, WriteOptions{}},
		{"csv with titles", CSV, WriteOptions{Title: []string{"XX县2026年春风行动转移就业人员登记表", "填报单位：XX乡"}, MarkRequired: true}},
		{"plain csv", CSV, WriteOptions{PlainCSV: true, BOM: BOMOff}},
		{"xlsx", XLSX, WriteOptions{}},
		{"xlsx template", XLSX, WriteOptions{Title: []string{"XX县2026年春风行动转移就业人员登记表"}, MarkRequired: true,
			Sheet: "登记表", Instructions: []string{"1. 带*的列必须填写。", "2. 身份证号请按文本填写。"}}},
	}
	for _, o := range opts {
		t.Run(o.name, func(t *testing.T) {
			data := writeAll(t, o.f, testSchema, o.opt, tricky)
			_, rows, err := readAll(t, bytes.NewReader(data), testSchema, Options{})
			if err != nil {
				t.Fatalf("read back: %v", err)
			}
			var want [][]string
			for _, r := range tricky {
				if slices.ContainsFunc(r, func(s string) bool { return s != "" }) {
					want = append(want, r)
				}
			}
			if len(rows) != len(want) {
				t.Fatalf("read back %d rows, want %d", len(rows), len(want))
			}
			for i, r := range rows {
				got := values(r, testSchema)
				exp := slices.Clone(want[i])
				for j := range exp {
					exp[j] = trim(exp[j])
				}
				// Numbers come back in plain form.
				if exp[4] == "1e3" {
					exp[4] = "1000"
				}
				if !slices.Equal(got, exp) {
					t.Errorf("row %d = %q, want %q", r.Line, got, exp)
				}
				if p := r.Problem(); p != nil {
					t.Errorf("row %d: Problem() = %v", r.Line, p)
				}
			}
		})
	}
}

// TestRoundTripLarge goes past the rows an XLSX Writer holds back.
func TestRoundTripLarge(t *testing.T) {
	var in [][]string
	for i := range 3*widthSample + 7 {
		in = append(in, []string{fmt.Sprintf("人%d", i), fmt.Sprintf("1101051990%08d", i), "", "", fmt.Sprint(i)})
	}
	for _, f := range []Format{CSV, XLSX} {
		t.Run(f.String(), func(t *testing.T) {
			_, rows, err := readAll(t, bytes.NewReader(writeAll(t, f, testSchema, WriteOptions{}, in)), testSchema, Options{})
			if err != nil {
				t.Fatalf("read back: %v", err)
			}
			if len(rows) != len(in) {
				t.Fatalf("read back %d rows, want %d", len(rows), len(in))
			}
			for i, r := range rows {
				if r.Get("id") != in[i][1] || r.Line != i+2 {
					t.Fatalf("row %d = %d %q, want %d %q", i, r.Line, r.Get("id"), i+2, in[i][1])
				}
			}
		})
	}
}

func TestWriteCSVText(t *testing.T) {
	data := string(writeAll(t, CSV, testSchema[:6], WriteOptions{}, [][]string{
		{"张三", "110105194912310021", "13800138000", "2026-01-06", "0123", "0123"},
	}))
	for _, want := range []string{
		"\ufeff姓名,身份证号,",
		`"=""110105194912310021"""`, // 18 digits stay text in Excel
		",13800138000,",             // eleven digits are safe as they are
		",0123,",                    // a number column is not guarded
		`,"=""0123"""` + "\r\n",     // a code with a leading zero is
	} {
		if !strings.Contains(data, want) {
			t.Errorf("CSV %q does not contain %q", data, want)
		}
	}
	plain := string(writeAll(t, CSV, testSchema[:2], WriteOptions{PlainCSV: true}, [][]string{{"张三", "110105194912310021"}}))
	if !strings.Contains(plain, ",110105194912310021\r\n") {
		t.Errorf("plain CSV %q, want the ID as it is", plain)
	}
}

func TestWriteCSVBOM(t *testing.T) {
	tests := []struct {
		name   string
		bom    BOM
		stdout bool
		want   bool
	}{
		{"auto to a file", BOMAuto, false, true},
		{"auto to standard output", BOMAuto, true, false},
		{"on", BOMOn, true, true},
		{"off", BOMOff, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, w, err := os.Pipe()
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			out := w
			if tt.stdout {
				saved := os.Stdout
				os.Stdout = w
				defer func() { os.Stdout = saved }()
				out = os.Stdout
			}
			wr, err := NewWriter(out, CSV, testSchema[:2], WriteOptions{BOM: tt.bom})
			if err != nil {
				t.Fatal(err)
			}
			wr.Close()
			w.Close()
			data, _ := io.ReadAll(r)
			if got := bytes.HasPrefix(data, []byte("\ufeff")); got != tt.want {
				t.Errorf("BOM = %v, want %v (%q)", got, tt.want, data)
			}
		})
	}
}

func TestWriteXLSXTemplate(t *testing.T) {
	long := make([]string, 60)
	for i := range long {
		long[i] = fmt.Sprintf("选项%02d", i)
	}
	s := slices.Clone(testSchema)
	s[5].Choices = long // too long for an inline list
	data := writeAll(t, XLSX, s, WriteOptions{
		Title: []string{"XX县2026年春风行动转移就业人员登记表"}, MarkRequired: true, Sheet: "登记表",
		Instructions: []string{"1. 带*的列必须填写。", "=不是公式"},
	}, [][]string{{"张三", "110105194912310021", "", "1990-05-06", "5000"}})
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("open written file: %v", err)
	}
	defer f.Close()
	const sh = "登记表"
	if got := f.GetSheetList(); !slices.Equal(got, []string{sh, "填写说明", listSheet}) {
		t.Errorf("sheets = %q, want [登记表 填写说明 %s]", got, listSheet)
	}
	if v, _ := f.GetSheetVisible(listSheet); v {
		t.Errorf("the %s sheet is visible", listSheet)
	}
	merged, _ := f.GetMergeCells(sh)
	if len(merged) != 1 || merged[0].GetStartAxis() != "A1" || merged[0].GetEndAxis() != "H1" {
		t.Errorf("merged cells = %v, want A1:H1", merged)
	}
	if v, _ := f.GetCellValue(sh, "B2"); v != "身份证号*" {
		t.Errorf("B2 = %q, want 身份证号*", v)
	}
	hs, _ := f.GetCellStyle(sh, "A2")
	if st, _ := f.GetStyle(hs); st == nil || st.Font == nil || !st.Font.Bold {
		t.Errorf("header style = %+v, want bold", st)
	}
	panes, _ := f.GetPanes(sh)
	if !panes.Freeze || panes.YSplit != 2 {
		t.Errorf("panes = %+v, want frozen below row 2", panes)
	}
	if typ, _ := f.GetCellType(sh, "B3"); typ == excelize.CellTypeNumber {
		t.Errorf("the ID cell is a number")
	}
	if typ, _ := f.GetCellType(sh, "E3"); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
		t.Errorf("the wage cell has type %v, want a number", typ)
	}
	if v, _ := f.GetCellValue(sh, "D3"); v != "1990-05-06" {
		t.Errorf("the birth date shows as %q, want 1990-05-06", v)
	}
	dvs, _ := f.GetDataValidations(sh)
	var sqrefs []string
	for _, dv := range dvs {
		sqrefs = append(sqrefs, dv.Sqref+" "+dv.Formula1)
	}
	if want := []string{"F3:F1048576 '下拉选项'!$A$1:$A$60", `G3:G1048576 "是,否"`}; !slices.Equal(sqrefs, want) {
		t.Errorf("data validations = %q, want %q", sqrefs, want)
	}
	nameW, _ := f.GetColWidth(sh, "A")
	idW, _ := f.GetColWidth(sh, "B")
	if nameW < 8 || idW < 18 {
		t.Errorf("column widths = %v, %v; want the ID column to fit 18 digits", nameW, idW)
	}
	if v, _ := f.GetCellValue("填写说明", "A2"); v != "'=不是公式" {
		t.Errorf("instruction line = %q, want it escaped", v)
	}
	idStyle, _ := f.GetCellStyle(sh, "B3")
	st, _ := f.GetStyle(idStyle)
	if st == nil || (st.NumFmt != 49 && (st.CustomNumFmt == nil || *st.CustomNumFmt != "@")) {
		t.Errorf("the ID column style = %+v, want the text format", st)
	}
}

func TestWriteErrors(t *testing.T) {
	var buf bytes.Buffer
	if _, err := NewWriter(&buf, Format(9), testSchema, WriteOptions{}); !errors.Is(err, ErrSchema) {
		t.Errorf("NewWriter(bad format) = %v, want ErrSchema", err)
	}
	if _, err := NewWriter(&buf, CSV, Schema{}, WriteOptions{}); !errors.Is(err, ErrSchema) {
		t.Errorf("NewWriter(empty schema) = %v, want ErrSchema", err)
	}
	for _, opt := range []WriteOptions{
		{Sheet: "a/b"},
		{Sheet: listSheet},
		{Instructions: []string{"x"}, InstructionsSheet: "Sheet1"},
		{Instructions: []string{"x"}, InstructionsSheet: "a[b]"},
	} {
		if _, err := NewWriter(&buf, XLSX, testSchema, opt); !errors.Is(err, ErrSchema) {
			t.Errorf("NewWriter(%+v) = %v, want ErrSchema", opt, err)
		}
	}
	for _, f := range []Format{CSV, XLSX} {
		w, err := NewWriter(&buf, f, testSchema[:2], WriteOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Write([]string{"a", "b", "c"}); !errors.Is(err, ErrSchema) {
			t.Errorf("%v: Write(3 cells for 2 columns) = %v, want ErrSchema", f, err)
		}
		w.Close()
		if err := w.Write([]string{"a"}); !errors.Is(err, ErrSchema) {
			t.Errorf("%v: Write after Close = %v, want ErrSchema", f, err)
		}
	}
}

func TestFormatOf(t *testing.T) {
	tests := []struct {
		name    string
		want    Format
		wantErr error
	}{
		{"a.csv", CSV, nil}, {"A.CSV", CSV, nil}, {"a.txt", CSV, nil}, {"a.tsv", CSV, nil},
		{"登记表.xlsx", XLSX, nil}, {"a.xls", 0, ErrXLS}, {"a.pdf", 0, ErrNotSheet}, {"a", 0, ErrNotSheet},
	}
	for _, tt := range tests {
		got, err := FormatOf(tt.name)
		if got != tt.want || !errors.Is(err, tt.wantErr) {
			t.Errorf("FormatOf(%q) = %v, %v, want %v, %v", tt.name, got, err, tt.want, tt.wantErr)
		}
	}
}
