package sheet

import (
	"testing"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		name, in, want string
		ok             bool
	}{
		{"iso", "2026-01-06", "2026-01-06", true},
		{"slashes", "2026/1/6", "2026-01-06", true},
		{"dots", "2026.1.6", "2026-01-06", true},
		{"chinese", "2026年1月6日", "2026-01-06", true},
		{"chinese without day mark", "2026年1月6", "2026-01-06", true},
		{"full-width digits", "２０２６－０１－０６", "2026-01-06", true},
		{"compact", "20260106", "2026-01-06", true},
		{"with time", "2026/1/6 8:30", "2026-01-06", true},
		{"iso with time", "2026-01-06T00:00:00", "2026-01-06", true},
		{"february 30", "2026-02-30", "", false},
		{"day first", "6/1/2026", "", false},
		{"two-digit year", "26-1-6", "", false},
		{"trailing text", "2026-01-06号", "", false},
		{"text", "不详", "", false},
		{"empty", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := parseDate(tt.in)
			if got != tt.want || ok != tt.ok {
				t.Errorf("parseDate(%q) = %q, %v, want %q, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestParseNumber(t *testing.T) {
	tests := []struct {
		name, in, want string
		ok             bool
	}{
		{"integer", "5000", "5000", true},
		{"trailing zeros", "5000.00", "5000", true},
		{"thousands", "5,000.50", "5000.5", true},
		{"millions", "1,234,567", "1234567", true},
		{"full-width", "４５００", "4500", true},
		{"negative", "-12.5", "-12.5", true},
		{"exponent", "1.5E+3", "1500", true},
		{"bad grouping", "50,00", "", false},
		{"unit", "5000元", "", false},
		{"range", "4000-6000", "", false},
		{"too many digits", "110105194912310021", "", false},
		{"empty", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := parseNumber(tt.in)
			if got != tt.want || ok != tt.ok {
				t.Errorf("parseNumber(%q) = %q, %v, want %q, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestFormatNumber(t *testing.T) {
	tests := []struct {
		name string
		in   float64
		want string
	}{
		{"integer", 5000, "5000"},
		{"id typed as number", 1.1010519491231e17, "110105194912310000"},
		{"float noise", 0.1 + 0.2, "0.3"},
		{"negative", -4.25, "-4.25"},
		{"zero", 0, "0"},
		{"huge", 1.5e25, "1.5e+25"},
		{"tiny", 1.5e-12, "1.5e-12"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := formatNumber(tt.in); got != tt.want {
				t.Errorf("formatNumber(%v) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestNumberText(t *testing.T) {
	tests := []struct {
		name     string
		cell     rawCell
		kind     Kind
		date1904 bool
		want     string
	}{
		{"serial in a date column", rawCell{text: "46028", num: true}, Date, false, "2026-01-06"},
		{"serial with time in a date column", rawCell{text: "46028.75", num: true}, Date, false, "2026-01-06"},
		{"yyyymmdd typed as number", rawCell{text: "20260106", num: true}, Date, false, "2026-01-06"},
		{"1904 system", rawCell{text: "44566", num: true}, Date, true, "2026-01-06"},
		{"early 1900", rawCell{text: "1", num: true}, Date, false, "1900-01-01"},
		{"march 1900", rawCell{text: "61", num: true}, Date, false, "1900-03-01"},
		{"the day that never was", rawCell{text: "60", num: true}, Date, false, "60"},
		{"date style in a text column", rawCell{text: "46028", num: true, style: dateNum}, Text, false, "2026-01-06"},
		{"date-time style", rawCell{text: "46028.5", num: true, style: dateTimeNum}, Text, false, "2026-01-06 12:00:00"},
		{"date-time style at midnight", rawCell{text: "46028", num: true, style: dateTimeNum}, Text, false, "2026-01-06"},
		{"time style", rawCell{text: "0.75", num: true, style: timeNum}, Text, false, "18:00:00"},
		{"date style in a number column", rawCell{text: "46028", num: true, style: dateNum}, Number, false, "46028"},
		{"plain number in a text column", rawCell{text: "1.10105194912310E+17", num: true}, Text, false, "110105194912310000"},
		{"not a number", rawCell{text: "abc", num: true}, Text, false, "abc"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := numberText(tt.cell, tt.kind, tt.date1904); got != tt.want {
				t.Errorf("numberText(%+v, %v) = %q, want %q", tt.cell, tt.kind, got, tt.want)
			}
		})
	}
}

func TestCellValue(t *testing.T) {
	tests := []struct {
		name string
		cell rawCell
		kind Kind
		csv  bool
		want Cell
	}{
		{"trimmed", rawCell{text: " \u3000张三\u00a0 "}, Text, true, Cell{Text: "张三"}},
		{"apostrophe before formula", rawCell{text: "'=SUM(A1)"}, Text, true, Cell{Text: "=SUM(A1)"}},
		{"apostrophe before digits", rawCell{text: "'0123"}, Text, false, Cell{Text: "0123"}},
		{"doubled apostrophe", rawCell{text: "''hello"}, Text, true, Cell{Text: "'hello"}},
		{"apostrophe before a letter", rawCell{text: "'s-Hertogenbosch"}, Text, true, Cell{Text: "'s-Hertogenbosch"}},
		{"excel text guard", rawCell{text: `="0123"`}, Text, true, Cell{Text: "0123"}},
		{"guard is CSV only", rawCell{text: `="0123"`}, Text, false, Cell{Text: `="0123"`}},
		{"guard with quotes inside", rawCell{text: `="a"b"`}, Text, true, Cell{Text: `="a"b"`}},
		{"scientific in CSV", rawCell{text: "1.10105E+17"}, Text, true, Cell{Text: "1.10105E+17", Numeric: true}},
		{"number cell", rawCell{text: "13800138000", num: true}, Text, false, Cell{Text: "13800138000", Numeric: true}},
		{"date text", rawCell{text: "2026年1月6日"}, Date, true, Cell{Text: "2026-01-06"}},
		{"bad date text", rawCell{text: "去年"}, Date, true, Cell{Text: "去年"}},
		{"number text", rawCell{text: "5,000"}, Number, true, Cell{Text: "5000"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cellValue(tt.cell, tt.kind, false, tt.csv); got != tt.want {
				t.Errorf("cellValue(%+v, %v) = %+v, want %+v", tt.cell, tt.kind, got, tt.want)
			}
		})
	}
}

func TestEscape(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "张三", "张三"},
		{"formula", "=1+2", "'=1+2"},
		{"plus", "+86 138", "'+86 138"},
		{"at", "@user", "'@user"},
		{"tab", "\tx", "'\tx"},
		{"apostrophe", "'x", "''x"},
		{"negative number", "-5", "-5"},
		{"signed decimal", "+3.5", "+3.5"},
		{"minus formula", "-2+3", "'-2+3"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := escape(tt.in); got != tt.want {
				t.Errorf("escape(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if back := unescape(escape(tt.in), true); back != trim(tt.in) {
				t.Errorf("unescape(escape(%q)) = %q, want %q", tt.in, back, trim(tt.in))
			}
		})
	}
}

func TestFormatStyle(t *testing.T) {
	tests := []struct {
		code string
		want numStyle
	}{
		{"General", plainNum},
		{"0.00", plainNum},
		{"#,##0.00", plainNum},
		{"0.00E+00", plainNum},
		{"@", plainNum},
		{`[$¥-804]#,##0.00`, plainNum},
		{`"编号"0000`, plainNum},
		{"yyyy/m/d", dateNum},
		{"yyyy-mm-dd", dateNum},
		{`yyyy"年"m"月"d"日"`, dateNum},
		{`[DBNum1][$-804]yyyy"年"m"月"d"日"`, dateNum},
		{"mmm-yy", dateNum},
		{"yyyy/m/d h:mm", dateTimeNum},
		{"h:mm", timeNum},
		{"mm:ss", timeNum},
		{"[h]:mm:ss", timeNum},
		{"h:mm AM/PM", timeNum},
		{`[Red]0.00;[Blue]-0.00`, plainNum},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			if got := formatStyle(tt.code); got != tt.want {
				t.Errorf("formatStyle(%q) = %v, want %v", tt.code, got, tt.want)
			}
		})
	}
}

func TestBuiltinStyle(t *testing.T) {
	tests := []struct {
		id   int
		want numStyle
	}{
		{0, plainNum}, {1, plainNum}, {14, dateNum}, {22, dateTimeNum}, {20, timeNum},
		{31, dateNum}, {32, timeNum}, {49, plainNum}, {57, dateNum}, {55, timeNum},
	}
	for _, tt := range tests {
		if got := builtinStyle(tt.id); got != tt.want {
			t.Errorf("builtinStyle(%d) = %v, want %v", tt.id, got, tt.want)
		}
	}
}

func TestDecodeXString(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"none", "张三", "张三"},
		{"carriage return", "a_x000D_b", "a\rb"},
		{"escaped underscore", "_x005F_x000D_", "_x000D_"},
		{"not hex", "_xZZZZ_", "_xZZZZ_"},
		{"short", "_x00", "_x00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := decodeXString(tt.in); got != tt.want {
				t.Errorf("decodeXString(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestDisplayWidth(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"abc", 3}, {"姓名", 4}, {"身份证号X", 9}, {"第一行\n长一点的第二行", 14}, {"", 0},
	}
	for _, tt := range tests {
		if got := displayWidth(tt.in); got != tt.want {
			t.Errorf("displayWidth(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}
