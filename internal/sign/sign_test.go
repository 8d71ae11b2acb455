package sign

import (
	"bytes"
	"crypto/ed25519"
	"errors"
	"strings"
	"testing"
	"time"
)

// testSigner returns a signer whose key is fixed by n, so that failures
// reproduce.
func testSigner(t testing.TB, n byte) *Signer {
	t.Helper()
	s, err := NewSigner(ed25519.NewKeyFromSeed(bytes.Repeat([]byte{n}, ed25519.SeedSize)))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func testVerifier(t testing.TB, signers ...*Signer) *Verifier {
	t.Helper()
	keys := make([]PublicKey, len(signers))
	for i, s := range signers {
		keys[i] = s.Public()
	}
	v, err := NewVerifier(keys...)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

var cst = time.FixedZone("CST", 8*3600)

func uuid(b byte) [16]byte {
	var u [16]byte
	for i := range u {
		u[i] = b + byte(i)
	}
	return u
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func samplePass() PassClaims {
	return PassClaims{Trip: uuid(0x10), Worker: uuid(0xA0), Seat: 17, Issued: day(2025, 1, 6)}
}

func sampleCertificate() CertificateClaims {
	return CertificateClaims{Number: "S000014010500123", Holder: uuid(0xA0), Occupation: "4-10-01-05", Level: 4, Issued: day(2024, 11, 30)}
}

func TestPassRoundTrip(t *testing.T) {
	s := testSigner(t, 1)
	v := testVerifier(t, s)
	tests := []struct {
		name string
		in   PassClaims
		want PassClaims
	}{
		{"plain", samplePass(), samplePass()},
		{"first seat", PassClaims{Trip: uuid(1), Worker: uuid(2), Seat: 1, Issued: day(1970, 1, 2)},
			PassClaims{Trip: uuid(1), Worker: uuid(2), Seat: 1, Issued: day(1970, 1, 2)}},
		{"last seat and last day", PassClaims{Seat: 65535, Issued: day(2149, 6, 6), Expires: day(2149, 6, 6)},
			PassClaims{Seat: 65535, Issued: day(2149, 6, 6), Expires: day(2149, 6, 6)}},
		{"with expiry", PassClaims{Trip: uuid(3), Worker: uuid(4), Seat: 53, Issued: day(2025, 1, 5), Expires: day(2025, 1, 7)},
			PassClaims{Trip: uuid(3), Worker: uuid(4), Seat: 53, Issued: day(2025, 1, 5), Expires: day(2025, 1, 7)}},
		// Late evening in Beijing is still the same calendar date there,
		// although it is the next day's morning nowhere yet in UTC terms.
		{"date in its own zone", PassClaims{Seat: 2, Issued: time.Date(2025, 1, 6, 23, 30, 0, 0, cst)},
			PassClaims{Seat: 2, Issued: day(2025, 1, 6)}},
		{"early morning in its own zone", PassClaims{Seat: 2, Issued: time.Date(2025, 1, 6, 0, 30, 0, 0, cst)},
			PassClaims{Seat: 2, Issued: day(2025, 1, 6)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tok, err := s.Pass(tt.in)
			if err != nil {
				t.Fatalf("Pass(%+v): %v", tt.in, err)
			}
			got, err := v.Pass(tok)
			if err != nil {
				t.Fatalf("Verifier.Pass(%q): %v", tok, err)
			}
			if got != tt.want {
				t.Errorf("Verifier.Pass(Pass(%+v)) = %+v, want %+v", tt.in, got, tt.want)
			}
		})
	}
}

func TestPassTokenSize(t *testing.T) {
	// 108 bytes in base32: the size that the QR version in the package
	// comment was measured for. A change to the layout must revisit it.
	tok, err := testSigner(t, 1).Pass(samplePass())
	if err != nil {
		t.Fatal(err)
	}
	if len(tok) != 173 {
		t.Errorf("len(Pass(sample)) = %d, want 173", len(tok))
	}
	const alnum = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
	for _, r := range tok {
		if !strings.ContainsRune(alnum, r) {
			t.Fatalf("Pass(sample) = %q has %q, outside the QR alphanumeric set", tok, r)
		}
	}
}

func TestCertificateRoundTrip(t *testing.T) {
	s := testSigner(t, 1)
	v := testVerifier(t, s)
	tests := []struct {
		name string
		in   CertificateClaims
	}{
		{"plain", sampleCertificate()},
		{"one-character fields", CertificateClaims{Number: "1", Occupation: "4", Level: 1, Issued: day(2000, 2, 29)}},
		{"longest fields", CertificateClaims{Number: strings.Repeat("9", 64), Occupation: strings.Repeat("x", 64), Level: 5, Issued: day(2030, 12, 31)}},
		{"Chinese number", CertificateClaims{Number: "晋人社证字第0001号", Occupation: "养老护理员", Level: 3, Issued: day(2025, 1, 2)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tok, err := s.Certificate(tt.in)
			if err != nil {
				t.Fatalf("Certificate(%+v): %v", tt.in, err)
			}
			got, err := v.Certificate(tok)
			if err != nil {
				t.Fatalf("Verifier.Certificate(%q): %v", tok, err)
			}
			if got != tt.in {
				t.Errorf("Verifier.Certificate(Certificate(%+v)) = %+v, want %+v", tt.in, got, tt.in)
			}
		})
	}
}

func TestInvalidClaims(t *testing.T) {
	s := testSigner(t, 1)
	passes := []struct {
		name string
		in   PassClaims
	}{
		{"seat 0", PassClaims{Seat: 0, Issued: day(2025, 1, 6)}},
		{"negative seat", PassClaims{Seat: -3, Issued: day(2025, 1, 6)}},
		{"seat too large", PassClaims{Seat: 65536, Issued: day(2025, 1, 6)}},
		{"no issue date", PassClaims{Seat: 1}},
		{"issued on day 0", PassClaims{Seat: 1, Issued: day(1970, 1, 1)}},
		{"issued before 1970", PassClaims{Seat: 1, Issued: day(1969, 12, 31)}},
		{"issued after 2149", PassClaims{Seat: 1, Issued: day(2149, 6, 7)}},
		{"issued in year 9999", PassClaims{Seat: 1, Issued: day(9999, 1, 1)}},
		{"expires before issue", PassClaims{Seat: 1, Issued: day(2025, 1, 6), Expires: day(2025, 1, 5)}},
		{"expires after 2149", PassClaims{Seat: 1, Issued: day(2025, 1, 6), Expires: day(2150, 1, 1)}},
	}
	for _, tt := range passes {
		t.Run(tt.name, func(t *testing.T) {
			if tok, err := s.Pass(tt.in); !errors.Is(err, ErrInvalidClaims) {
				t.Errorf("Pass(%+v) = %q, %v, want error %v", tt.in, tok, err, ErrInvalidClaims)
			}
		})
	}
	ok := sampleCertificate()
	certificates := []struct {
		name   string
		change func(*CertificateClaims)
	}{
		{"no number", func(c *CertificateClaims) { c.Number = "" }},
		{"number too long", func(c *CertificateClaims) { c.Number = strings.Repeat("1", 65) }},
		{"number not UTF-8", func(c *CertificateClaims) { c.Number = "\xff1" }},
		{"number with a newline", func(c *CertificateClaims) { c.Number = "12\n34" }},
		{"no occupation", func(c *CertificateClaims) { c.Occupation = "" }},
		{"level 0", func(c *CertificateClaims) { c.Level = 0 }},
		{"level 6", func(c *CertificateClaims) { c.Level = 6 }},
		{"no issue date", func(c *CertificateClaims) { c.Issued = time.Time{} }},
	}
	for _, tt := range certificates {
		t.Run(tt.name, func(t *testing.T) {
			c := ok
			tt.change(&c)
			if tok, err := s.Certificate(c); !errors.Is(err, ErrInvalidClaims) {
				t.Errorf("Certificate(%+v) = %q, %v, want error %v", c, tok, err, ErrInvalidClaims)
			}
		})
	}
}

func TestEverySingleCharacterChangeIsRejected(t *testing.T) {
	s := testSigner(t, 1)
	v := testVerifier(t, s)
	pass, err := s.Pass(samplePass())
	if err != nil {
		t.Fatal(err)
	}
	cert, err := s.Certificate(sampleCertificate())
	if err != nil {
		t.Fatal(err)
	}
	verify := map[string]func(string) error{
		"pass": func(tok string) error { _, err := v.Pass(tok); return err },
		"certificate": func(tok string) error {
			_, err := v.Certificate(tok)
			return err
		},
	}
	// The base32 alphabet, its lower case, and characters a bad scan makes.
	const replacements = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567abcdefghijklmnopqrstuvwxyz0189=-_ "
	for name, tok := range map[string]string{"pass": pass, "certificate": cert} {
		t.Run(name, func(t *testing.T) {
			for i := range len(tok) {
				for _, r := range replacements {
					if byte(r) == tok[i] {
						continue
					}
					changed := tok[:i] + string(r) + tok[i+1:]
					if err := verify[name](changed); err == nil {
						t.Fatalf("Verifier.%s(token with %q at %d) = nil error, want an error", name, r, i)
					}
				}
			}
		})
	}
}

func TestTamperedTokens(t *testing.T) {
	s := testSigner(t, 1)
	v := testVerifier(t, s)
	pass, err := s.Pass(samplePass())
	if err != nil {
		t.Fatal(err)
	}
	data, err := tokenText.DecodeString(pass)
	if err != nil {
		t.Fatal(err)
	}
	flip := func(i int) string {
		d := bytes.Clone(data)
		d[i] ^= 1
		return tokenText.EncodeToString(d)
	}
	tests := []struct {
		name  string
		token string
		want  error
	}{
		{"empty", "", ErrMalformed},
		{"not base32", "HELLO, WORLD", ErrMalformed},
		{"last character cut", pass[:len(pass)-1], ErrBadSignature},
		{"two characters cut", pass[:len(pass)-2], ErrMalformed},
		{"cut by a byte", tokenText.EncodeToString(data[:len(data)-1]), ErrBadSignature},
		{"header only", tokenText.EncodeToString(data[:headerLen]), ErrMalformed},
		{"one character longer", pass + "A", ErrMalformed},
		{"one byte longer", tokenText.EncodeToString(append(bytes.Clone(data), 0)), ErrBadSignature},
		{"lower case", strings.ToLower(pass), ErrMalformed},
		{"padded", tokenText.WithPadding('=').EncodeToString(data), ErrMalformed},
		{"version changed", flip(0), ErrMalformed},
		{"kind changed", flip(1), ErrBadSignature},
		{"key ID changed", flip(2), ErrUnknownKey},
		{"trip changed", flip(headerLen), ErrBadSignature},
		{"seat changed", flip(headerLen + 33), ErrBadSignature},
		{"signature changed", flip(len(data) - 1), ErrBadSignature},
		{"too long to read", strings.Repeat("A", maxToken+1), ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := v.Pass(tt.token)
			if !errors.Is(err, tt.want) {
				t.Errorf("Verifier.Pass(%q) = %+v, %v, want error %v", tt.token, got, err, tt.want)
			}
		})
	}
}

func TestKindsDoNotMix(t *testing.T) {
	s := testSigner(t, 1)
	v := testVerifier(t, s)
	pass, err := s.Pass(samplePass())
	if err != nil {
		t.Fatal(err)
	}
	cert, err := s.Certificate(sampleCertificate())
	if err != nil {
		t.Fatal(err)
	}
	if got, err := v.Certificate(pass); !errors.Is(err, ErrWrongKind) {
		t.Errorf("Verifier.Certificate(pass token) = %+v, %v, want error %v", got, err, ErrWrongKind)
	}
	if got, err := v.Pass(cert); !errors.Is(err, ErrWrongKind) {
		t.Errorf("Verifier.Pass(certificate token) = %+v, %v, want error %v", got, err, ErrWrongKind)
	}
}

func TestKeys(t *testing.T) {
	old, current, stranger := testSigner(t, 1), testSigner(t, 2), testSigner(t, 3)
	v := testVerifier(t, old, current)
	c := samplePass()
	for _, tt := range []struct {
		name   string
		signer *Signer
		want   error
	}{
		{"current key", current, nil},
		{"key rotated out of signing", old, nil},
		{"unknown key", stranger, ErrUnknownKey},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tok, err := tt.signer.Pass(c)
			if err != nil {
				t.Fatal(err)
			}
			if got, err := v.Pass(tok); !errors.Is(err, tt.want) {
				t.Errorf("Verifier.Pass(token by %s) = %+v, %v, want error %v", tt.signer, got, err, tt.want)
			}
		})
	}
	t.Run("no keys", func(t *testing.T) {
		none, err := NewVerifier()
		if err != nil {
			t.Fatal(err)
		}
		tok, err := current.Pass(c)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := none.Pass(tok); !errors.Is(err, ErrUnknownKey) {
			t.Errorf("NewVerifier().Pass(token) = %+v, %v, want error %v", got, err, ErrUnknownKey)
		}
	})
	t.Run("zero public key", func(t *testing.T) {
		if _, err := NewVerifier(current.Public(), PublicKey{}); !errors.Is(err, ErrInvalidKey) {
			t.Errorf("NewVerifier(key, PublicKey{}) error = %v, want %v", err, ErrInvalidKey)
		}
	})
	t.Run("zero signer", func(t *testing.T) {
		var zero Signer
		if tok, err := zero.Pass(c); !errors.Is(err, ErrInvalidKey) {
			t.Errorf("Signer{}.Pass() = %q, %v, want error %v", tok, err, ErrInvalidKey)
		}
	})
	t.Run("short private key", func(t *testing.T) {
		if _, err := NewSigner(make([]byte, 32)); !errors.Is(err, ErrInvalidKey) {
			t.Errorf("NewSigner(32 bytes) error = %v, want %v", err, ErrInvalidKey)
		}
	})
	t.Run("fresh keys differ", func(t *testing.T) {
		a, err := NewKey()
		if err != nil {
			t.Fatal(err)
		}
		b, err := NewKey()
		if err != nil {
			t.Fatal(err)
		}
		if a.ID() == b.ID() {
			t.Errorf("NewKey().ID() = %s twice", a.ID())
		}
		if len(a.ID()) != 8 || a.ID() != a.Public().ID() {
			t.Errorf("ID() = %q, Public().ID() = %q, want the same 8 hex digits", a.ID(), a.Public().ID())
		}
	})
}

