// Package news is Byline's domain: editions, sections, authors, topics and
// articles, their validation rules, error codes, and the store interfaces the
// rest of the program depends on. It imports only the standard library.
package news

import (
	"errors"
	"fmt"
	"strings"
)

// Code classifies an error so that every surface (pages, JSON API, command
// line) can answer it the same way.
type Code string

// Error codes. One function per surface maps them to its own vocabulary
// (HTTP statuses, exit codes).
const (
	CodeInvalid      Code = "invalid"
	CodeNotFound     Code = "not_found"
	CodeGone         Code = "gone"
	CodeConflict     Code = "conflict"
	CodeForbidden    Code = "forbidden"
	CodeUnauthorized Code = "unauthorized"
	// CodeUnavailable is a store that cannot take writes for now (its disk
	// is full or read-only): nothing was saved, and an operator must act.
	CodeUnavailable Code = "unavailable"
	CodeInternal    Code = "internal"
)

// Error is a domain error with a code and a message a person can act on.
// Field names the input at fault, when there is one.
type Error struct {
	Code    Code
	Field   string
	Message string
	Err     error // wrapped cause, never shown to users
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(e.Message)
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with code and a formatted message.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Invalid returns a CodeInvalid error about one input field.
func Invalid(field, format string, args ...any) *Error {
	return &Error{Code: CodeInvalid, Field: field, Message: fmt.Sprintf(format, args...)}
}

// NotFound returns a CodeNotFound error naming what was looked for.
func NotFound(format string, args ...any) *Error {
	return &Error{Code: CodeNotFound, Message: fmt.Sprintf(format, args...)}
}

// NotFoundAsInvalid turns a lookup's CodeNotFound into an invalid-input
// error on field: a filter naming something that does not exist is a bad
// parameter, not a missing page. Other errors pass through.
func NotFoundAsInvalid(err error, field, format string, args ...any) error {
	if ErrorCode(err) == CodeNotFound {
		return Invalid(field, format, args...)
	}
	return err
}

// ErrorCode returns the code of the first *Error in err's chain, CodeInternal
// for any other non-nil error, and "" for nil.
func ErrorCode(err error) Code {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return CodeInternal
}

// ErrorMessage returns the human message of the first *Error in err's chain,
// or a generic one for internal errors, whose details stay in the logs.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Code != CodeInternal {
		if e.Field != "" {
			return e.Field + ": " + e.Message
		}
		return e.Message
	}
	return "something went wrong"
}

// Problems collects validation errors so that a person sees every fault in a
// form at once rather than one per attempt.
type Problems []*Error

// Add records a problem with one field.
func (p *Problems) Add(field, format string, args ...any) {
	*p = append(*p, Invalid(field, format, args...))
}

// Err returns nil when there are no problems, the single problem when there is
// one, and otherwise an invalid error listing them all.
func (p Problems) Err() error {
	switch len(p) {
	case 0:
		return nil
	case 1:
		return p[0]
	}
	msgs := make([]string, len(p))
	for i, e := range p {
		msgs[i] = e.Field + ": " + e.Message
	}
	return &Error{Code: CodeInvalid, Message: strings.Join(msgs, "; ")}
}
