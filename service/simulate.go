package service

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"corridor/assign"
	"corridor/errcode"
	"corridor/route"
	"corridor/sim"
)

// SimulateRequest is a simulation: a route request and the simulation's
// options.
type SimulateRequest struct {
	RouteRequest
	Runs     int    `json:"runs,omitempty"`     // default sim.DefaultRuns
	Seed     uint64 `json:"seed,omitempty"`     // default 1
	Deadline string `json:"deadline,omitempty"` // YYYY-MM-DD or RFC 3339
	Compare  bool   `json:"compare,omitempty"`  // simulate the fastest itinerary of every corridor
	// Congestion names a bundled demand set (see DemandSets): the demand is
	// first assigned to the scenario's network (as Assign does, at its
	// default gap), and every element's congestion delay at that flow is
	// drawn along the itinerary (see sim.Congestion). Empty: none.
	Congestion string `json:"congestion,omitempty"`
	// CongestionLoaded is demand read elsewhere (a file), named by
	// CongestionSource; give it instead of Congestion.
	CongestionLoaded []assign.Demand `json:"-"`
	CongestionSource string          `json:"-"`
	// Workers is the number of goroutines (0: one per CPU); the result
	// does not depend on it.
	Workers int `json:"-"`
}

// Simulation is a checked simulation, ready to run: its request is valid
// and a feasible itinerary exists.
type Simulation struct {
	req      SimulateRequest
	resolved *Resolved
	deadline time.Time
	congest  *Assignment // the assignment whose delays are drawn, or nil
	// Total is the number of replications Run will report progress on.
	Total int
}

// PrepareSimulation checks req, resolves it and finds its itinerary (or,
// with Compare, at least one corridor's), so that bad input or a query with
// no route fails at once rather than in the background.
func (s *Service) PrepareSimulation(ctx context.Context, req SimulateRequest) (*Simulation, error) {
	if req.Objective != "" {
		return nil, errcode.Field(errcode.Invalid, "objective", "simulations use the fastest itinerary (of each corridor with compare)")
	}
	switch {
	case req.Runs == 0:
		req.Runs = sim.DefaultRuns
	case req.Runs < 1 || req.Runs > s.cfg.MaxRuns:
		return nil, errcode.Field(errcode.Invalid, "runs", "must be between 1 and %d, got %d", s.cfg.MaxRuns, req.Runs)
	}
	if req.Workers < 0 {
		return nil, errcode.Field(errcode.Invalid, "workers", "must not be negative")
	}
	if req.Seed == 0 {
		req.Seed = 1
	}
	var deadline time.Time
	if req.Deadline != "" {
		t, err := route.ParseTime(req.Deadline)
		if err != nil {
			return nil, errcode.Field(errcode.Invalid, "deadline", "%v", err)
		}
		deadline = t
	}
	r, err := s.Resolve(ctx, req.RouteRequest)
	if err != nil {
		return nil, err
	}
	var congest *Assignment
	if req.Congestion != "" || req.CongestionLoaded != nil {
		if req.Congestion != "" && req.CongestionLoaded != nil {
			return nil, errcode.Field(errcode.Invalid, "congestion", "give a bundled demand set or a demand file, not both")
		}
		congest, err = s.PrepareAssignment(ctx, AssignRequest{Demand: req.Congestion, Loaded: req.CongestionLoaded,
			Source: req.CongestionSource, Scenario: req.Scenario, ScenarioDoc: req.ScenarioDoc, Workers: req.Workers})
		if err != nil {
			var fe *errcode.Error
			if errors.As(err, &fe) && fe.Field == "demand" {
				fe.Field = "congestion"
			}
			return nil, err
		}
	}
	if !deadline.IsZero() && !deadline.After(r.Query.Depart) {
		return nil, errcode.Field(errcode.Invalid, "deadline", "%s is not after the departure %s",
			deadline.Format(time.RFC3339), r.Query.Depart.Format(time.RFC3339))
	}
	sctx, cancel := s.searchContext(ctx)
	defer cancel()
	corridors := 1
	if req.Compare {
		cmp, err := r.Network.Router.Compare(sctx, r.Query, route.Fastest)
		if err != nil {
			return nil, s.searchError(ctx, err)
		}
		corridors = 0
		var why []string
		for _, c := range cmp.Corridors {
			if c.Best != nil {
				corridors++
			} else {
				why = append(why, c.Corridor+": "+c.Infeasible)
			}
		}
		if corridors == 0 {
			return nil, &route.NoRouteError{Msg: fmt.Sprintf("no corridor has a feasible itinerary (%s)", strings.Join(why, "; "))}
		}
	} else if _, err := r.Network.Router.Search(sctx, r.Query); err != nil {
		return nil, s.searchError(ctx, err)
	}
	return &Simulation{req: req, resolved: r, deadline: deadline, congest: congest, Total: req.Runs * corridors}, nil
}

