package sign

import (
	"errors"
	"testing"
	"time"
)

func sampleDriver() DriverClaims {
	return DriverClaims{Trip: uuid(0x10), Issued: day(2027, 1, 2), Expires: day(2027, 1, 10)}
}

func TestDriverRoundTrip(t *testing.T) {
	s := testSigner(t, 1)
	v := testVerifier(t, s)
	token, err := s.Driver(sampleDriver())
	if err != nil {
		t.Fatal(err)
	}
	got, err := v.Driver(token)
	if err != nil {
		t.Fatalf("Verifier.Driver(%q) error = %v", token, err)
	}
	if got != sampleDriver() {
		t.Errorf("Verifier.Driver() = %+v, want %+v", got, sampleDriver())
	}
	if len(token) > 150 {
		t.Errorf("driver token has %d characters; a link should stay short enough for a small QR code", len(token))
	}
}

func TestDriverInvalidClaims(t *testing.T) {
	s := testSigner(t, 1)
	tests := []struct {
		name string
		c    DriverClaims
	}{
		{"no issue date", DriverClaims{Trip: uuid(1), Expires: day(2027, 1, 10)}},
		{"no expiry: a driver's link always expires", DriverClaims{Trip: uuid(1), Issued: day(2027, 1, 2)}},
		{"expires before it is issued", DriverClaims{Trip: uuid(1), Issued: day(2027, 1, 2), Expires: day(2027, 1, 1)}},
		{"expiry out of range", DriverClaims{Trip: uuid(1), Issued: day(2027, 1, 2), Expires: day(2200, 1, 1)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tok, err := s.Driver(tt.c); !errors.Is(err, ErrInvalidClaims) {
				t.Errorf("Signer.Driver(%+v) = %q, %v, want error %v", tt.c, tok, err, ErrInvalidClaims)
			}
		})
	}
}

func TestDriverKindsDoNotMix(t *testing.T) {
	s := testSigner(t, 1)
	v := testVerifier(t, s)
	pass, err := s.Pass(samplePass())
	if err != nil {
		t.Fatal(err)
	}
	drv, err := s.Driver(sampleDriver())
	if err != nil {
		t.Fatal(err)
	}
	if got, err := v.Driver(pass); !errors.Is(err, ErrWrongKind) {
		t.Errorf("Verifier.Driver(pass token) = %+v, %v, want error %v", got, err, ErrWrongKind)
	}
	if got, err := v.Pass(drv); !errors.Is(err, ErrWrongKind) {
		t.Errorf("Verifier.Pass(driver token) = %+v, %v, want error %v", got, err, ErrWrongKind)
	}
	forged := testSigner(t, 9)
	other, err := forged.Driver(sampleDriver())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.Driver(other); !errors.Is(err, ErrUnknownKey) {
		t.Errorf("Verifier.Driver(token of an unknown key) error = %v, want %v", err, ErrUnknownKey)
	}
	// Every change of one character is refused.
	alphabet := "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	for i := range len(drv) {
		for _, r := range alphabet {
			if byte(r) == drv[i] {
				continue
			}
			changed := drv[:i] + string(r) + drv[i+1:]
			if c, err := v.Driver(changed); err == nil {
				t.Fatalf("Verifier.Driver accepted %q (character %d changed): %+v", changed, i, c)
			}
		}
	}
}

func TestDriverExpired(t *testing.T) {
	c := sampleDriver()
	for _, tt := range []struct {
		now  time.Time
		want bool
	}{
		{time.Date(2027, 1, 10, 23, 59, 0, 0, cst), false},
		{time.Date(2027, 1, 11, 0, 1, 0, 0, cst), true},
	} {
		if got := c.Expired(tt.now); got != tt.want {
			t.Errorf("Expired(%v) = %v, want %v", tt.now, got, tt.want)
		}
	}
}
