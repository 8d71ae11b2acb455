package sign

import (
	"crypto/ed25519"
	"encoding/base32"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// The errors of verification. Their messages are meant for the person
// holding the scanner; whether a genuine pass belongs to the trip being
// boarded is the caller's check, since only the caller knows the trip.
var (
	// ErrMalformed: the text is not a token of this package at all (a QR
	// code of something else, a damaged scan, a token cut short).
	ErrMalformed = errors.New("this code cannot be read as a pass or certificate")
	// ErrUnknownKey: a well-formed token signed by a key the verifier does
	// not hold (another authority's, or one retired from rotation).
	ErrUnknownKey = errors.New("this code was signed by a key that is not known here")
	// ErrBadSignature: the signature does not match; the token was forged or
	// altered.
	ErrBadSignature = errors.New("this pass or certificate is not genuine")
	// ErrWrongKind: a genuine token of another kind, such as a certificate
	// shown at boarding.
	ErrWrongKind = errors.New("this code is not the kind of document expected here")
)

// ErrInvalidClaims is returned when signing claims that a token cannot
// carry: a seat or level out of range, a missing date, a number too long.
var ErrInvalidClaims = errors.New("claims cannot be signed")

// Kind is the kind of document a token stands for. It is signed with the
// claims, so a token of one kind is never accepted as another.
type Kind byte

// The kinds of token.
const (
	KindPass        Kind = 1
	KindCertificate Kind = 2
	KindDriver      Kind = 3
)

// String returns the kind's English name.
func (k Kind) String() string {
	switch k {
	case KindPass:
		return "boarding pass"
	case KindCertificate:
		return "certificate"
	case KindDriver:
		return "driver's link"
	}
	return fmt.Sprintf("kind %d", byte(k))
}

const (
	version   = 1
	headerLen = 2 + len(keyID{}) // version, kind, key ID
	sigLen    = ed25519.SignatureSize
	passLen   = headerLen + 16 + 16 + 2 + 2 + 2 + sigLen
	// maxNumber bounds a certificate number or occupation code, which keeps
	// a certificate's QR code small enough to scan from a printed page.
	maxNumber = 64
	// maxToken bounds the text accepted before decoding anything, so that
	// a hostile input costs no more than a genuine one.
	maxToken = 512
)

// context separates this package's signatures from anything else the same
// key might ever sign.
const context = "laborbridge token\x00"

// tokenText is RFC 4648 base32 without padding: upper-case letters and the
// digits 2–7, all in the QR alphanumeric set.
var tokenText = base32.StdEncoding.WithPadding(base32.NoPadding)

// PassClaims is what a boarding pass asserts: this worker holds this seat on
// this trip. Trip and Worker are the records' UUIDs (a uuid.UUID converts
// directly). Seat is 1–65535. Issued and Expires are calendar dates: only
// the year, month and day in the value's own location count, and a verified
// token returns them at midnight UTC. A zero Expires means the pass does not
// expire; otherwise it is valid through that day.
type PassClaims struct {
	Trip    [16]byte
	Worker  [16]byte
	Seat    int
	Issued  time.Time
	Expires time.Time
}

// Expired reports whether the pass has expired on now's calendar date, in
// now's location.
func (c PassClaims) Expired(now time.Time) bool { return expired(c.Expires, now) }

// expired reports whether now's calendar date, in now's location, is past
// the date expires; never for a zero expires.
func expired(expires, now time.Time) bool {
	if expires.IsZero() {
		return false
	}
	y, m, d := now.Date()
	ey, em, ed := expires.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).After(time.Date(ey, em, ed, 0, 0, 0, 0, time.UTC))
}

// CertificateClaims is what a skill certificate asserts. Number is the
// certificate's number and Occupation the occupation's code, each 1–64
// bytes of printable UTF-8; Holder is the worker's UUID; Level is the skill
// level 1–5 (5 entry, 1 senior technician); Issued is a calendar date as in
// PassClaims.
type CertificateClaims struct {
	Number     string
	Holder     [16]byte
	Occupation string
	Level      int
	Issued     time.Time
}

