package errcode

import (
	"context"
	"errors"
	"fmt"
	"io"
	"testing"
)

type typed struct{}

func (typed) Error() string          { return "typed" }
func (typed) ErrorCode() Code        { return NoRoute }
func (typed) ErrorDetails() []Detail { return []Detail{{"modes", "blocks"}} }

func TestOf(t *testing.T) {
	sentinel := New(NotFound, "not found")
	tests := []struct {
		name string
		err  error
		want Code
	}{
		{"uncoded", io.ErrUnexpectedEOF, Internal},
		{"new", New(Invalid, "bad %d", 1), Invalid},
		{"field", Field(Invalid, "runs", "must be positive"), Invalid},
		{"wrapped by fmt", fmt.Errorf("scenario x: %w", sentinel), NotFound},
		{"typed", fmt.Errorf("search: %w", typed{}), NoRoute},
		{"outer code wins", Wrap(Unavailable, fmt.Errorf("store: %w", sentinel)), Unavailable},
		{"inner when outer has none", fmt.Errorf("a: %w", Wrap(Conflict, io.EOF)), Conflict},
		{"deadline", fmt.Errorf("search: %w", context.DeadlineExceeded), Unavailable},
		{"canceled", context.Canceled, Unavailable},
	}
	for _, tc := range tests {
		if got := Of(tc.err); got != tc.want {
			t.Errorf("%s: Of = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestNewKeepsTheChain(t *testing.T) {
	err := New(Unavailable, "scenario store: %w", io.ErrClosedPipe)
	if !errors.Is(err, io.ErrClosedPipe) || err.Error() != "scenario store: io: read/write on closed pipe" {
		t.Errorf("New lost the cause or the message: %v", err)
	}
	if Wrap(Invalid, nil) != nil {
		t.Error("Wrap(nil) is not nil")
	}
}

func TestDetails(t *testing.T) {
	if d := Details(Field(Invalid, "runs", "must be between 1 and 10")); len(d) != 1 || d[0].Field != "runs" {
		t.Errorf("Field details: %v", d)
	}
	if d := Details(fmt.Errorf("x: %w", typed{})); len(d) != 1 || d[0].Field != "modes" {
		t.Errorf("typed details: %v", d)
	}
	if d := Details(New(Invalid, "no field")); d != nil {
		t.Errorf("details without a field: %v", d)
	}
	if got := Field(Invalid, "runs", "bad").Error(); got != "runs: bad" {
		t.Errorf("message %q", got)
	}
}

func TestCodeNames(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range Codes {
		s := c.String()
		if s == "" || seen[s] {
			t.Errorf("code %d: name %q empty or repeated", c, s)
		}
		seen[s] = true
	}
}
