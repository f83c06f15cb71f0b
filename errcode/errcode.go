// Package errcode is corridor's one table of error codes. Every domain error
// (an invalid record or request, an unknown place or scenario, a query with
// no feasible route, a store conflict, an unavailable dependency) carries one
// of a few codes; each front end maps the code to what it shows in one place:
// the command line to an exit code (internal/cli), the HTTP API to a status
// and an RFC 9457 problem type (api).
//
// An error carries a code by having a method ErrorCode() Code somewhere in
// its chain (errors.As); Of finds it. Errors without one are Internal, except
// the context's: a deadline or a cancellation is Unavailable.
package errcode

import (
	"context"
	"errors"
	"fmt"
)

// Code classifies an error for the front ends.
type Code uint8

// The codes. The zero value is Internal, so that an error nobody classified
// is never taken for the user's fault.
const (
	// Internal is a failure of corridor itself or of something it does not
	// classify (an I/O error): exit 1, HTTP 500.
	Internal Code = iota
	// Invalid is input that cannot be used as given (a malformed request, an
	// invalid network file or scenario, a value out of range): exit 2, HTTP 400.
	Invalid
	// NotFound is a reference to something that does not exist (a place, a
	// scenario, a run): exit 2, HTTP 404.
	NotFound
	// NoRoute is a valid query that no itinerary satisfies: exit 3, HTTP 422.
	NoRoute
	// Conflict is a write that collides with the stored state (a name that
	// is taken, a record that changed since it was read): exit 4, HTTP 409.
	Conflict
	// Unavailable is a dependency or resource that cannot serve now (the
	// store, a timeout, a shutdown): exit 1, HTTP 503.
	Unavailable
)

// Codes lists every code, in order.
var Codes = []Code{Internal, Invalid, NotFound, NoRoute, Conflict, Unavailable}

var names = [...]string{"internal", "invalid", "not_found", "no_route", "conflict", "unavailable"}

// String names the code as logs, metrics and JSON spell it ("not_found").
func (c Code) String() string {
	if int(c) < len(names) {
		return names[c]
	}
	return fmt.Sprintf("code(%d)", uint8(c))
}

// Coder is implemented by errors that carry a code.
type Coder interface{ ErrorCode() Code }

// Of returns the code of err: that of the first error in its chain that
// carries one; Unavailable for a context deadline or cancellation; Internal
// otherwise (and for nil, which callers should not ask about).
func Of(err error) Code {
	var c Coder
	switch {
	case errors.As(err, &c):
		return c.ErrorCode()
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		return Unavailable
	}
	return Internal
}

// Detail names one input field at fault and why.
type Detail struct {
	Field  string `json:"field"`
	Reason string `json:"reason"`
}

// Detailer is implemented by errors that can name the input fields at fault.
type Detailer interface{ ErrorDetails() []Detail }

// Details returns the fields at fault named by the first error in err's
// chain that names any, or nil.
func Details(err error) []Detail {
	var d Detailer
	if errors.As(err, &d) {
		return d.ErrorDetails()
	}
	return nil
}

// Error is an error with a code, for failures that have no type of their
// own. Field, when set, names the input field at fault.
type Error struct {
	Code  Code
	Field string
	Msg   string
	Err   error // the cause, if any (Unwrap)
}

// Error returns the message, prefixed with the field when there is one.
func (e *Error) Error() string {
	if e.Field != "" {
		return e.Field + ": " + e.Msg
	}
	return e.Msg
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// ErrorCode returns the error's code.
func (e *Error) ErrorCode() Code { return e.Code }

// ErrorDetails names the field, when the error has one.
func (e *Error) ErrorDetails() []Detail {
	if e.Field == "" {
		return nil
	}
	return []Detail{{e.Field, e.Msg}}
}

// New returns an error with code and a message formatted as fmt.Errorf
// does (a %w verb wraps its operand).
func New(code Code, format string, args ...any) error {
	err := fmt.Errorf(format, args...)
	return &Error{Code: code, Msg: err.Error(), Err: errors.Unwrap(err)}
}

// Field returns an error with code about one input field.
func Field(code Code, field, format string, args ...any) error {
	return &Error{Code: code, Field: field, Msg: fmt.Sprintf(format, args...)}
}

// Wrap gives err the code (nil stays nil). The message is err's.
func Wrap(code Code, err error) error {
	if err == nil {
		return nil
	}
	return &Error{Code: code, Msg: err.Error(), Err: err}
}