func TestKeyText(t *testing.T) {
	s := testSigner(t, 7)
	private, err := s.MarshalText()
	if err != nil {
		t.Fatal(err)
	}
	public, err := s.Public().MarshalText()
	if err != nil {
		t.Fatal(err)
	}
	t.Run("round trip", func(t *testing.T) {
		var s2 Signer
		if err := s2.UnmarshalText(append(append([]byte(" "), private...), '\n')); err != nil {
			t.Fatalf("UnmarshalText(%q): %v", private, err)
		}
		var k PublicKey
		if err := k.UnmarshalText(public); err != nil {
			t.Fatalf("UnmarshalText(%q): %v", public, err)
		}
		tok, err := s2.Pass(samplePass())
		if err != nil {
			t.Fatal(err)
		}
		want, _ := s.Pass(samplePass())
		if tok != want {
			t.Errorf("reread signer signs %q, want %q", tok, want)
		}
		v, err := NewVerifier(k)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := v.Pass(tok); err != nil {
			t.Errorf("reread public key: Verifier.Pass() error = %v", err)
		}
		if k.ID() != s.ID() || !bytes.Equal(k.Bytes(), s.Public().Bytes()) {
			t.Errorf("reread public key = %s %x, want %s %x", k.ID(), k.Bytes(), s.ID(), s.Public().Bytes())
		}
	})
	t.Run("private key never printed", func(t *testing.T) {
		seed := keyText.EncodeToString(s.key.Seed())
		if got := s.String(); strings.Contains(got, seed) || !strings.Contains(got, s.ID()) {
			t.Errorf("String() = %q, want the ID and not the key", got)
		}
	})
	bad := []struct {
		name string
		text string
		into string
	}{
		{"public as private", string(public), "private"},
		{"private as public", string(private), "public"},
		{"empty", "", "private"},
		{"no prefix", strings.TrimPrefix(string(private), privatePrefix), "private"},
		{"short", string(private[:len(private)-2]), "private"},
		{"long", string(public) + "AA", "public"},
		{"not base64url", privatePrefix + strings.Repeat("!", 43), "private"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			if tt.into == "private" {
				var s Signer
				err = s.UnmarshalText([]byte(tt.text))
			} else {
				var k PublicKey
				err = k.UnmarshalText([]byte(tt.text))
			}
			if !errors.Is(err, ErrInvalidKey) {
				t.Errorf("UnmarshalText(%q) into %s key error = %v, want %v", tt.text, tt.into, err, ErrInvalidKey)
			}
		})
	}
	t.Run("zero keys do not marshal", func(t *testing.T) {
		if _, err := (&Signer{}).MarshalText(); !errors.Is(err, ErrInvalidKey) {
			t.Errorf("Signer{}.MarshalText() error = %v, want %v", err, ErrInvalidKey)
		}
		if _, err := (PublicKey{}).MarshalText(); !errors.Is(err, ErrInvalidKey) {
			t.Errorf("PublicKey{}.MarshalText() error = %v, want %v", err, ErrInvalidKey)
		}
	})
}

