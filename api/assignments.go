package api

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"corridor/network"
	"corridor/service"
)

// assignmentResult is a finished assignment as the API returns it.
type assignmentResult = service.AssignResult

const maxAssignIter = 2000

func (s *Server) createAssignment(w http.ResponseWriter, r *http.Request) {
	if !s.jobAllowed(w, r) {
		return
	}
	var req service.AssignRequest
	if p := decodeJSON(r, s.cfg.MaxBodyBytes, &req); p != nil {
		writeProblem(w, r, *p)
		return
	}
	// Check the demand's places now, so that bad input is a 400 at once.
	a, err := s.svc.PrepareAssignment(r.Context(), req)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	j, err := s.startJob("assignment", a.Request(), a.Total, func(ctx context.Context, progress service.Progress) (any, error) {
		return a.Run(ctx, progress)
	})
	if err != nil {
		s.jobRefused(w, r, err)
		return
	}
	base := "/api/v1/assignments/" + j.ID
	w.Header().Set("Location", base)
	s.writeJSON(w, r, http.StatusAccepted, map[string]any{"id": j.ID, "status": "running", "total": j.Total,
		"links": map[string]string{"self": base, "events": base + "/events", "csv": base + "/elements.csv", "geojson": base + "/elements.geojson"}})
}

// finishedResult decodes a done job's result of kind into v and returns
// the network it ran on (its scenario's, by the result's "scenario"), or
// writes the problem: 404, 409 while it runs, 500 for a result that does
// not decode. what names the job in messages ("the assignment").
func (s *Server) finishedResult(w http.ResponseWriter, r *http.Request, kind, what string, v any) (*network.Graph, bool) {
	snap, _, err := s.findJob(r, kind)
	if err != nil {
		s.writeError(w, r, err)
		return nil, false
	}
	raw, done := snap["result"].(json.RawMessage)
	if !done || snap["status"] != "done" {
		writeProblem(w, r, Problem{Type: "/problems/not-finished", Title: "Not finished", Status: http.StatusConflict,
			Detail: fmt.Sprintf("%s is %v; results are available when it is done", what, snap["status"])})
		return nil, false
	}
	var sc struct {
		Scenario string `json:"scenario"`
	}
	if json.Unmarshal(raw, v) != nil || json.Unmarshal(raw, &sc) != nil {
		writeProblem(w, r, Problem{Type: typeInternal, Title: "Internal error", Status: http.StatusInternalServerError})
		return nil, false
	}
	g := s.cfg.Graph
	if sc.Scenario != "" {
		if n, err := s.svc.Network(r.Context(), sc.Scenario, nil); err == nil {
			g = n.Graph
		}
	}
	return g, true
}

// finishedAssignment returns a done assignment's result, or writes the problem.
func (s *Server) finishedAssignment(w http.ResponseWriter, r *http.Request) (*assignmentResult, *network.Graph, bool) {
	var res assignmentResult
	g, ok := s.finishedResult(w, r, "assignment", "the assignment", &res)
	if ok && res.Result == nil {
		writeProblem(w, r, Problem{Type: typeInternal, Title: "Internal error", Status: http.StatusInternalServerError})
		return nil, nil, false
	}
	return &res, g, ok
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
