package transport

import (
	"strconv"
	"strings"
)

// Error is the only error type of the package. Every error it returns is the
// caller's: bad input (a fleet or rule setting out of range, a malformed
// request, a bad CSV row) or a plan that breaks a rule, so a caller maps it to
// an "invalid" kind. Line is the CSV line, or 0; Field names the input at
// fault, or is empty. Problems holds every violation when Check found several;
// Message then repeats the first.
type Error struct {
	Line     int
	Field    string
	Message  string
	Problems []string
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.Line > 0 {
		b.WriteString("line ")
		b.WriteString(strconv.Itoa(e.Line))
		b.WriteString(": ")
	}
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(e.Message)
	if n := len(e.Problems); n > 1 {
		b.WriteString(" (and ")
		b.WriteString(strconv.Itoa(n - 1))
		b.WriteString(" more)")
	}
	return b.String()
}

func fieldError(field, msg string) *Error { return &Error{Field: field, Message: msg} }