// Pass signs a boarding pass and returns its token. The error wraps
// ErrInvalidClaims when the seat is outside 1–65535, Issued is zero, or a
// date lies outside 1970-01-02 to 2149-06-06; or it is ErrInvalidKey for a
// signer with no key.
func (s *Signer) Pass(c PassClaims) (string, error) {
	if c.Seat < 1 || c.Seat > 0xFFFF {
		return "", fmt.Errorf("seat %d is outside 1–65535: %w", c.Seat, ErrInvalidClaims)
	}
	issued, err := dayOf(c.Issued, "issue date")
	if err != nil {
		return "", err
	}
	var expires uint16
	if !c.Expires.IsZero() {
		if expires, err = dayOf(c.Expires, "expiry date"); err != nil {
			return "", err
		}
		if expires < issued {
			return "", fmt.Errorf("expiry date is before the issue date: %w", ErrInvalidClaims)
		}
	}
	b := make([]byte, 0, passLen)
	b = append(b, c.Trip[:]...)
	b = append(b, c.Worker[:]...)
	b = binary.BigEndian.AppendUint16(b, uint16(c.Seat))
	b = binary.BigEndian.AppendUint16(b, issued)
	b = binary.BigEndian.AppendUint16(b, expires)
	return s.sign(KindPass, b)
}

// Certificate signs a certificate and returns its token. The error wraps
// ErrInvalidClaims when the number or occupation is empty, longer than 64
// bytes or not printable UTF-8, the level is outside 1–5, or the issue date
// is zero or outside 1970-01-02 to 2149-06-06; or it is ErrInvalidKey for a
// signer with no key.
func (s *Signer) Certificate(c CertificateClaims) (string, error) {
	if err := checkText(c.Number, "certificate number"); err != nil {
		return "", err
	}
	if err := checkText(c.Occupation, "occupation code"); err != nil {
		return "", err
	}
	if c.Level < 1 || c.Level > 5 {
		return "", fmt.Errorf("skill level %d is outside 1–5: %w", c.Level, ErrInvalidClaims)
	}
	issued, err := dayOf(c.Issued, "issue date")
	if err != nil {
		return "", err
	}
	b := make([]byte, 0, 16+1+2+2+len(c.Number)+len(c.Occupation)+headerLen+sigLen)
	b = append(b, c.Holder[:]...)
	b = append(b, byte(c.Level))
	b = binary.BigEndian.AppendUint16(b, issued)
	b = append(b, byte(len(c.Number)))
	b = append(b, c.Number...)
	b = append(b, byte(len(c.Occupation)))
	b = append(b, c.Occupation...)
	return s.sign(KindCertificate, b)
}

func (s *Signer) sign(kind Kind, payload []byte) (string, error) {
	if len(s.key) != ed25519.PrivateKeySize {
		return "", ErrInvalidKey
	}
	data := make([]byte, 0, headerLen+len(payload)+sigLen)
	data = append(data, version, byte(kind))
	data = append(data, s.id[:]...)
	data = append(data, payload...)
	data = append(data, ed25519.Sign(s.key, signed(data))...)
	return tokenText.EncodeToString(data), nil
}

func signed(data []byte) []byte {
	return append([]byte(context), data...)
}

// Pass verifies a boarding pass token and returns its claims. The error is
// ErrMalformed, ErrUnknownKey, ErrBadSignature or ErrWrongKind.
func (v *Verifier) Pass(token string) (PassClaims, error) {
	p, err := v.open(token, KindPass)
	if err != nil {
		return PassClaims{}, err
	}
	if len(p) != passLen-headerLen-sigLen {
		return PassClaims{}, ErrMalformed
	}
	c := PassClaims{
		Trip:   [16]byte(p[0:16]),
		Worker: [16]byte(p[16:32]),
		Seat:   int(binary.BigEndian.Uint16(p[32:34])),
		Issued: dateOf(binary.BigEndian.Uint16(p[34:36])),
	}
	if e := binary.BigEndian.Uint16(p[36:38]); e != 0 {
		c.Expires = dateOf(e)
	}
	return c, nil
}

