package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"

	"corridor/errcode"
	"corridor/route"
	"corridor/scenario"
	"corridor/store"
)

// Problem is an RFC 9457 problem details document.
type Problem struct {
	Type        string          `json:"type"`
	Title       string          `json:"title"`
	Status      int             `json:"status"`
	Detail      string          `json:"detail,omitempty"`
	Instance    string          `json:"instance,omitempty"`
	Errors      []FieldError    `json:"errors,omitempty"`
	Suggestions []route.NodeRef `json:"suggestions,omitempty"`
}

// FieldError names the request field a problem is about.
type FieldError struct {
	Field  string `json:"field"`
	Reason string `json:"reason"`
}

// Problem types.
const (
	typeBadRequest   = "/problems/bad-request"
	typeMalformed    = "/problems/malformed-json"
	typeTooLarge     = "/problems/body-too-large"
	typeUnknownNode  = "/problems/unknown-node"
	typeNoRoute      = "/problems/no-feasible-route"
	typeNotFound     = "/problems/not-found"
	typeTimeout      = "/problems/search-timeout"
	typeBodyTimeout  = "/problems/request-timeout"
	typeInternal     = "/problems/internal"
	typeInvalidScen  = "/problems/invalid-scenario"
	typeExists       = "/problems/exists"
	typeVersionConf  = "/problems/version-conflict"
	typeConflict     = "/problems/conflict"
	typeUnavailable  = "/problems/unavailable"
	typeUnsupported  = "/problems/unsupported-media-type"
	typeMethodAllows = "/problems/method-not-allowed"
)

// writeProblem sends p as application/problem+json.
func writeProblem(w http.ResponseWriter, r *http.Request, p Problem) {
	if p.Instance == "" {
		p.Instance = r.URL.Path
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(p.Status)
	_ = json.NewEncoder(w).Encode(p)
}

func badRequest(field, reason string) Problem {
	p := Problem{Type: typeBadRequest, Title: "Bad request", Status: http.StatusBadRequest, Detail: reason}
	if field != "" {
		p.Detail = field + ": " + reason
		p.Errors = []FieldError{{field, reason}}
	}
	return p
}

// errorProblem maps an error to its problem: the error's code decides the
// HTTP status, in this one place (invalid 400, not found 404, no route
// 422, conflict 409, unavailable 503, internal 500); the error's details
// become the problem's errors.
func (s *Server) errorProblem(r *http.Request, err error) Problem {
	p := Problem{Detail: err.Error()}
	for _, d := range errcode.Details(err) {
		p.Errors = append(p.Errors, FieldError{d.Field, d.Reason})
	}
	var ue *route.UnknownNodeError
	var se *scenario.Error
	switch errcode.Of(err) {
	case errcode.Invalid:
		p.Type, p.Title, p.Status = typeBadRequest, "Bad request", http.StatusBadRequest
		if errors.As(err, &se) {
			p.Type, p.Title = typeInvalidScen, "Invalid scenario"
		}
	case errcode.NotFound:
		p.Type, p.Title, p.Status = typeNotFound, "Not found", http.StatusNotFound
		if errors.As(err, &ue) {
			p.Type, p.Title, p.Suggestions = typeUnknownNode, "Unknown place", append(ue.Suggestions, ue.Hubs...)
		}
	case errcode.NoRoute:
		p.Type, p.Title, p.Status = typeNoRoute, "No feasible route", http.StatusUnprocessableEntity
		var nr *route.NoRouteError
		if errors.As(err, &nr) {
			p.Detail = nr.Msg
		}
	case errcode.Conflict:
		p.Type, p.Title, p.Status = typeConflict, "Conflict", http.StatusConflict
		switch {
		case errors.Is(err, store.ErrExists):
			p.Type, p.Title = typeExists, "Already exists"
		case errors.Is(err, store.ErrConflict):
			p.Type, p.Title = typeVersionConf, "Version conflict"
			p.Detail += "; read the latest version and apply your change to it"
		}
	case errcode.Unavailable:
		p.Type, p.Title, p.Status = typeUnavailable, "Unavailable", http.StatusServiceUnavailable
		if errors.Is(err, context.DeadlineExceeded) {
			p.Type, p.Title = typeTimeout, "Search timed out"
			break
		}
		// An outage (a locked or unreachable store): the cause goes to the
		// log, the client gets a retry hint and no driver or socket text.
		s.cfg.Logger.Warn("unavailable", "path", r.URL.Path, "err", err)
		p.Detail = "a backing service (the scenario store) is unavailable; retry shortly"
	default:
		s.cfg.Logger.Error("request failed", "path", r.URL.Path, "err", err)
		p = Problem{Type: typeInternal, Title: "Internal error", Status: http.StatusInternalServerError}
	}
	return p
}

// writeError answers with err's problem; nothing is written when the
// client has gone away.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, context.Canceled) && r.Context().Err() != nil {
		return
	}
	p := s.errorProblem(r, err)
	if p.Status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", retryAfter)
	}
	writeProblem(w, r, p)
}

// retryAfter is the Retry-After (seconds) sent with a 503.
const retryAfter = "5"

// bodyReadProblem maps a failure to read a request body: a read deadline
// (a body sent too slowly) is 408; anything else is 400. Neither shows the
// socket (addresses, "i/o timeout").
func bodyReadProblem(err error) Problem {
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() || errors.Is(err, os.ErrDeadlineExceeded) {
		return Problem{Type: typeBodyTimeout, Title: "Request timeout", Status: http.StatusRequestTimeout,
			Detail: "the request body did not arrive in time"}
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return Problem{Type: typeTooLarge, Title: "Request body too large", Status: http.StatusRequestEntityTooLarge,
			Detail: fmt.Sprintf("the body is larger than the limit of %d bytes", mbe.Limit)}
	}
	return badRequest("", "the request body could not be read (the connection broke off)")
}

// outcome labels a search for the metrics: found, or the error's code.
func outcome(err error) string {
	if err == nil {
		return "found"
	}
	return errcode.Of(err).String()
}