func TestExpired(t *testing.T) {
	c := PassClaims{Seat: 1, Issued: day(2025, 1, 5), Expires: day(2025, 1, 6)}
	tests := []struct {
		name   string
		claims PassClaims
		now    time.Time
		want   bool
	}{
		{"no expiry", PassClaims{Seat: 1, Issued: day(2025, 1, 5)}, day(2099, 1, 1), false},
		{"day before", c, time.Date(2025, 1, 5, 23, 59, 0, 0, cst), false},
		{"last minute of the last day in Beijing", c, time.Date(2025, 1, 6, 23, 59, 0, 0, cst), false},
		{"next day in Beijing", c, time.Date(2025, 1, 7, 0, 1, 0, 0, cst), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.claims.Expired(tt.now); got != tt.want {
				t.Errorf("Expired(%v) = %v, want %v", tt.now, got, tt.want)
			}
		})
	}
}

func BenchmarkSignPass(b *testing.B) {
	s := testSigner(b, 1)
	c := samplePass()
	for b.Loop() {
		if _, err := s.Pass(c); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVerifyPass(b *testing.B) {
	s := testSigner(b, 1)
	v := testVerifier(b, s, testSigner(b, 2), testSigner(b, 3))
	tok, err := s.Pass(samplePass())
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := v.Pass(tok); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVerifyForged(b *testing.B) {
	s := testSigner(b, 1)
	v := testVerifier(b, s)
	tok, err := s.Pass(samplePass())
	if err != nil {
		b.Fatal(err)
	}
	forged := tok[:10] + "A" + tok[11:]
	if forged == tok {
		forged = tok[:10] + "B" + tok[11:]
	}
	for b.Loop() {
		if _, err := v.Pass(forged); err == nil {
			b.Fatal("forged token verified")
		}
	}
}
