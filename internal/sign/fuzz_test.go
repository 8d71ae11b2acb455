package sign

import (
	"errors"
	"strings"
	"testing"
)

// FuzzVerify feeds arbitrary text to both verifiers. Neither may panic, every
// error must be one of the package's, and since Ed25519 signatures are
// deterministic, whatever verifies must be exactly what signing its claims
// again produces: no second spelling of a token is accepted.
func FuzzVerify(f *testing.F) {
	s := testSigner(f, 1)
	v := testVerifier(f, s, testSigner(f, 2))
	pass, err := s.Pass(samplePass())
	if err != nil {
		f.Fatal(err)
	}
	cert, err := s.Certificate(sampleCertificate())
	if err != nil {
		f.Fatal(err)
	}
	drv, err := s.Driver(sampleDriver())
	if err != nil {
		f.Fatal(err)
	}
	for _, seed := range []string{pass, cert, drv, "", "A", pass[:40], " " + pass + "\n", strings.ToLower(cert), "AEAQ"} {
		f.Add(seed)
	}
	known := []error{ErrMalformed, ErrUnknownKey, ErrBadSignature, ErrWrongKind}
	isKnown := func(err error) bool {
		for _, k := range known {
			if errors.Is(err, k) {
				return true
			}
		}
		return false
	}
	f.Fuzz(func(t *testing.T, token string) {
		if c, err := v.Pass(token); err == nil {
			again, err := s.Pass(c)
			if err != nil || again != strings.TrimSpace(token) {
				t.Fatalf("Verifier.Pass(%q) = %+v, which signs to %q, %v", token, c, again, err)
			}
		} else if !isKnown(err) {
			t.Fatalf("Verifier.Pass(%q) error = %v, not one of the package's", token, err)
		}
		if c, err := v.Driver(token); err == nil {
			again, err := s.Driver(c)
			if err != nil || again != strings.TrimSpace(token) {
				t.Fatalf("Verifier.Driver(%q) = %+v, which signs to %q, %v", token, c, again, err)
			}
		} else if !isKnown(err) {
			t.Fatalf("Verifier.Driver(%q) error = %v, not one of the package's", token, err)
		}
		if c, err := v.Certificate(token); err == nil {
			again, err := s.Certificate(c)
			if err != nil || again != strings.TrimSpace(token) {
				t.Fatalf("Verifier.Certificate(%q) = %+v, which signs to %q, %v", token, c, again, err)
			}
		} else if !isKnown(err) {
			t.Fatalf("Verifier.Certificate(%q) error = %v, not one of the package's", token, err)
		}
	})
}
