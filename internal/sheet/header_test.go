package sheet

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestMatch(t *testing.T) {
	m := newNames(testSchema)
	tests := []struct {
		cell string
		want string // key, or "" for no column
	}{
		{"姓名", "name"},
		{" 姓 名 ", "name"},
		{"姓名*", "name"},
		{"*姓名", "name"},
		{"姓名：", "name"},
		{"姓名:", "name"},
		{"姓\n名", "name"},
		{"ＮＡＭＥ", "name"},
		{"Name", "name"},
		{"身份证号码", "id"},
		{"公民身份号码*", "id"},
		{"ID Number", "id"},
		{"最低月薪（元）", "wage"},
		{"最低月薪(元/月)", "wage"},
		{"出生日期【格式：2000-01-01】", "birth"},
		{"是否脱贫户(是/否)", "poor"},
		{"身份证", ""},
		{"序号", ""},
		{"", ""},
		{"（元）", ""},
	}
	for _, tt := range tests {
		t.Run(tt.cell, func(t *testing.T) {
			got := ""
			if i := m.match(tt.cell); i >= 0 {
				got = testSchema[i].Key
			}
			if got != tt.want {
				t.Errorf("match(%q) = %q, want %q", tt.cell, got, tt.want)
			}
		})
	}
}

func rowsOf(lines ...[]string) []textRow {
	out := make([]textRow, len(lines))
	for i, l := range lines {
		out[i] = textRow{line: i + 1, cells: l}
	}
	return out
}

func TestFindHeader(t *testing.T) {
	tests := []struct {
		name     string
		rows     []textRow
		wantLine int
		wantUnk  []string
		wantErr  error
		wantMsg  []string // parts of the error message
	}{
		{
			name:     "first row",
			rows:     rowsOf([]string{"姓名", "身份证号"}, []string{"张三", "1"}),
			wantLine: 1,
		},
		{
			name: "below a title and a subtitle",
			rows: rowsOf(
				[]string{"XX县2026年春风行动转移就业人员登记表", "", ""},
				[]string{"填报单位：XX乡", "", "填报日期：2026年1月6日"},
				[]string{"序号", "姓名*", "身份证号码*", "联系电话"},
				[]string{"1", "张三", "110105194912310021", "13800138000"},
			),
			wantLine: 3,
			wantUnk:  []string{"序号"},
		},
		{
			name: "the row naming most columns wins",
			rows: rowsOf(
				[]string{"姓名", "", ""},
				[]string{"姓名", "身份证号", "手机号"},
			),
			wantLine: 2,
		},
		{
			name:    "no header",
			rows:    rowsOf([]string{"a", "b"}, []string{"c", "d"}),
			wantErr: ErrNoHeader,
			wantMsg: []string{"姓名", "身份证号", "first 10 rows"},
		},
		{
			name:    "missing required column",
			rows:    rowsOf([]string{"序号", "姓名", "联系电话"}),
			wantErr: ErrMissingColumn,
			wantMsg: []string{"身份证号", "序号, 姓名, 联系电话"},
		},
		{
			name:    "duplicate column",
			rows:    rowsOf([]string{"姓名", "身份证号", "身份证号码"}),
			wantErr: ErrDuplicateColumn,
			wantMsg: []string{"B (身份证号)", "C (身份证号码)"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, h, err := findHeader(tt.rows, testSchema, DefaultHeaderRows)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("findHeader() error = %v, want %v", err, tt.wantErr)
			}
			for _, part := range tt.wantMsg {
				if !strings.Contains(err.Error(), part) {
					t.Errorf("findHeader() error = %q, want it to mention %q", err, part)
				}
			}
			if err != nil {
				return
			}
			if h.Line != tt.wantLine {
				t.Errorf("findHeader() line = %d, want %d", h.Line, tt.wantLine)
			}
			if !slices.Equal(h.Unknown, tt.wantUnk) {
				t.Errorf("findHeader() unknown = %q, want %q", h.Unknown, tt.wantUnk)
			}
		})
	}
}

func TestHeaderNameAndHas(t *testing.T) {
	_, h, err := findHeader(rowsOf([]string{"姓名*", "身份证号码"}), testSchema, 1)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		key, name string
		has       bool
	}{
		{"name", "姓名*", true},
		{"id", "身份证号码", true},
		{"phone", "手机号", false},
		{"nope", "", false},
	}
	for _, tt := range tests {
		if got := h.Name(tt.key); got != tt.name {
			t.Errorf("Name(%q) = %q, want %q", tt.key, got, tt.name)
		}
		if got := h.Has(tt.key); got != tt.has {
			t.Errorf("Has(%q) = %v, want %v", tt.key, got, tt.has)
		}
	}
}

func TestSchemaCheck(t *testing.T) {
	tests := []struct {
		name string
		s    Schema
		ok   bool
	}{
		{"test schema", testSchema, true},
		{"empty", Schema{}, false},
		{"no key", Schema{{Names: []string{"a"}}}, false},
		{"no name", Schema{{Key: "a"}}, false},
		{"blank name", Schema{{Key: "a", Names: []string{" * "}}}, false},
		{"same key", Schema{{Key: "a", Names: []string{"a"}}, {Key: "a", Names: []string{"b"}}}, false},
		{"shared name", Schema{{Key: "a", Names: []string{"姓名"}}, {Key: "b", Names: []string{"姓 名*"}}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.s.check()
			if (err == nil) != tt.ok {
				t.Errorf("check() = %v, want ok %v", err, tt.ok)
			}
			if err != nil && !errors.Is(err, ErrSchema) {
				t.Errorf("check() = %v, want ErrSchema", err)
			}
		})
	}
}

func TestColName(t *testing.T) {
	for in, want := range map[int]string{0: "A", 25: "Z", 26: "AA", 51: "AZ", 52: "BA", 701: "ZZ", 702: "AAA", 16383: "XFD"} {
		if got := colName(in); got != want {
			t.Errorf("colName(%d) = %q, want %q", in, got, want)
		}
	}
}
