package service

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"

	"corridor/errcode"
	"corridor/route"
)

// SweepRequest compares scenarios with the baseline over many
// origin–destination pairs.
type SweepRequest struct {
	Scenarios []string `json:"scenarios"`
	Pairs     []Pair   `json:"pairs"`
	Objective string   `json:"objective,omitempty"`
	// Options are route request fields applied to every pair (cargo,
	// modes, ...); their from and to are ignored.
	Options json.RawMessage `json:"options,omitempty"`
}

// Pair is an origin and a destination, by node id or name.
type Pair struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// SweepResult is one scenario × pair of a sweep.
type SweepResult struct {
	Scenario string         `json:"scenario"`
	From     string         `json:"from"`
	To       string         `json:"to"`
	Error    string         `json:"error,omitempty"`
	Diff     []CorridorDiff `json:"corridors,omitempty"`
}

// Sweep diffs every scenario against the baseline on every pair. A pair
// that fails (an unknown place, no route) records its error and the sweep
// goes on; a scenario that cannot be found or applied, or a store error,
// ends it. progress counts scenario × pair diffs.
func (s *Service) Sweep(ctx context.Context, req SweepRequest, progress Progress) ([]SweepResult, error) {
	if len(req.Scenarios) == 0 || len(req.Pairs) == 0 {
		return nil, errcode.New(errcode.Invalid, "a sweep needs scenarios and pairs")
	}
	var opts route.Request
	if len(req.Options) > 0 {
		if err := strictJSON(req.Options, &opts); err != nil {
			return nil, errcode.Field(errcode.Invalid, "options", "%v", err)
		}
	}
	opts.Objective = req.Objective
	total := len(req.Scenarios) * len(req.Pairs)
	out := make([]SweepResult, 0, total)
	for _, name := range req.Scenarios {
		// Find the scenario once, so that its failure ends the sweep.
		if _, err := s.Network(ctx, name, nil); err != nil {
			return nil, err
		}
		for _, p := range req.Pairs {
			r := opts
			r.From, r.To = p.From, p.To
			res := SweepResult{Scenario: name, From: p.From, To: p.To}
			d, err := s.Diff(ctx, RouteRequest{Request: r, Scenario: name})
			if err != nil {
				if ctx.Err() != nil {
					return nil, ctx.Err()
				}
				if c := errcode.Of(err); c == errcode.Unavailable || c == errcode.Internal {
					return nil, err
				}
				res.Error = err.Error()
			} else {
				res.Diff = d.Corridors
			}
			out = append(out, res)
			progress.report(Step{Done: len(out), Total: total})
		}
	}
	return out, nil
}

// strictJSON decodes b into v, refusing unknown fields and trailing data.
func strictJSON(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("unexpected data after the JSON value")
	}
	return nil
}
