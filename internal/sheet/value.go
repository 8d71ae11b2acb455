package sheet

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// rawCell is a cell as a source delivers it, before the schema gives it a
// kind.
type rawCell struct {
	text  string   // the text, or for a number the value as stored
	num   bool     // stored as a number (XLSX)
	style numStyle // how the workbook formats the number
}

// numStyle is what a number format shows: a plain number, a date, a date
// with a time, or a time of day.
type numStyle uint8

const (
	plainNum numStyle = iota
	dateNum
	dateTimeNum
	timeNum
)

const (
	dateLayout     = "2006-01-02"
	dateTimeLayout = "2006-01-02 15:04:05"
	timeLayout     = "15:04:05"
)

// cellValue turns a raw cell into the text a caller sees for a column of the
// kind. csv enables the conventions that only CSV needs.
func cellValue(c rawCell, k Kind, date1904, csv bool) Cell {
	if c.num {
		return Cell{Text: numberText(c, k, date1904), Numeric: true}
	}
	s := unescape(c.text, csv)
	out := Cell{Text: s, Numeric: csv && isScientific(s)}
	switch k {
	case Date:
		if d, ok := parseDate(s); ok {
			out.Text = d
		}
	case Number:
		if n, ok := parseNumber(s); ok {
			out.Text = n
		}
	}
	return out
}

// numberText formats a number cell for a column of the kind.
func numberText(c rawCell, k Kind, date1904 bool) string {
	v, err := strconv.ParseFloat(strings.TrimSpace(c.text), 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return strings.TrimSpace(c.text)
	}
	switch {
	case k == Date:
		if d, ok := ymdNumber(v); ok {
			return d
		}
		if t, ok := serialTime(v, date1904); ok {
			return t.Format(dateLayout)
		}
	case k == Number:
	case c.style == timeNum && v >= 0:
		secs := int64(math.Round((v - math.Floor(v)) * 86400))
		return time.Unix(secs%86400, 0).UTC().Format(timeLayout)
	case c.style != plainNum:
		if t, ok := serialTime(v, date1904); ok {
			if c.style == dateTimeNum && t.Hour()+t.Minute()+t.Second() > 0 {
				return t.Format(dateTimeLayout)
			}
			return t.Format(dateLayout)
		}
	}
	return formatNumber(v)
}

