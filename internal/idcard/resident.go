package idcard

import (
	"fmt"
	"log/slog"
	"strings"
	"time"
	"unicode/utf8"
)

// ID is a checked resident identity number and what it says about its holder.
// Its String, GoString and LogValue methods print the masked number, so that
// logging an ID by mistake does not leak it.
type ID struct {
	Number   string    // 18 characters, a final X in upper case
	Birth    time.Time // midnight UTC of the birth date
	Male     bool      // the 17th digit is odd
	Division string    // first six digits: the division where the number was issued
}

// provinces are the first two digits of GB/T 2260 province-level codes. The
// rest of the six-digit code is not checked: numbers keep the codes of
// divisions that have since been merged or renamed.
var provinces = map[string]bool{
	"11": true, "12": true, "13": true, "14": true, "15": true,
	"21": true, "22": true, "23": true,
	"31": true, "32": true, "33": true, "34": true, "35": true, "36": true, "37": true,
	"41": true, "42": true, "43": true, "44": true, "45": true, "46": true,
	"50": true, "51": true, "52": true, "53": true, "54": true,
	"61": true, "62": true, "63": true, "64": true, "65": true,
	"71": true, "81": true, "82": true,
}

var weights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

const checkChars = "10X98765432"

// Parse checks a resident identity number and returns what it holds. It trims
// surrounding space, accepts a lower-case x, and upgrades a 15-digit
// first-generation number (born 19YY) to its 18-character form. today bounds
// the birth date; pass the clock's current time.
//
// The error is an *Error whose Code is BadLength, BadCharacters, BadProvince,
// BadBirthDate (no such day, or before 1900), FutureBirth or BadChecksum,
// checked in that order.
func Parse(s string, today time.Time) (ID, error) {
	s = strings.TrimSpace(s)
	n := utf8.RuneCountInString(s)
	if n != 18 && n != 15 {
		return ID{}, errorf(BadLength, "has %d characters, want 18 (or 15 for a first-generation number)", n)
	}
	if len(s) != n {
		return ID{}, badCharacter(s, n == 18)
	}
	if n == 18 && s[17] == 'x' {
		s = s[:17] + "X"
	}
	if n == 15 && !allDigits(s) || n == 18 && (!allDigits(s[:17]) || s[17] != 'X' && !allDigits(s[17:])) {
		return ID{}, badCharacter(s, n == 18)
	}
	if !provinces[s[:2]] {
		return ID{}, errorf(BadProvince, "region code %s is not a province-level code", s[:2])
	}
	var date string
	if n == 18 {
		date = s[6:14]
	} else {
		date = "19" + s[6:12]
	}
	birth, err := birthDate(date, today)
	if err != nil {
		return ID{}, err
	}
	var number string
	if n == 18 {
		want, _ := Checksum(s[:17]) // s[:17] is 17 digits by now
		if s[17] != want {
			return ID{}, errorf(BadChecksum, "check character is %c, expected %c", s[17], want)
		}
		number = s
	} else {
		first17 := s[:6] + "19" + s[6:]
		c, _ := Checksum(first17)
		number = first17 + string(c)
	}
	return ID{
		Number:   number,
		Birth:    birth,
		Male:     (number[16]-'0')%2 == 1,
		Division: number[:6],
	}, nil
}

// badCharacter describes the first character not allowed at its place.
func badCharacter(s string, checkX bool) *Error {
	pos := 0
	for _, r := range s {
		pos++
		if r >= '0' && r <= '9' || checkX && pos == 18 && (r == 'X' || r == 'x') {
			continue
		}
		if checkX {
			return errorf(BadCharacters, "character %d is %q: only digits are allowed, and X as the last character", pos, r)
		}
		return errorf(BadCharacters, "character %d is %q: a 15-character number has digits only", pos, r)
	}
	return errorf(BadCharacters, "invalid characters")
}

// birthDate reads eight digits YYYYMMDD as a date between 1900-01-01 and today.
func birthDate(date string, today time.Time) (time.Time, error) {
	y := atoi(date[:4])
	m := time.Month(atoi(date[4:6]))
	d := atoi(date[6:8])
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	// time.Date normalises 30 February to 2 March: a changed date did not exist.
	if m < 1 || m > 12 || d < 1 || t.Day() != d || t.Month() != m {
		return time.Time{}, errorf(BadBirthDate, "birth date %s does not exist", date)
	}
	if y < 1900 {
		return time.Time{}, errorf(BadBirthDate, "birth date %s is before 1900", date)
	}
	ty, tm, td := today.Date()
	if t.After(time.Date(ty, tm, td, 0, 0, 0, 0, time.UTC)) {
		return time.Time{}, errorf(FutureBirth, "birth date %s is in the future", date)
	}
	return t, nil
}

// atoi reads a string already known to be digits.
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// Checksum returns the ISO 7064 MOD 11-2 check character ('0'–'9' or 'X') of
// the first 17 digits of a resident identity number. The error is an *Error
// with Code BadLength or BadCharacters.
func Checksum(first17 string) (byte, error) {
	if len(first17) != 17 {
		return 0, errorf(BadLength, "has %d characters, want 17", utf8.RuneCountInString(first17))
	}
	sum := 0
	for i := 0; i < 17; i++ {
		c := first17[i]
		if c < '0' || c > '9' {
			return 0, errorf(BadCharacters, "character %d is not a digit", i+1)
		}
		sum += int(c-'0') * weights[i]
	}
	return checkChars[sum%11], nil
}

// Generate builds a valid resident identity number for demonstration data.
// seq picks the three-digit sequence: the same seq and sex give the same
// number, and seq 0–499 give distinct numbers for each sex (the last sequence
// digit is odd for men). It returns "" when division is not six digits
// starting with a province-level code, or birth is outside the years
// 1900–9999.
func Generate(division string, birth time.Time, seq int, male bool) string {
	if len(division) != 6 || !allDigits(division) || !provinces[division[:2]] || birth.Year() < 1900 || birth.Year() > 9999 {
		return ""
	}
	n := (seq%500 + 500) % 500 * 2
	if male {
		n++
	}
	first17 := fmt.Sprintf("%s%s%03d", division, birth.Format("20060102"), n)
	c, _ := Checksum(first17)
	return first17 + string(c)
}

// Age returns the holder's age in whole years on the calendar date of on (in
// on's own location), 0 before the birth. Someone born on 29 February turns a
// year older on 1 March in other years.
func (id ID) Age(on time.Time) int {
	y, m, d := on.Date()
	age := y - id.Birth.Year()
	if m < id.Birth.Month() || m == id.Birth.Month() && d < id.Birth.Day() {
		age--
	}
	return max(age, 0)
}

// Mask returns the number with all but the first six and the last four
// characters hidden, as shown to roles that need no more: 140105********123X.
// The zero ID gives "".
func (id ID) Mask() string {
	if len(id.Number) != 18 {
		return ""
	}
	return id.Number[:6] + "********" + id.Number[14:]
}

// Sex returns "male" or "female".
func (id ID) Sex() string {
	if id.Male {
		return "male"
	}
	return "female"
}

// String returns the masked number; use Number for the full one.
func (id ID) String() string { return id.Mask() }

// GoString returns the masked number, so that %#v does not print it whole.
func (id ID) GoString() string { return "idcard.ID{" + id.Mask() + "}" }

// LogValue logs the masked number.
func (id ID) LogValue() slog.Value { return slog.StringValue(id.Mask()) }
