package laborbridge

import (
	"errors"
	"fmt"
	"strings"
)

// ErrorKind classifies an Error so that each interface (HTTP status, CLI exit
// code) can answer it the same way.
type ErrorKind string

// The kinds of Error. Only internal/web maps them to HTTP statuses.
const (
	Invalid      ErrorKind = "invalid"      // the input breaks a rule
	NotFound     ErrorKind = "not_found"    // absent, or outside the actor's scope
	Conflict     ErrorKind = "conflict"     // the state forbids it (duplicate, illegal transition)
	Unauthorized ErrorKind = "unauthorized" // no or bad credentials
	Forbidden    ErrorKind = "forbidden"    // the role may not do this
	RateLimited  ErrorKind = "rate_limited" // too many attempts; try again shortly
	Internal     ErrorKind = "internal"     // our fault; the message is generic
)

// Error is the one error type of the domain. Message is safe to show to a
// user; Field names the input at fault, where there is one. Problems holds
// further field errors when one input broke several rules.
type Error struct {
	Kind     ErrorKind
	Field    string
	Message  string
	Problems []*Error
	cause    error
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(e.Message)
	for _, p := range e.Problems {
		b.WriteString("; ")
		b.WriteString(p.Error())
	}
	if e.cause != nil && e.Kind == Internal {
		b.WriteString(": ")
		b.WriteString(e.cause.Error())
	}
	return b.String()
}

// Unwrap returns the underlying cause of an internal error.
func (e *Error) Unwrap() error { return e.cause }

// Errorf returns an Error of the given kind with a formatted message.
func Errorf(kind ErrorKind, format string, args ...any) *Error {
	return &Error{Kind: kind, Message: fmt.Sprintf(format, args...)}
}

// FieldErrorf returns an Invalid error about one field.
func FieldErrorf(field, format string, args ...any) *Error {
	return &Error{Kind: Invalid, Field: field, Message: fmt.Sprintf(format, args...)}
}

// InternalError wraps an unexpected failure; its message to users stays generic.
func InternalError(cause error) *Error {
	return &Error{Kind: Internal, Message: "internal error", cause: cause}
}

// KindOf returns the kind of err: that of the first *Error in its chain, or
// Internal when there is none.
func KindOf(err error) ErrorKind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	if err == nil {
		return ""
	}
	return Internal
}

// MessageOf returns the user-safe message of err.
func MessageOf(err error) string {
	var e *Error
	if errors.As(err, &e) {
		if e.Kind == Internal {
			return "internal error"
		}
		return e.Error()
	}
	return "internal error"
}

// Problems collects field errors while validating; Err returns nil when
// nothing was added, else one Invalid error holding them all.
type Problems []*Error

// Add records a problem with field.
func (p *Problems) Add(field, format string, args ...any) {
	*p = append(*p, FieldErrorf(field, format, args...))
}

// AddErr records err against field, keeping its message.
func (p *Problems) AddErr(field string, err error) {
	var e *Error
	if errors.As(err, &e) {
		if e.Field == "" || field != "" {
			c := *e
			if field != "" {
				c.Field = field
			}
			*p = append(*p, &c)
			return
		}
		*p = append(*p, e)
		return
	}
	*p = append(*p, FieldErrorf(field, "%v", err))
}

// Err returns the collected problems as one error, or nil.
func (p Problems) Err() error {
	switch len(p) {
	case 0:
		return nil
	case 1:
		return p[0]
	}
	return &Error{Kind: Invalid, Message: "the input has several problems", Problems: p}
}
