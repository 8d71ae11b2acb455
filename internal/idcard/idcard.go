// Package idcard parses and checks the two national identifiers laborbridge
// meets on every form: the resident identity number of a person (GB 11643,
// 18 characters with an ISO 7064 MOD 11-2 check character; the old 15-digit
// form is upgraded) and the unified social credit code of an employer or
// agency (GB 32100, 18 characters with a MOD 31 check character).
//
// It uses the standard library only and keeps no state. Error messages never
// repeat the whole number, because a resident ID number is sensitive personal
// information that must not end up in logs.
package idcard

import (
	"fmt"
	"strconv"
)

// ErrorCode says which rule a number broke, so that a user interface can
// phrase the reason in its own language.
type ErrorCode int

// The rules a number can break.
const (
	BadLength     ErrorCode = iota + 1 // not 18 characters (or 15 for an old ID)
	BadCharacters                      // a character not allowed at its place
	BadChecksum                        // the check character does not match
	BadBirthDate                       // no such date, or before 1900
	FutureBirth                        // born after the day of the check
	BadProvince                        // the first two digits name no province-level division
)

// String returns a short English name of the rule.
func (c ErrorCode) String() string {
	switch c {
	case BadLength:
		return "wrong length"
	case BadCharacters:
		return "invalid character"
	case BadChecksum:
		return "wrong check character"
	case BadBirthDate:
		return "impossible birth date"
	case FutureBirth:
		return "birth date in the future"
	case BadProvince:
		return "unknown province code"
	}
	return "ErrorCode(" + strconv.Itoa(int(c)) + ")"
}

// Error is the error every function of this package returns. Msg says in
// plain English what is wrong ("check character is 7, expected X").
type Error struct {
	Code ErrorCode
	Msg  string
}

// Error returns Msg, or the rule's name for a sentinel without one.
func (e *Error) Error() string {
	if e.Msg == "" {
		return e.Code.String()
	}
	return e.Msg
}

// Is makes errors.Is(err, ErrChecksum) and the like true for every *Error
// with the same Code.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}

// Sentinels for errors.Is, one per ErrorCode.
var (
	ErrLength      = &Error{Code: BadLength}
	ErrCharacters  = &Error{Code: BadCharacters}
	ErrChecksum    = &Error{Code: BadChecksum}
	ErrBirthDate   = &Error{Code: BadBirthDate}
	ErrFutureBirth = &Error{Code: FutureBirth}
	ErrProvince    = &Error{Code: BadProvince}
)

func errorf(code ErrorCode, format string, args ...any) *Error {
	return &Error{Code: code, Msg: fmt.Sprintf(format, args...)}
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
