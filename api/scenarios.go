package api

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"corridor/scenario"
	"corridor/service"
)

// writable checks the API key of a write request.
func (s *Server) writable(w http.ResponseWriter, r *http.Request) bool {
	if s.cfg.Store == nil {
		writeProblem(w, r, Problem{Type: "/problems/no-store", Title: "No store", Status: http.StatusServiceUnavailable,
			Detail: "this server has no store; start it with --db"})
		return false
	}
	if s.cfg.APIKey == "" {
		writeProblem(w, r, Problem{Type: "/problems/read-only", Title: "Writes are disabled", Status: http.StatusForbidden,
			Detail: "start the server with --api-key (or CORRIDOR_API_KEY) to allow writes"})
		return false
	}
	if !s.keyOK(r) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="corridor"`)
		writeProblem(w, r, Problem{Type: "/problems/unauthorized", Title: "Unauthorized", Status: http.StatusUnauthorized,
			Detail: "writes need the API key in an X-API-Key or Authorization: Bearer header"})
		return false
	}
	return true
}

// scenarioJSON is a scenario as the API shows it.
type scenarioJSON = service.ScenarioInfo

func (s *Server) listScenarios(w http.ResponseWriter, r *http.Request) {
	out, err := s.svc.Scenarios().List(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, map[string]any{"scenarios": out})
}

func (s *Server) getScenario(w http.ResponseWriter, r *http.Request) {
	version := 0
	if v := r.URL.Query().Get("version"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			writeProblem(w, r, badRequest("version", "expected a version number from 1, got "+strconv.Quote(v)))
			return
		}
		version = n
	}
	info, err := s.svc.Scenarios().Get(r.Context(), r.PathValue("name"), version)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("ETag", strconv.Quote(strconv.Itoa(info.Version)))
	s.writeJSON(w, r, http.StatusOK, info)
}

// decodeScenario reads and validates a scenario body.
func (s *Server) decodeScenario(w http.ResponseWriter, r *http.Request) (*scenario.Scenario, bool) {
	var sc scenario.Scenario
	if p := decodeJSON(r, s.cfg.MaxBodyBytes, &sc); p != nil {
		writeProblem(w, r, *p)
		return nil, false
	}
	if err := scenario.Validate(s.cfg.Graph, &sc); err != nil {
		s.writeError(w, r, err)
		return nil, false
	}
	return &sc, true
}

func (s *Server) createScenario(w http.ResponseWriter, r *http.Request) {
	if !s.writable(w, r) {
		return
	}
	sc, ok := s.decodeScenario(w, r)
	if !ok {
		return
	}
	rec, err := s.cfg.Store.CreateScenario(r.Context(), sc)
	if err != nil {
		s.writeError(w, r, service.StoreError(err))
		return
	}
	w.Header().Set("Location", "/api/v1/scenarios/"+rec.Name)
	w.Header().Set("ETag", strconv.Quote(strconv.Itoa(rec.Version)))
	s.writeJSON(w, r, http.StatusCreated, scenarioJSON{Name: rec.Name, Origin: service.OriginStored, Version: rec.Version, Scenario: rec.Scenario})
}

// baseVersion reads the version an update is based on: If-Match "N", or ?base_version=N.
func baseVersion(r *http.Request) (int, error) {
	v := strings.Trim(strings.TrimPrefix(r.Header.Get("If-Match"), "W/"), `"`)
	if v == "" {
		v = r.URL.Query().Get("base_version")
	}
	if v == "" || v == "*" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return 0, fmt.Errorf("expected a version number from 1, got %q", v)
	}
	return n, nil
}

func (s *Server) updateScenario(w http.ResponseWriter, r *http.Request) {
	if !s.writable(w, r) {
		return
	}
	base, err := baseVersion(r)
	if err != nil {
		writeProblem(w, r, badRequest("If-Match", err.Error()))
		return
	}
	sc, ok := s.decodeScenario(w, r)
	if !ok {
		return
	}
	if sc.Name != r.PathValue("name") {
		writeProblem(w, r, badRequest("name", fmt.Sprintf("the body names %q but the URL %q", sc.Name, r.PathValue("name"))))
		return
	}
	rec, err := s.cfg.Store.UpdateScenario(r.Context(), sc, base)
	if err != nil {
		s.writeError(w, r, service.StoreError(err))
		return
	}
	w.Header().Set("ETag", strconv.Quote(strconv.Itoa(rec.Version)))
	s.writeJSON(w, r, http.StatusOK, scenarioJSON{Name: rec.Name, Origin: service.OriginStored, Version: rec.Version, Scenario: rec.Scenario})
}

func (s *Server) deleteScenario(w http.ResponseWriter, r *http.Request) {
	if !s.writable(w, r) {
		return
	}
	base, err := baseVersion(r)
	if err != nil {
		writeProblem(w, r, badRequest("If-Match", err.Error()))
		return
	}
	if err := s.cfg.Store.DeleteScenario(r.Context(), r.PathValue("name"), base); err != nil {
		s.writeError(w, r, service.StoreError(err))
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) scenarioVersions(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	vs, err := s.svc.Scenarios().Versions(r.Context(), name)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, map[string]any{"name": name, "versions": vs})
}

func (s *Server) diffScenario(w http.ResponseWriter, r *http.Request) {
	var req service.RouteRequest
	if p := decodeJSON(r, s.cfg.MaxBodyBytes, &req); p != nil {
		writeProblem(w, r, *p)
		return
	}
	if req.Scenario != "" {
		writeProblem(w, r, badRequest("scenario", "the scenario is named in the URL"))
		return
	}
	req.Scenario = r.PathValue("name")
	release, ok := s.enterHeavy(w, r)
	if !ok {
		return
	}
	d, err := s.svc.Diff(r.Context(), req)
	release()
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, d)
}
