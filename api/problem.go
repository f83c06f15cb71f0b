package api

import (
	"encoding/json"
	"net/http"

	"corridor/route"
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
	typeInternal     = "/problems/internal"
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