// Certificate verifies a certificate token and returns its claims. The
// error is ErrMalformed, ErrUnknownKey, ErrBadSignature or ErrWrongKind.
// Whether the certificate has since been revoked is the caller's check.
func (v *Verifier) Certificate(token string) (CertificateClaims, error) {
	p, err := v.open(token, KindCertificate)
	if err != nil {
		return CertificateClaims{}, err
	}
	if len(p) < 16+1+2+1 {
		return CertificateClaims{}, ErrMalformed
	}
	c := CertificateClaims{
		Holder: [16]byte(p[0:16]),
		Level:  int(p[16]),
		Issued: dateOf(binary.BigEndian.Uint16(p[17:19])),
	}
	rest := p[19:]
	var ok bool
	if c.Number, rest, ok = cutText(rest); !ok {
		return CertificateClaims{}, ErrMalformed
	}
	if c.Occupation, rest, ok = cutText(rest); !ok || len(rest) != 0 {
		return CertificateClaims{}, ErrMalformed
	}
	return c, nil
}

// open decodes a token, checks its signature and then its kind, and returns
// the payload. The signature comes before the kind so that ErrWrongKind is
// only ever said of a genuine document.
func (v *Verifier) open(token string, want Kind) ([]byte, error) {
	token = strings.TrimSpace(token)
	if len(token) > maxToken {
		return nil, ErrMalformed
	}
	data, err := tokenText.DecodeString(token)
	// base32 leaves spare bits in the last character; a token must be the
	// one encoding of its bytes, or a changed character could still verify.
	if err != nil || tokenText.EncodeToString(data) != token {
		return nil, ErrMalformed
	}
	if len(data) < headerLen+sigLen || data[0] != version {
		return nil, ErrMalformed
	}
	pub, ok := v.keys[keyID(data[2:headerLen])]
	if !ok {
		return nil, ErrUnknownKey
	}
	body, sig := data[:len(data)-sigLen], data[len(data)-sigLen:]
	if !ed25519.Verify(pub, signed(body), sig) {
		return nil, ErrBadSignature
	}
	if Kind(data[1]) != want {
		return nil, ErrWrongKind
	}
	return body[headerLen:], nil
}

// A token's dates count days from 1970-01-01 in 16 bits. Day 0 itself
// stands for "no date", so dates run from 1970-01-02 to 2149-06-06.

func dayOf(t time.Time, what string) (uint16, error) {
	if t.IsZero() {
		return 0, fmt.Errorf("%s is missing: %w", what, ErrInvalidClaims)
	}
	y, m, d := t.Date()
	days := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
	if days < 1 || days > 0xFFFF {
		return 0, fmt.Errorf("%s %04d-%02d-%02d is outside 1970-01-02 to 2149-06-06: %w", what, y, m, d, ErrInvalidClaims)
	}
	return uint16(days), nil
}

func dateOf(day uint16) time.Time { return time.Unix(int64(day)*86400, 0).UTC() }

func checkText(s, what string) error {
	if s == "" || len(s) > maxNumber {
		return fmt.Errorf("%s must have 1–%d bytes, has %d: %w", what, maxNumber, len(s), ErrInvalidClaims)
	}
	if !utf8.ValidString(s) {
		return fmt.Errorf("%s is not valid UTF-8: %w", what, ErrInvalidClaims)
	}
	for _, r := range s {
		if !unicode.IsPrint(r) {
			return fmt.Errorf("%s %q has a character that is not printable: %w", what, s, ErrInvalidClaims)
		}
	}
	return nil
}

func cutText(b []byte) (string, []byte, bool) {
	if len(b) < 1 || int(b[0]) > len(b)-1 {
		return "", nil, false
	}
	n := int(b[0])
	return string(b[1 : 1+n]), b[1+n:], true
}