// formatNumber writes a number as a spreadsheet shows it in a General cell,
// rounded to the 15 significant digits a spreadsheet keeps, but without an
// exponent where plain digits are exact: 110105194912310000, not
// 1.1010519491231E+17.
func formatNumber(v float64) string {
	v, _ = strconv.ParseFloat(strconv.FormatFloat(v, 'g', 15, 64), 64)
	if v == 0 {
		return "0"
	}
	if a := math.Abs(v); a >= 1e-9 && a < 1e21 {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// serialTime converts a spreadsheet date serial: days since 1899-12-30 (or
// since 1904-01-01 in workbooks made on old Macs), with the day's time as the
// fraction. Serial 60 is the 29 February 1900 that Lotus 1-2-3 invented and
// Excel kept; it is no date.
func serialTime(v float64, date1904 bool) (time.Time, bool) {
	if date1904 {
		v += 1462
	}
	if v < 1 || v >= 2958466 || (v >= 60 && v < 61) {
		return time.Time{}, false
	}
	days := math.Floor(v)
	secs := math.Round((v - days) * 86400)
	base := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	if v < 60 {
		base = base.AddDate(0, 0, 1)
	}
	return base.AddDate(0, 0, int(days)).Add(time.Duration(secs) * time.Second), true
}

// ymdNumber reads a date typed as the number 20260106.
func ymdNumber(v float64) (string, bool) {
	if v != math.Trunc(v) || v < 19000101 || v > 29991231 {
		return "", false
	}
	n := int(v)
	return validDate(n/10000, n/100%100, n%100)
}

func validDate(y, m, d int) (string, bool) {
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Year() != y || int(t.Month()) != m || t.Day() != d {
		return "", false
	}
	return t.Format(dateLayout), true
}

// parseDate reads the dates offices type: 2026-01-06, 2026/1/6, 2026.1.6,
// 2026年1月6日, 20260106, each optionally followed by a time, which is
// dropped. Day-month orders (6/1/2026) are ambiguous and left alone.
func parseDate(s string) (string, bool) {
	s = narrow(s)
	if len(s) == 8 && allDigits(s) {
		n, _ := strconv.Atoi(s)
		return validDate(n/10000, n/100%100, n%100)
	}
	var parts [3]int
	i := 0
	for p := range parts {
		j := i
		for j < len(s) && j-i < 4 && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if j == i || (p == 0 && j-i != 4) || (p > 0 && j-i > 2) {
			return "", false
		}
		parts[p], _ = strconv.Atoi(s[i:j])
		i = j
		if p < 2 {
			sep := ""
			for _, cand := range []string{"-", "/", ".", "年", "月"} {
				if strings.HasPrefix(s[i:], cand) {
					sep = cand
					break
				}
			}
			if sep == "" {
				return "", false
			}
			i += len(sep)
		}
	}
	rest := strings.TrimPrefix(s[i:], "日")
	if rest != "" && rest[0] != ' ' && rest[0] != 'T' {
		return "", false
	}
	return validDate(parts[0], parts[1], parts[2])
}

// parseNumber reads a number typed as text, with full-width digits or
// thousands separators, and gives it in plain form. Numbers with more than
// 15 significant digits are left alone, because no spreadsheet keeps them
// exactly.
func parseNumber(s string) (string, bool) {
	s = narrow(s)
	if strings.Contains(s, ",") {
		if !thousands(s) {
			return "", false
		}
		s = strings.ReplaceAll(s, ",", "")
	}
	if !isDecimal(s) || significant(s) > 15 {
		return "", false
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return "", false
	}
	return formatNumber(v), true
}

// thousands reports whether the commas in s group the integer part in threes.
func thousands(s string) bool {
	s = strings.TrimLeft(s, "+-")
	if i := strings.IndexByte(s, '.'); i >= 0 {
		s = s[:i]
	}
	groups := strings.Split(s, ",")
	if len(groups[0]) == 0 || len(groups[0]) > 3 {
		return false
	}
	for _, g := range groups[1:] {
		if len(g) != 3 {
			return false
		}
	}
	return true
}

// isDecimal reports whether s is a plain decimal number: an optional sign,
// digits with an optional fraction, and an optional exponent.
func isDecimal(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i, digits = i+1, digits+1
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i, digits = i+1, digits+1
		}
	}
	if digits == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		exp := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i, exp = i+1, exp+1
		}
		if exp == 0 {
			return false
		}
	}
	return i == len(s)
}

// significant counts the significant digits of a decimal number.
func significant(s string) int {
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		s = s[:i]
	}
	s = strings.TrimLeft(s, "+-")
	s = strings.ReplaceAll(s, ".", "")
	return len(strings.TrimLeft(s, "0"))
}

// isScientific reports text such as 1.10105E+17: what Excel writes to CSV for
// a long number it holds as a number, its last digits already gone.
func isScientific(s string) bool {
	i := strings.IndexAny(s, "eE")
	if i <= 0 || i+2 > len(s) || s[i+1] != '+' {
		return false
	}
	return isDecimal(s) && allDigits(s[i+2:]) && s[0] >= '0' && s[0] <= '9'
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// trim removes the blanks around a cell, including the ideographic and
// no-break spaces that Chinese input methods and web pages leave.
func trim(s string) string {
	return strings.TrimFunc(s, isSpace)
}

// unescape trims a text cell and undoes the escapes of the package doc: one
// leading apostrophe before = + - @ tab CR apostrophe or a digit, and, in CSV,
// the ="..." wrapper that keeps Excel from turning digits into a number.
func unescape(s string, csv bool) string {
	s = trim(s)
	if len(s) >= 2 && s[0] == '\'' && strings.IndexByte("=+-@\t\r'0123456789", s[1]) >= 0 {
		return trim(s[1:])
	}
	if csv && len(s) >= 3 && strings.HasPrefix(s, `="`) && s[len(s)-1] == '"' {
		inner := s[2 : len(s)-1]
		if !strings.Contains(strings.ReplaceAll(inner, `""`, ""), `"`) {
			return trim(strings.ReplaceAll(inner, `""`, `"`))
		}
	}
	return s
}

// cleanText makes text safe for any database column: invalid UTF-8 (from
// a file that mixes encodings) becomes U+FFFD and NUL bytes go.
func cleanText(s string) string {
	if utf8.ValidString(s) && strings.IndexByte(s, 0) < 0 {
		return s
	}
	return strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "")
}

// narrow turns full-width digits and punctuation into ASCII, allocating
// only for text that has some.
func narrow(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return width.Fold.String(s)
		}
	}
	return s
}
