package idcard

import (
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"
)

// today is the fixed "now" of these tests.
var today = time.Date(2026, 11, 28, 15, 30, 0, 0, time.FixedZone("CST", 8*3600))

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// Check characters below were computed apart from this package, with a
// Python one-liner over the GB 11643 weights and the map "10X98765432".
func TestParse(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		number   string
		birth    time.Time
		male     bool
		division string
	}{
		{"GB 11643 example", "11010519491231002X", "11010519491231002X", date(1949, 12, 31), false, "110105"},
		{"lower-case x", "11010519491231002x", "11010519491231002X", date(1949, 12, 31), false, "110105"},
		{"surrounding space", " \t11010519491231002X\n", "11010519491231002X", date(1949, 12, 31), false, "110105"},
		{"full-width space around", "\u300011010519491231002X\u3000", "11010519491231002X", date(1949, 12, 31), false, "110105"},
		{"man, digit check", "140105199003071234", "140105199003071234", date(1990, 3, 7), true, "140105"},
		{"15 digits upgraded", "110105491231002", "11010519491231002X", date(1949, 12, 31), false, "110105"},
		{"born today", "140105202611280018", "140105202611280018", date(2026, 11, 28), true, "140105"},
		{"29 February of a leap year", "110105200002290013", "110105200002290013", date(2000, 2, 29), true, "110105"},
		{"retired division code", "141122199001011235", "141122199001011235", date(1990, 1, 1), true, "141122"},
		{"Taiwan", "710000198001010010", "710000198001010010", date(1980, 1, 1), true, "710000"},
		{"Hong Kong", "810000198001010014", "810000198001010014", date(1980, 1, 1), true, "810000"},
		{"Macao", "820000198001010016", "820000198001010016", date(1980, 1, 1), true, "820000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id, err := Parse(tt.in, today)
			want := ID{Number: tt.number, Birth: tt.birth, Male: tt.male, Division: tt.division}
			if err != nil || id != want {
				t.Errorf("Parse(%q) = %#v %v, %v, want %v %v", tt.in, id, id.Number, err, want.Number, want)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		code ErrorCode
		msg  string
	}{
		{"empty", "", BadLength, "has 0 characters, want 18 (or 15 for a first-generation number)"},
		{"17 characters", "11010519491231002", BadLength, ""},
		{"19 characters", "11010519491231002X1", BadLength, ""},
		{"16 characters", "1101054912310021", BadLength, ""},
		{"X not last", "1101051949123100X2", BadCharacters, `character 17 is 'X': only digits are allowed, and X as the last character`},
		{"letter", "11010519491231A02X", BadCharacters, ""},
		{"inner space", "110105 9491231002X", BadCharacters, ""},
		{"full-width digits", "１１０１０５１９４９１２３１００２Ｘ", BadCharacters, `character 1 is '１': only digits are allowed, and X as the last character`},
		{"15 with X", "11010549123100X", BadCharacters, `character 15 is 'X': a 15-character number has digits only`},
		{"wrong check character", "110105194912310021", BadChecksum, "check character is 1, expected X"},
		{"wrong digit", "11010519491231003X", BadChecksum, ""},
		{"swapped digits", "11010519492131002X", BadBirthDate, ""},
		{"30 February", "11010519490231002X", BadBirthDate, "birth date 19490231 does not exist"},
		{"month 13", "110105194913310029", BadBirthDate, ""},
		{"day 0", "110105194912000029", BadBirthDate, ""},
		{"29 February 1900", "110105190002290017", BadBirthDate, "birth date 19000229 does not exist"},
		{"before 1900", "110105189912310015", BadBirthDate, "birth date 18991231 is before 1900"},
		{"15 digits, impossible date", "110105490230002", BadBirthDate, "birth date 19490230 does not exist"},
		{"tomorrow", "140105202611290013", FutureBirth, "birth date 20261129 is in the future"},
		{"next year", "140105202701010011", FutureBirth, ""},
		{"province 99", "99010519491231002X", BadProvince, "region code 99 is not a province-level code"},
		{"province 47", "470105198001010018", BadProvince, ""},
		{"province 10", "100105198001010014", BadProvince, ""},
		{"province 00 in 15 digits", "000105491231002", BadProvince, ""},
	}
	sentinel := map[ErrorCode]error{
		BadLength: ErrLength, BadCharacters: ErrCharacters, BadChecksum: ErrChecksum,
		BadBirthDate: ErrBirthDate, FutureBirth: ErrFutureBirth, BadProvince: ErrProvince,
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id, err := Parse(tt.in, today)
			var e *Error
			if !errors.As(err, &e) || e.Code != tt.code {
				t.Fatalf("Parse(%q) = %v, %v, want code %v", tt.in, id, err, tt.code)
			}
			if id != (ID{}) {
				t.Errorf("Parse(%q) returned %#v with an error, want the zero ID", tt.in, id)
			}
			if tt.msg != "" && err.Error() != tt.msg {
				t.Errorf("Parse(%q) error = %q, want %q", tt.in, err.Error(), tt.msg)
			}
			for code, s := range sentinel {
				if errors.Is(err, s) != (code == tt.code) {
					t.Errorf("errors.Is(Parse(%q), %v) = %v", tt.in, s, !(code == tt.code))
				}
			}
			if strings.Contains(err.Error(), strings.TrimSpace(tt.in)) && len(tt.in) >= 15 {
				t.Errorf("Parse(%q) error %q repeats the number", tt.in, err)
			}
		})
	}
}

