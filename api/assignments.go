package api

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"

	"corridor/assign"
	"corridor/data/demand"
	"corridor/network"
)

// assignmentRequest is the body of POST /api/v1/assignments.
type assignmentRequest struct {
	// Demand names a bundled demand set (china-europe-2024, china-europe-2030);
	// Rows gives the demand inline instead.
	Demand   string          `json:"demand,omitempty"`
	Rows     []assignmentRow `json:"rows,omitempty"`
	Scenario string          `json:"scenario,omitempty"`
	Gap      float64         `json:"gap,omitempty"`      // relative gap to reach (default 1e-6)
	MaxIter  int             `json:"max_iter,omitempty"` // default 200
}

type assignmentRow struct {
	Origin      string  `json:"origin"`
	Destination string  `json:"destination"`
	TEUPerYear  float64 `json:"teu_per_year"`
	Class       string  `json:"class,omitempty"`
}

// assignmentResult is a finished assignment as the API returns it.
type assignmentResult struct {
	Demand      string                `json:"demand"`
	Scenario    string                `json:"scenario,omitempty"`
	Result      *assign.FreightResult `json:"result"`
	Convergence []assign.Iteration    `json:"convergence"`
	Summary     map[string]any        `json:"summary"`
}

const maxAssignIter = 2000

func (s *Server) createAssignment(w http.ResponseWriter, r *http.Request) {
	var req assignmentRequest
	if p := decodeJSON(r, s.cfg.MaxBodyBytes, &req); p != nil {
		writeProblem(w, r, *p)
		return
	}
	var rows []assign.Demand
	switch {
	case req.Demand != "" && len(req.Rows) > 0:
		writeProblem(w, r, badRequest("demand", "give demand (a bundled set) or rows, not both"))
		return
	case req.Demand != "":
		d, err := demand.Load(req.Demand)
		if err != nil {
			writeProblem(w, r, badRequest("demand", err.Error()))
			return
		}
		rows = d
	case len(req.Rows) > 0:
		for i, row := range req.Rows {
			if row.Origin == "" || row.Destination == "" || !(row.TEUPerYear >= 0) || math.IsInf(row.TEUPerYear, 0) {
				writeProblem(w, r, badRequest(fmt.Sprintf("rows[%d]", i), "origin, destination and a non-negative teu_per_year are required"))
				return
			}
			rows = append(rows, assign.Demand{Origin: row.Origin, Destination: row.Destination, TEUPerYear: row.TEUPerYear, Class: row.Class, Line: i + 1})
		}
		req.Demand = "inline"
	default:
		writeProblem(w, r, badRequest("demand", "give a bundled demand set ("+strings.Join(demand.Names(), ", ")+") or rows"))
		return
	}
	if req.Gap == 0 {
		req.Gap = 1e-6
	}
	if !(req.Gap > 0) || req.Gap >= 1 {
		writeProblem(w, r, badRequest("gap", "must be more than 0 and less than 1"))
		return
	}
	if req.MaxIter == 0 {
		req.MaxIter = 200
	}
	if req.MaxIter < 1 || req.MaxIter > maxAssignIter {
		writeProblem(w, r, badRequest("max_iter", fmt.Sprintf("must be between 1 and %d", maxAssignIter)))
		return
	}
	g := s.cfg.Graph
	if req.Scenario != "" {
		a, err := s.applied(r.Context(), req.Scenario)
		if err != nil {
			p := scenarioProblem(err)
			p.Errors = []FieldError{{"scenario", "unknown or invalid scenario"}}
			writeProblem(w, r, p)
			return
		}
		g = a.applied.Graph
	}
	// Check the demand's places now, so that bad input is a 400 at once.
	for i, d := range rows {
		for _, id := range []string{d.Origin, d.Destination} {
			if _, ok := g.NodeByID(id); !ok {
				writeProblem(w, r, badRequest(fmt.Sprintf("demand line %d", i+1), fmt.Sprintf("unknown node %q", id)))
				return
			}
		}
	}
	fp := assign.DefaultFreightParams()
	fp.Options.Gap, fp.Options.MaxIter = req.Gap, req.MaxIter
	j, err := s.startJob("assignment", req, req.MaxIter, func(ctx context.Context, progress func(int, map[string]any)) (any, error) {
		var conv []assign.Iteration
		fp.Options.Progress = func(it assign.Iteration) {
			conv = append(conv, it)
			progress(it.N, map[string]any{"relative_gap": it.RelativeGap, "objective": it.Objective})
		}
		res, err := assign.AssignFreight(ctx, g, rows, fp)
		if err != nil {
			return nil, err
		}
		return assignmentResult{Demand: req.Demand, Scenario: req.Scenario, Result: res, Convergence: conv, Summary: map[string]any{
			"total_teu_year": res.TotalTEU, "iterations": res.Final.N, "relative_gap": res.Final.RelativeGap, "converged": res.Converged,
		}}, nil
	})
	if err != nil {
		w.Header().Set("Retry-After", "5")
		writeProblem(w, r, Problem{Type: "/problems/busy", Title: "Too many jobs", Status: http.StatusTooManyRequests, Detail: err.Error()})
		return
	}
	base := "/api/v1/assignments/" + j.ID
	w.Header().Set("Location", base)
	writeJSON(w, http.StatusAccepted, map[string]any{"id": j.ID, "status": "running", "total": j.Total,
		"links": map[string]string{"self": base, "events": base + "/events", "csv": base + "/elements.csv", "geojson": base + "/elements.geojson"}})
}

