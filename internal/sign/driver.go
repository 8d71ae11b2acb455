package sign

import (
	"encoding/binary"
	"fmt"
	"time"
)

// DriverClaims is what a driver's link asserts: its holder drives this
// trip, and may see its (masked) passenger list and report its departure
// and arrival until Expires, a calendar date as in PassClaims, inclusive.
type DriverClaims struct {
	Trip    [16]byte
	Issued  time.Time
	Expires time.Time
}

// driverLen is the payload of a driver's link: trip, issue and expiry days.
const driverLen = 16 + 2 + 2

// Expired reports whether the link has expired on now's calendar date, in
// now's location.
func (c DriverClaims) Expired(now time.Time) bool { return expired(c.Expires, now) }

// Driver signs a driver's link and returns its token. A link always
// expires: the error wraps ErrInvalidClaims when either date is zero, out
// of range, or the expiry precedes the issue; or it is ErrInvalidKey for a
// signer with no key.
func (s *Signer) Driver(c DriverClaims) (string, error) {
	issued, err := dayOf(c.Issued, "issue date")
	if err != nil {
		return "", err
	}
	expires, err := dayOf(c.Expires, "expiry date")
	if err != nil {
		return "", err
	}
	if expires < issued {
		return "", fmt.Errorf("expiry date is before the issue date: %w", ErrInvalidClaims)
	}
	b := make([]byte, 0, driverLen)
	b = append(b, c.Trip[:]...)
	b = binary.BigEndian.AppendUint16(b, issued)
	b = binary.BigEndian.AppendUint16(b, expires)
	return s.sign(KindDriver, b)
}

// Driver verifies a driver's link token and returns its claims. The error
// is ErrMalformed, ErrUnknownKey, ErrBadSignature or ErrWrongKind; whether
// the link has expired is the caller's check.
func (v *Verifier) Driver(token string) (DriverClaims, error) {
	p, err := v.open(token, KindDriver)
	if err != nil {
		return DriverClaims{}, err
	}
	if len(p) != driverLen {
		return DriverClaims{}, ErrMalformed
	}
	return DriverClaims{
		Trip:    [16]byte(p[0:16]),
		Issued:  dateOf(binary.BigEndian.Uint16(p[16:18])),
		Expires: dateOf(binary.BigEndian.Uint16(p[18:20])),
	}, nil
}
