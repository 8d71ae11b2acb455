package printout

import (
	"math"
	"slices"
	"strings"
	"testing"
	"time"
)

func testDoc(t *testing.T) *doc {
	t.Helper()
	d, err := newDoc(testFont(t), "test", time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	d.pdf.AddPage()
	return d
}

func TestRuns(t *testing.T) {
	d := testDoc(t)
	tests := []struct {
		in   string
		want []run
	}{
		{"", nil},
		{"王建国", []run{{false, "王建国"}}},
		{"晋A·D1234", []run{{false, "晋"}, {true, "A·D1234"}}},
		{"第 1/3 页", []run{{false, "第"}, {true, " 1/3 "}, {false, "页"}}},
		{"“引号”—破折", []run{{true, "“"}, {false, "引号"}, {true, "”—"}, {false, "破折"}}},
		{"a\tb\nc", []run{{true, "a b c"}}},
		{"李😀", []run{{false, "李"}, {true, "?"}}},
		{"bad\xffbyte", []run{{true, "bad byte"}}},
	}
	for _, tt := range tests {
		got := d.runs(tt.in)
		if len(got) != len(tt.want) {
			t.Errorf("runs(%q) = %v, want %v", tt.in, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("runs(%q) = %v, want %v", tt.in, got, tt.want)
				break
			}
		}
	}
}

// TestFit checks the promise of cell: whatever the text, what is drawn
// stays inside the box, in at most two lines, no smaller than minSize.
func TestFit(t *testing.T) {
	d := testDoc(t)
	texts := []string{
		"王", "买买提·艾力克木", "Anna Schmidt-Lee", "天津武清富士康科技集团（天津）有限公司南门",
		strings.Repeat("很长的名字", 20), strings.Repeat("W", 200), "Supercalifragilisticexpialidocious",
		"140105********1234", "北京亦庄京东物流园区2号门",
	}
	for _, c := range columns {
		for _, s := range texts {
			lines, size := d.fit(s, c.width-2, rowH, tableSize)
			if len(lines) < 1 || len(lines) > 2 || size < minSize || size > tableSize {
				t.Errorf("fit(%q, %s) = %q at %.1f pt", s, c.head, lines, size)
				continue
			}
			if float64(len(lines))*size*ptMM*1.15 > rowH {
				t.Errorf("fit(%q, %s) = %d lines at %.1f pt, taller than the row", s, c.head, len(lines), size)
			}
			for _, l := range lines {
				if w := d.width(l, size); w > c.width-2+1e-9 {
					t.Errorf("fit(%q, %s) line %q is %.2f mm, wider than %.2f", s, c.head, l, w, c.width-2)
				}
			}
		}
	}
	// A name that fits is never made smaller, and a number in its own
	// column never shrinks.
	width := map[string]float64{}
	for _, c := range columns {
		width[c.head] = c.width
	}
	// Names, ID and phone numbers stay on one line; numbers and common
	// names at full size.
	for _, tt := range []struct {
		s, col string
		full   bool
	}{
		{"王建国", "姓名", true}, {"欧阳晓东", "姓名", true}, {"买买提·艾力克木", "姓名", false},
		{"14010519750101001X", "身份证号", true}, {"13531000000", "手机号", true},
	} {
		lines, size := d.fit(tt.s, width[tt.col]-2, rowH, tableSize)
		if len(lines) != 1 || tt.full && size != tableSize {
			t.Errorf("fit(%q, %s) = %q at %.1f pt, want one line (at %.1f: %v)", tt.s, tt.col, lines, size, tableSize, tt.full)
		}
	}
}

func TestColumnsFillTheTable(t *testing.T) {
	sum := 0.0
	for _, c := range columns {
		sum += c.width
	}
	if math.Abs(sum-tableW) > 1e-9 {
		t.Errorf("columns are %.1f mm wide, want %.1f", sum, tableW)
	}
}

func TestTotals(t *testing.T) {
	m := Manifest{
		Trip: Trip{Stops: []Stop{{Gate: "A"}, {Gate: "B"}}},
		Passengers: []Passenger{
			{Seat: 3, Gate: "B"}, {Seat: 1, Gate: "A"}, {Seat: 2, Gate: "C"}, {Seat: 0, Gate: "A"}, {Seat: 4, Gate: "D"}, {Seat: 5, Gate: "C"},
		},
	}
	got := m.totals()
	want := []stopTotal{{Gate: "A", Count: 2, OnTrip: true}, {Gate: "B", Count: 1, OnTrip: true}, {Gate: "C", Count: 2}, {Gate: "D", Count: 1}}
	if len(got) != len(want) {
		t.Fatalf("totals() = %+v, want %+v", got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("totals()[%d] = %+v, want %+v", i, got[i], want[i])
		}
	}
	var seats []int
	for _, p := range m.bySeat() {
		seats = append(seats, p.Seat)
	}
	if want := []int{1, 2, 3, 4, 5, 0}; !slices.Equal(seats, want) {
		t.Errorf("bySeat() seats = %v, want %v", seats, want)
	}
}
