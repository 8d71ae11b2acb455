package idcard

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// CreditCode is a checked unified social credit code (统一社会信用代码).
type CreditCode struct {
	Number string // 18 characters, upper case
	// Authority is the registering authority: '9' market regulation (companies,
	// individual businesses, farmers' cooperatives), '5' civil affairs, '1'
	// institutional staffing, and others.
	Authority byte
	// Category is the kind of organisation within the authority; under '9':
	// '1' enterprise, '2' individual business, '3' farmers' cooperative.
	Category byte
	Division string // six-digit division code of the registering office
	OrgCode  string // the nine-character organisation code (GB 11714)
}

// creditAlphabet lists the characters of a credit code in the order of their
// values 0–30: digits and capital letters without I, O, S, V and Z.
const creditAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// creditValue maps a byte to its value in creditAlphabet, or -1.
var creditValue = func() [256]int8 {
	var v [256]int8
	for i := range v {
		v[i] = -1
	}
	for i := 0; i < len(creditAlphabet); i++ {
		v[creditAlphabet[i]] = int8(i)
	}
	return v
}()

// creditWeights are 3^i mod 31, the weights GB 32100 gives positions 1–17.
var creditWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// ParseCreditCode checks a unified social credit code and returns its parts.
// It trims surrounding space and accepts lower case. The error is an *Error
// whose Code is BadLength, BadCharacters (a character outside the code's
// alphabet, or a non-digit among the division code in characters 3–8) or
// BadChecksum. The organisation code inside is not checked on its own: codes
// issued before 2015 kept older organisation codes as they were.
func ParseCreditCode(s string) (CreditCode, error) {
	s = strings.TrimSpace(s)
	if n := utf8.RuneCountInString(s); n != 18 {
		return CreditCode{}, errorf(BadLength, "has %d characters, want 18", n)
	}
	s = strings.ToUpper(s)
	pos := 0
	for _, r := range s {
		pos++
		if r < utf8.RuneSelf && creditValue[r] >= 0 {
			continue
		}
		if strings.ContainsRune("IOSVZ", r) {
			return CreditCode{}, errorf(BadCharacters, "character %d is %q, a letter credit codes never use (I, O, S, V, Z)", pos, r)
		}
		return CreditCode{}, errorf(BadCharacters, "character %d is %q: only digits and capital letters other than I, O, S, V and Z are allowed", pos, r)
	}
	// Every character is ASCII now, so byte offsets are character positions.
	if !allDigits(s[2:8]) {
		return CreditCode{}, errorf(BadCharacters, "characters 3–8 are %q, want six digits (a division code)", s[2:8])
	}
	want := creditCheck(s[:17])
	if s[17] != want {
		return CreditCode{}, errorf(BadChecksum, "check character is %c, expected %c", s[17], want)
	}
	return CreditCode{Number: s, Authority: s[0], Category: s[1], Division: s[2:8], OrgCode: s[8:17]}, nil
}

// creditCheck returns the GB 32100 check character of 17 characters already
// known to be in the alphabet.
func creditCheck(first17 string) byte {
	sum := 0
	for i := 0; i < 17; i++ {
		sum += int(creditValue[first17[i]]) * creditWeights[i]
	}
	return creditAlphabet[(31-sum%31)%31]
}

// orgCheck returns the GB 11714 check character of an eight-digit
// organisation code body: 11 − (weighted sum mod 11), with 10 written X and
// 11 written 0.
func orgCheck(body string) byte {
	w := [8]int{3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i := 0; i < 8; i++ {
		sum += int(body[i]-'0') * w[i]
	}
	switch c := 11 - sum%11; c {
	case 10:
		return 'X'
	case 11:
		return '0'
	default:
		return byte('0' + c)
	}
}

// GenerateCreditCode builds a valid credit code of an enterprise registered
// by market regulation (prefix 91) in division, for demonstration data. seq
// (taken modulo 10^8) numbers the organisation; its organisation code carries
// a valid GB 11714 check character too. It returns "" when division is not
// six digits.
func GenerateCreditCode(division string, seq int) string {
	if len(division) != 6 || !allDigits(division) {
		return ""
	}
	body := fmt.Sprintf("%08d", (seq%100_000_000+100_000_000)%100_000_000)
	first17 := "91" + division + body + string(orgCheck(body))
	return first17 + string(creditCheck(first17))
}
