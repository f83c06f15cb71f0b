package api

import (
	"context"
	"errors"
	"net/http"

	"corridor/service"
)

// maxAPIRuns caps a simulation's replications over the API.
const maxAPIRuns = 200_000

func (s *Server) createSimulation(w http.ResponseWriter, r *http.Request) {
	if !s.jobAllowed(w, r) {
		return
	}
	var req service.SimulateRequest
	if p := decodeJSON(r, s.cfg.MaxBodyBytes, &req); p != nil {
		writeProblem(w, r, *p)
		return
	}
	// Find the itinerary now, so that a query with no route is a 422 at once.
	sim, err := s.svc.PrepareSimulation(r.Context(), req)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	j, err := s.startJob("simulation", sim.Request(), sim.Total, func(ctx context.Context, progress service.Progress) (any, error) {
		return sim.Run(ctx, progress)
	})
	if err != nil {
		s.jobRefused(w, r, err)
		return
	}
	base := "/api/v1/simulations/" + j.ID
	w.Header().Set("Location", base)
	s.writeJSON(w, r, http.StatusAccepted, map[string]any{"id": j.ID, "status": "running", "total": j.Total,
		"links": map[string]string{"self": base, "events": base + "/events"}})
}

// jobRefused answers a job that could not start: 503 while shutting down,
// 429 when too many run.
func (s *Server) jobRefused(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, errShuttingDown) {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Retry-After", "5")
	writeProblem(w, r, Problem{Type: "/problems/busy", Title: "Too many jobs", Status: http.StatusTooManyRequests, Detail: err.Error()})
}
