package api

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"corridor/route"
	"corridor/sim"
)

// maxAPIRuns caps a simulation's replications over the API.
const maxAPIRuns = 200_000

// simulationRequest is the body of POST /api/v1/simulations: a route
// request plus the simulation's options.
type simulationRequest struct {
	apiRequest
	Runs     int    `json:"runs,omitempty"`     // default 10,000
	Seed     uint64 `json:"seed,omitempty"`     // default 1
	Deadline string `json:"deadline,omitempty"` // YYYY-MM-DD or RFC 3339
	Compare  bool   `json:"compare,omitempty"`  // simulate the best of every corridor
}

func (s *Server) createSimulation(w http.ResponseWriter, r *http.Request) {
	var req simulationRequest
	if p := decodeJSON(r, s.cfg.MaxBodyBytes, &req); p != nil {
		writeProblem(w, r, *p)
		return
	}
	if req.Objective != "" {
		writeProblem(w, r, badRequest("objective", "simulations use the fastest itinerary (of each corridor with compare)"))
		return
	}
	switch {
	case req.Runs == 0:
		req.Runs = sim.DefaultRuns
	case req.Runs < 1 || req.Runs > maxAPIRuns:
		writeProblem(w, r, badRequest("runs", fmt.Sprintf("must be between 1 and %d, got %d", maxAPIRuns, req.Runs)))
		return
	}
	if req.Seed == 0 {
		req.Seed = 1
	}
	var deadline time.Time
	if req.Deadline != "" {
		t, err := time.Parse(time.RFC3339, req.Deadline)
		if err != nil {
			t, err = time.Parse("2006-01-02", req.Deadline)
		}
		if err != nil {
			writeProblem(w, r, badRequest("deadline", fmt.Sprintf("expected a date YYYY-MM-DD or an RFC 3339 time, got %q", req.Deadline)))
			return
		}
		deadline = t.UTC()
	}
	router, g := s.router, s.cfg.Graph
	if req.Scenario != "" {
		a, err := s.applied(r.Context(), req.Scenario)
		if err != nil {
			p := scenarioProblem(err)
			p.Errors = []FieldError{{"scenario", "unknown or invalid scenario"}}
			writeProblem(w, r, p)
			return
		}
		router, g = a.router, a.applied.Graph
		q, err := req.Query(g, s.cfg.Now())
		if err != nil {
			s.searchError(w, r, err)
			return
		}
		a.applied.Settings.ApplyTo(&q)
		s.launchSimulation(w, r, req, router, q, deadline)
		return
	}
	q, err := req.Query(g, s.cfg.Now())
	if err != nil {
		s.searchError(w, r, err)
		return
	}
	s.launchSimulation(w, r, req, router, q, deadline)
}

func (s *Server) launchSimulation(w http.ResponseWriter, r *http.Request, req simulationRequest, router *route.Router, q route.Query, deadline time.Time) {
	// Find the itinerary now, so that a query with no route is a 422 at once.
	ctx, cancel := context.WithTimeout(r.Context(), s.cfg.SearchTimeout)
	defer cancel()
	corridors := 1
	if req.Compare {
		cmp, err := router.Compare(ctx, q, route.Fastest)
		if err != nil {
			s.searchError(w, r, err)
			return
		}
		corridors = 0
		for _, c := range cmp.Corridors {
			if c.Best != nil {
				corridors++
			}
		}
		if corridors == 0 {
			writeProblem(w, r, Problem{Type: typeNoRoute, Title: "No feasible route", Status: http.StatusUnprocessableEntity, Detail: "no corridor has a feasible itinerary"})
			return
		}
	} else if _, err := router.Search(ctx, q); err != nil {
		s.searchError(w, r, err)
		return
	}
	opt := sim.Options{Runs: req.Runs, Seed: req.Seed, Deadline: deadline}
	j, err := s.startJob("simulation", req, req.Runs*corridors, func(ctx context.Context, progress func(int, map[string]any)) (any, error) {
		o := opt
		o.Progress = func(done, _ int) { progress(done, nil) }
		if req.Compare {
			return sim.Compare(ctx, router, q, o)
		}
		res, _, err := sim.Simulate(ctx, router, q, o)
		return res, err
	})
	if err != nil {
		w.Header().Set("Retry-After", "5")
		writeProblem(w, r, Problem{Type: "/problems/busy", Title: "Too many jobs", Status: http.StatusTooManyRequests, Detail: err.Error()})
		return
	}
	w.Header().Set("Location", "/api/v1/simulations/"+j.ID)
	writeJSON(w, http.StatusAccepted, map[string]any{"id": j.ID, "status": "running", "total": j.Total,
		"links": map[string]string{"self": "/api/v1/simulations/" + j.ID, "events": "/api/v1/simulations/" + j.ID + "/events"}})
}