// Parse compares the birth date with today's calendar date where today is,
// not in UTC: just after midnight in Beijing it is already the new day.
func TestParseTodayLocation(t *testing.T) {
	cst := time.FixedZone("CST", 8*3600)
	newDay := time.Date(2026, 11, 29, 0, 30, 0, 0, cst) // still 28 November in UTC
	if _, err := Parse("140105202611290013", newDay); err != nil {
		t.Errorf("Parse(born 2026-11-29, at 00:30 CST that day) error = %v, want nil", err)
	}
	if _, err := Parse("140105202611290013", newDay.UTC()); !errors.Is(err, ErrFutureBirth) {
		t.Errorf("Parse(born 2026-11-29, on 2026-11-28 UTC) error = %v, want ErrFutureBirth", err)
	}
}

func TestChecksum(t *testing.T) {
	tests := []struct {
		in   string
		want byte
		code ErrorCode
	}{
		{"11010519491231002", 'X', 0},
		{"14010519900307123", '4', 0},
		{"11010519490231002", '6', 0},
		{"1101051949123100", 0, BadLength},
		{"110105194912310021", 0, BadLength},
		{"1101051949123100A", 0, BadCharacters},
	}
	for _, tt := range tests {
		got, err := Checksum(tt.in)
		var e *Error
		if tt.code != 0 {
			if !errors.As(err, &e) || e.Code != tt.code {
				t.Errorf("Checksum(%q) = %q, %v, want code %v", tt.in, got, err, tt.code)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("Checksum(%q) = %q, %v, want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestGenerate(t *testing.T) {
	birth := date(1990, 3, 7)
	tests := []struct {
		name     string
		division string
		birth    time.Time
		seq      int
		male     bool
		want     string
	}{
		{"man", "140105", birth, 61, true, "140105199003071234"},
		{"woman", "110105", date(1949, 12, 31), 1, false, "11010519491231002X"},
		{"seq wraps at 500", "110105", date(1949, 12, 31), 501, false, "11010519491231002X"},
		{"negative seq", "140105", birth, -439, true, "140105199003071234"},
		{"not a division", "14010", birth, 1, true, ""},
		{"letters", "14010A", birth, 1, true, ""},
		{"no such province", "990105", birth, 1, true, ""},
		{"before 1900", "140105", date(1899, 12, 31), 1, true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Generate(tt.division, tt.birth, tt.seq, tt.male)
			if got != tt.want {
				t.Errorf("Generate(%q, %v, %d, %v) = %q, want %q", tt.division, tt.birth.Format(time.DateOnly), tt.seq, tt.male, got, tt.want)
			}
		})
	}
	seen := map[string]bool{}
	for seq := range 500 {
		for _, male := range []bool{true, false} {
			s := Generate("140105", birth, seq, male)
			id, err := Parse(s, today)
			if err != nil || id.Male != male || !id.Birth.Equal(birth) || id.Division != "140105" {
				t.Fatalf("Parse(Generate(seq %d, male %v)) = %v, %v", seq, male, id, err)
			}
			if seen[s] {
				t.Fatalf("Generate(seq %d, male %v) = %s, already generated", seq, male, s)
			}
			seen[s] = true
		}
	}
}

func TestAge(t *testing.T) {
	tests := []struct {
		name  string
		birth time.Time
		on    time.Time
		want  int
	}{
		{"day before birthday", date(1990, 3, 7), date(2026, 3, 6), 35},
		{"birthday", date(1990, 3, 7), date(2026, 3, 7), 36},
		{"later month", date(1990, 3, 7), date(2026, 11, 28), 36},
		{"earlier month", date(1990, 3, 7), date(2026, 1, 31), 35},
		{"leap day, 28 February", date(2000, 2, 29), date(2025, 2, 28), 24},
		{"leap day, 1 March", date(2000, 2, 29), date(2025, 3, 1), 25},
		{"leap day, leap year", date(2000, 2, 29), date(2024, 2, 29), 24},
		{"before birth", date(2000, 2, 29), date(1999, 1, 1), 0},
		{"on the day of birth", date(2026, 11, 28), date(2026, 11, 28), 0},
		{"local date counts", date(1990, 3, 7), time.Date(2026, 3, 7, 0, 30, 0, 0, time.FixedZone("CST", 8*3600)), 36},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id := ID{Birth: tt.birth}
			if got := id.Age(tt.on); got != tt.want {
				t.Errorf("Age(born %s, on %s) = %d, want %d", tt.birth.Format(time.DateOnly), tt.on.Format(time.DateOnly), got, tt.want)
			}
		})
	}
}

func TestMaskAndPrinting(t *testing.T) {
	id, err := Parse("14010519900307123x", today)
	if err == nil {
		t.Fatalf("Parse(14010519900307123x) accepted a wrong check character")
	}
	id, err = Parse("140105199003071234", today)
	if err != nil {
		t.Fatal(err)
	}
	const masked = "140105********1234"
	if got := id.Mask(); got != masked {
		t.Errorf("Mask() = %q, want %q", got, masked)
	}
	x, _ := Parse("11010519491231002X", today)
	if got := x.Mask(); got != "110105********002X" {
		t.Errorf("Mask() = %q, want 110105********002X", got)
	}
	if got := (ID{}).Mask(); got != "" {
		t.Errorf("ID{}.Mask() = %q, want empty", got)
	}
	for _, format := range []string{"%v", "%s", "%+v", "%#v"} {
		if got := fmt.Sprintf(format, id); strings.Contains(got, id.Number) || !strings.Contains(got, masked) {
			t.Errorf("Sprintf(%q, id) = %q, want the masked number only", format, got)
		}
	}
	var b strings.Builder
	slog.New(slog.NewTextHandler(&b, nil)).Info("boarded", "worker", id)
	if got := b.String(); strings.Contains(got, id.Number) || !strings.Contains(got, masked) {
		t.Errorf("slog output %q, want the masked number only", got)
	}
	if id.Sex() != "male" || x.Sex() != "female" {
		t.Errorf("Sex() = %q and %q, want male and female", id.Sex(), x.Sex())
	}
}

func TestErrorCodeString(t *testing.T) {
	if got := BadChecksum.String(); got != "wrong check character" {
		t.Errorf("BadChecksum.String() = %q", got)
	}
	if got := ErrorCode(42).String(); got != "ErrorCode(42)" {
		t.Errorf("ErrorCode(42).String() = %q", got)
	}
	if got := ErrProvince.Error(); got != "unknown province code" {
		t.Errorf("ErrProvince.Error() = %q", got)
	}
}

func BenchmarkParse(b *testing.B) {
	for _, in := range []string{"11010519491231002X", "110105491231002"} {
		b.Run(fmt.Sprint(len(in)), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Parse(in, today); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"11010519491231002X", "11010519491231002x", "110105491231002", "110105194912310021",
		"11010519490231002X", "99010519491231002X", "１１０１０５１９４９１２３１００２Ｘ", "", "X"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, err := Parse(s, today)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Code < BadLength || e.Code > BadProvince || e.Msg == "" {
				t.Fatalf("Parse(%q) error %#v is not a described *Error", s, err)
			}
			return
		}
		if len(id.Number) != 18 || len(id.Mask()) != 18 || id.Mask()[:6] != id.Number[:6] || id.Mask()[14:] != id.Number[14:] {
			t.Fatalf("Parse(%q) = %q masked %q", s, id.Number, id.Mask())
		}
		again, err := Parse(id.Number, today)
		if err != nil || again != id {
			t.Fatalf("Parse(%q) = %v, %v, want %v", id.Number, again, err, id)
		}
	})
}
