package idcard

import (
	"errors"
	"testing"
)

// Check characters below were computed apart from this package, with a
// Python one-liner over the GB 32100 weights (3^i mod 31).
func TestParseCreditCode(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want CreditCode
	}{
		{"published example", "91350100M000100Y43", CreditCode{"91350100M000100Y43", '9', '1', "350100", "M000100Y4"}},
		{"lower case", "91350100m000100y43", CreditCode{"91350100M000100Y43", '9', '1', "350100", "M000100Y4"}},
		{"surrounding space", "  91350100M000100Y43 ", CreditCode{"91350100M000100Y43", '9', '1', "350100", "M000100Y4"}},
		{"check character Y", "91140100000000422Y", CreditCode{"91140100000000422Y", '9', '1', "140100", "000000422"}},
		{"check character Q", "91110105000000019Q", CreditCode{"91110105000000019Q", '9', '1', "110105", "000000019"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseCreditCode(tt.in)
			if err != nil || got != tt.want {
				t.Errorf("ParseCreditCode(%q) = %+v, %v, want %+v", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestParseCreditCodeErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		code ErrorCode
		msg  string
	}{
		{"empty", "", BadLength, "has 0 characters, want 18"},
		{"17 characters", "91350100M000100Y4", BadLength, ""},
		{"19 characters", "91350100M000100Y433", BadLength, ""},
		{"check character changed", "91350100M000100Y44", BadChecksum, "check character is 4, expected 3"},
		{"body character changed", "91350100M000100Y53", BadChecksum, "check character is 3, expected 6"},
		{"two characters swapped", "19350100M000100Y43", BadChecksum, ""},
		{"letter I", "91350100I000100Y43", BadCharacters, `character 9 is 'I', a letter credit codes never use (I, O, S, V, Z)`},
		{"letter O", "91350100O000100Y43", BadCharacters, ""},
		{"letter S", "91350100S000100Y43", BadCharacters, ""},
		{"letter V", "91350100V000100Y43", BadCharacters, ""},
		{"letter z", "91350100z000100Y43", BadCharacters, ""},
		{"punctuation", "91350100-000100Y43", BadCharacters, ""},
		{"full-width", "９1350100M000100Y43", BadCharacters, ""},
		{"letter in division", "913501A0M000100Y43", BadCharacters, `characters 3–8 are "3501A0", want six digits (a division code)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseCreditCode(tt.in)
			var e *Error
			if !errors.As(err, &e) || e.Code != tt.code {
				t.Fatalf("ParseCreditCode(%q) = %+v, %v, want code %v", tt.in, got, err, tt.code)
			}
			if got != (CreditCode{}) {
				t.Errorf("ParseCreditCode(%q) returned %+v with an error", tt.in, got)
			}
			if tt.msg != "" && err.Error() != tt.msg {
				t.Errorf("ParseCreditCode(%q) error = %q, want %q", tt.in, err.Error(), tt.msg)
			}
		})
	}
}

func TestOrgCheck(t *testing.T) {
	tests := []struct {
		body string
		want byte
	}{
		{"00000042", '2'},
		{"00000001", '9'},
		{"12345678", '8'},
		{"00000006", 'X'}, // 11 − (12 mod 11) = 10
		{"00000000", '0'}, // 11 − 0 = 11
	}
	for _, tt := range tests {
		if got := orgCheck(tt.body); got != tt.want {
			t.Errorf("orgCheck(%q) = %q, want %q", tt.body, got, tt.want)
		}
	}
}

func TestGenerateCreditCode(t *testing.T) {
	tests := []struct {
		division string
		seq      int
		want     string
	}{
		{"140100", 42, "91140100000000422Y"},
		{"110105", 1, "91110105000000019Q"},
		{"110105", 100_000_001, "91110105000000019Q"},
		{"140100", 12345678, "911401001234567887"},
		{"1401", 1, ""},
		{"14010A", 1, ""},
	}
	for _, tt := range tests {
		if got := GenerateCreditCode(tt.division, tt.seq); got != tt.want {
			t.Errorf("GenerateCreditCode(%q, %d) = %q, want %q", tt.division, tt.seq, got, tt.want)
		}
	}
	seen := map[string]bool{}
	for seq := -50; seq < 1000; seq++ {
		s := GenerateCreditCode("440300", seq)
		c, err := ParseCreditCode(s)
		if err != nil || c.Division != "440300" || seen[s] {
			t.Fatalf("ParseCreditCode(GenerateCreditCode(440300, %d) = %q) = %+v, %v (seen before: %v)", seq, s, c, err, seen[s])
		}
		seen[s] = true
	}
}

func BenchmarkParseCreditCode(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseCreditCode("91350100M000100Y43"); err != nil {
			b.Fatal(err)
		}
	}
}

func FuzzParseCreditCode(f *testing.F) {
	for _, s := range []string{"91350100M000100Y43", "91350100m000100y43", "91350100I000100Y43", "913501A0M000100Y43", "", "９"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseCreditCode(s)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Msg == "" {
				t.Fatalf("ParseCreditCode(%q) error %#v is not a described *Error", s, err)
			}
			return
		}
		if len(c.Number) != 18 || c.Number[2:8] != c.Division || c.Number[8:17] != c.OrgCode {
			t.Fatalf("ParseCreditCode(%q) = %+v", s, c)
		}
		again, err := ParseCreditCode(c.Number)
		if err != nil || again != c {
			t.Fatalf("ParseCreditCode(%q) = %+v, %v, want %+v", c.Number, again, err, c)
		}
	})
}
