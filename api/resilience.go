package api

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"corridor/network"
	"corridor/queue"
	"corridor/resilience"
	"corridor/service"
	"corridor/store"
)

// createResilience starts a criticality analysis as a job: the request is
// checked and the baseline solved before the answer (so bad input is a
// 400 at once), then the cases run in the background.
func (s *Server) createResilience(w http.ResponseWriter, r *http.Request) {
	if !s.jobAllowed(w, r) {
		return
	}
	var req service.ResilienceRequest
	if p := decodeJSON(r, s.cfg.MaxBodyBytes, &req); p != nil {
		writeProblem(w, r, *p)
		return
	}
	plan, err := s.svc.PrepareResilience(r.Context(), req)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var j *job
	if s.cfg.Queue != nil && s.cfg.Store != nil {
		j, err = s.startClusterResilience(jobOptions{Detached: true}, req, plan)
	} else {
		j, err = s.startJob("resilience", req, len(plan.Cases), func(ctx context.Context, progress service.Progress) (any, error) {
			opt := plan.Options
			opt.Progress = func(done, total int) { progress(service.Step{Done: done, Total: total}) }
			rep, err := resilience.Run(ctx, plan.Baseline, plan.Cases, opt)
			if err != nil {
				return nil, err
			}
			return resilienceResult{Scenario: req.Scenario, Report: rep}, nil
		})
	}
	if err != nil {
		s.jobRefused(w, r, err)
		return
	}
	base := "/api/v1/resilience/" + j.ID
	w.Header().Set("Location", base)
	s.writeJSON(w, r, http.StatusAccepted, map[string]any{"id": j.ID, "status": "running", "total": j.Total,
		"links": map[string]string{"self": base, "events": base + "/events", "csv": base + "/outcomes.csv", "geojson": base + "/outcomes.geojson"}})
}

// startClusterResilience runs an analysis on the workers: one queued task
// per case (run ids parent-i), then the outcomes are gathered from the
// store as the workers finish them.
func (s *Server) startClusterResilience(o jobOptions, req service.ResilienceRequest, plan *service.ResiliencePlan) (*job, error) {
	if o.ID == "" {
		o.ID = newJobID()
	}
	id := o.ID
	return s.startJobWith(o, "resilience", req, len(plan.Cases), func(ctx context.Context, progress service.Progress) (any, error) {
		if err := s.cfg.Queue.SubmitResilience(ctx, s.cfg.Store, id, req, plan); err != nil {
			return nil, err
		}
		rep, err := queue.AwaitResilience(ctx, s.cfg.Store, id, plan, 0, func(done, total int) {
			progress(service.Step{Done: done, Total: total})
		})
		if err != nil {
			return nil, err
		}
		return resilienceResult{Scenario: req.Scenario, Report: rep}, nil
	})
}

// ResumeResilience picks up the analyses that a server running workers
// (Config.Queue) left running in the store: their missing tasks are
// queued again and their outcomes gathered. It returns how many it
// resumed. Without a queue and a store it does nothing.
func (s *Server) ResumeResilience(ctx context.Context) (int, error) {
	if s.cfg.Queue == nil || s.cfg.Store == nil {
		return 0, nil
	}
	runs, err := s.cfg.Store.ListRuns(ctx, "resilience", 1000)
	if err != nil {
		return 0, fmt.Errorf("list resilience runs: %w", err)
	}
	n := 0
	for _, run := range runs {
		if run.Status != store.RunRunning {
			continue
		}
		var req service.ResilienceRequest
		if err := json.Unmarshal(run.Input, &req); err != nil {
			_ = s.cfg.Store.FinishRun(ctx, run.ID, store.RunFailed, nil, "cannot resume: input: "+err.Error())
			continue
		}
		plan, err := s.svc.PrepareResilience(ctx, req)
		if err != nil {
			_ = s.cfg.Store.FinishRun(ctx, run.ID, store.RunFailed, nil, "cannot resume: "+err.Error())
			continue
		}
		if _, err := s.startClusterResilience(jobOptions{ID: run.ID, Resumed: true, Detached: true}, req, plan); err != nil {
			return n, fmt.Errorf("resume %s: %w", run.ID, err)
		}
		s.cfg.Logger.Info("resumed resilience analysis", "id", run.ID, "cases", len(plan.Cases))
		n++
	}
	return n, nil
}

// resilienceResult is a finished analysis as the API returns it.
type resilienceResult struct {
	Scenario string `json:"scenario,omitempty"`
	*resilience.Report
}

// finishedResilience returns a done analysis's report and network, or
// writes the problem.
func (s *Server) finishedResilience(w http.ResponseWriter, r *http.Request) (*resilience.Report, *network.Graph, bool) {
	var res resilienceResult
	g, ok := s.finishedResult(w, r, "resilience", "the analysis", &res)
	if !ok {
		return nil, nil, false
	}
	if res.Report == nil {
		writeProblem(w, r, Problem{Type: typeInternal, Title: "Internal error", Status: http.StatusInternalServerError})
		return nil, nil, false
	}
	// the cases' element ids are not in the JSON: resolve them again
	for i := range res.Outcomes {
		o := &res.Outcomes[i]
		if cs, err := resilience.Select(g, []string{o.ID}, nil); err == nil && len(cs) == 1 {
			o.Links, o.Nodes = cs[0].Links, cs[0].Nodes
		}
	}
	return res.Report, g, true
}

func (s *Server) resilienceCSV(w http.ResponseWriter, r *http.Request) {
	rep, _, ok := s.finishedResilience(w, r)
	if !ok {
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="resilience-`+r.PathValue("id")+`.csv"`)
	_ = resilience.WriteCSV(w, rep)
}

func (s *Server) resilienceGeoJSON(w http.ResponseWriter, r *http.Request) {
	rep, g, ok := s.finishedResilience(w, r)
	if !ok {
		return
	}
	w.Header().Set("Content-Type", "application/geo+json")
	_ = resilience.WriteGeoJSON(w, g, rep)
}