// Request returns the simulation's request, with its defaults filled in.
func (p *Simulation) Request() SimulateRequest { return p.req }

// Resolved returns the query the simulation runs.
func (p *Simulation) Resolved() *Resolved { return p.resolved }

// SimulationResult is a finished simulation: the query, and either one
// itinerary's distribution (Result and Itinerary) or every corridor's
// (Comparison).
type SimulationResult struct {
	Query    route.QueryEcho
	Snaps    []route.Snap
	Deadline time.Time
	// One itinerary.
	Result    *sim.Result
	Itinerary *route.Itinerary
	// Every corridor (Compare).
	Comparison *sim.Comparison
}

// MarshalJSON writes the query, snaps and deadline next to the fields of
// the result or the comparison.
func (r *SimulationResult) MarshalJSON() ([]byte, error) {
	var dl *time.Time
	if !r.Deadline.IsZero() {
		dl = &r.Deadline
	}
	if r.Comparison != nil {
		return json.Marshal(struct {
			Query    route.QueryEcho `json:"query"`
			Snaps    []route.Snap    `json:"snaps,omitempty"`
			Deadline *time.Time      `json:"deadline,omitempty"`
			*sim.Comparison
		}{r.Query, r.Snaps, dl, r.Comparison})
	}
	return json.Marshal(struct {
		Query    route.QueryEcho `json:"query"`
		Snaps    []route.Snap    `json:"snaps,omitempty"`
		Deadline *time.Time      `json:"deadline,omitempty"`
		*sim.Result
		Itinerary *route.Itinerary `json:"itinerary"`
	}{r.Query, r.Snaps, dl, r.Result, r.Itinerary})
}

// Run simulates; progress counts replications over all corridors.
func (p *Simulation) Run(ctx context.Context, progress Progress) (*SimulationResult, error) {
	r := p.resolved
	opt := sim.Options{Runs: p.req.Runs, Seed: p.req.Seed, Workers: p.req.Workers, Deadline: p.deadline}
	if progress != nil {
		opt.Progress = func(done, total int) { progress(Step{Done: done, Total: total}) }
	}
	out := &SimulationResult{Query: r.Echo(), Snaps: r.Snaps, Deadline: p.deadline}
	if p.congest != nil {
		c, err := p.congestion(ctx)
		if err != nil {
			return nil, err
		}
		opt.Congestion = c
	}
	var err error
	if p.req.Compare {
		out.Comparison, err = sim.Compare(ctx, r.Network.Router, r.Query, opt)
	} else {
		out.Result, out.Itinerary, err = sim.Simulate(ctx, r.Network.Router, r.Query, opt)
	}
	if err != nil {
		return nil, err
	}
	return out, nil
}

// congestion assigns the simulation's congestion demand and returns its
// elements' delays on the simulation's network.
func (p *Simulation) congestion(ctx context.Context) (*sim.Congestion, error) {
	res, err := p.congest.Run(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("congestion: assigning %s: %w", p.congest.req.Demand, err)
	}
	g := p.resolved.Network.Graph
	c := sim.NewCongestion(g, p.congest.req.Demand)
	for _, e := range res.Result.Elements {
		if e.DelayHours > 0 {
			if err := c.Set(g, e.Kind, e.ID, e.DelayHours); err != nil {
				return nil, fmt.Errorf("congestion: %w", err)
			}
		}
	}
	return c, nil
}

// Simulate prepares and runs a simulation.
func (s *Service) Simulate(ctx context.Context, req SimulateRequest, progress Progress) (*SimulationResult, error) {
	p, err := s.PrepareSimulation(ctx, req)
	if err != nil {
		return nil, err
	}
	return p.Run(ctx, progress)
}