// finishedAssignment returns a done assignment's result, or writes the problem.
func (s *Server) finishedAssignment(w http.ResponseWriter, r *http.Request) (*assignmentResult, *network.Graph, bool) {
	snap, _, ok := s.findJob(r, "assignment")
	if !ok {
		writeProblem(w, r, Problem{Type: typeNotFound, Title: "Not found", Status: http.StatusNotFound, Detail: "no assignment " + r.PathValue("id")})
		return nil, nil, false
	}
	raw, done := snap["result"].(json.RawMessage)
	if !done || snap["status"] != "done" {
		writeProblem(w, r, Problem{Type: "/problems/not-finished", Title: "Not finished", Status: http.StatusConflict,
			Detail: fmt.Sprintf("the assignment is %v; results are available when it is done", snap["status"])})
		return nil, nil, false
	}
	var res assignmentResult
	if err := json.Unmarshal(raw, &res); err != nil || res.Result == nil {
		writeProblem(w, r, Problem{Type: typeInternal, Title: "Internal error", Status: http.StatusInternalServerError})
		return nil, nil, false
	}
	g := s.cfg.Graph
	if res.Scenario != "" {
		if a, err := s.applied(r.Context(), res.Scenario); err == nil {
			g = a.applied.Graph
		}
	}
	return &res, g, true
}

func ftoa(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

func (s *Server) assignmentCSV(w http.ResponseWriter, r *http.Request) {
	res, _, ok := s.finishedAssignment(w, r)
	if !ok {
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="assignment-`+r.PathValue("id")+`.csv"`)
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"kind", "id", "name", "mode", "from", "to", "corridors", "flow_teu_year", "capacity_teu_year", "utilisation", "free_flow_hours", "delay_hours", "km"})
	for _, e := range res.Result.Elements {
		_ = cw.Write([]string{e.Kind, e.ID, e.Name, e.Mode, e.From, e.To, strings.Join(e.Corridors, ";"), ftoa(e.FlowTEU),
			ftoa(e.CapacityTEU), ftoa(e.Utilisation), ftoa(e.FreeHours), ftoa(e.DelayHours), ftoa(e.Km)})
	}
	cw.Flush()
}

func (s *Server) assignmentGeoJSON(w http.ResponseWriter, r *http.Request) {
	res, g, ok := s.finishedAssignment(w, r)
	if !ok {
		return
	}
	type feature struct {
		Type       string         `json:"type"`
		Geometry   map[string]any `json:"geometry"`
		Properties map[string]any `json:"properties"`
	}
	coord := func(id string) ([2]float64, bool) {
		n, ok := g.NodeByID(id)
		if !ok {
			return [2]float64{}, false
		}
		return [2]float64{g.Node(n).Lon, g.Node(n).Lat}, true
	}
	fs := []feature{}
	for _, e := range res.Result.Elements {
		props := map[string]any{"kind": e.Kind, "id": e.ID, "name": e.Name, "mode": e.Mode, "corridors": e.Corridors,
			"flow_teu_year": e.FlowTEU, "capacity_teu_year": e.CapacityTEU, "utilisation": e.Utilisation,
			"free_flow_hours": e.FreeHours, "delay_hours": e.DelayHours}
		if e.Kind == "link" {
			a, ok1 := coord(e.From)
			b, ok2 := coord(e.To)
			if !ok1 || !ok2 {
				continue
			}
			fs = append(fs, feature{"Feature", map[string]any{"type": "LineString", "coordinates": [][2]float64{a, b}}, props})
			continue
		}
		if p, ok := coord(e.ID); ok {
			fs = append(fs, feature{"Feature", map[string]any{"type": "Point", "coordinates": p}, props})
		}
	}
	w.Header().Set("Content-Type", "application/geo+json")
	_ = json.NewEncoder(w).Encode(map[string]any{"type": "FeatureCollection", "features": fs})
}
