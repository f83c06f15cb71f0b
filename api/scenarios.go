package api

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"corridor/data/scenarios"
	"corridor/route"
	"corridor/scenario"
	"corridor/store"
)

// scenarioCache keeps applied scenarios and their routers by name@version,
// so repeated queries on a scenario do not re-apply it.
type scenarioCache struct {
	mu sync.Mutex
	m  map[string]*appliedScenario
}

type appliedScenario struct {
	applied *scenario.Applied
	router  *route.Router
}

const maxCachedScenarios = 64

func (c *scenarioCache) get(key string, build func() (*appliedScenario, error)) (*appliedScenario, error) {
	c.mu.Lock()
	if a, ok := c.m[key]; ok {
		c.mu.Unlock()
		return a, nil
	}
	c.mu.Unlock()
	a, err := build()
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if c.m == nil || len(c.m) >= maxCachedScenarios {
		c.m = map[string]*appliedScenario{}
	}
	c.m[key] = a
	c.mu.Unlock()
	return a, nil
}

// findScenario looks a scenario up in the store, then among the bundled
// ones; version 0 is the latest.
func (s *Server) findScenario(ctx context.Context, name string, version int) (*scenario.Scenario, int, error) {
	if s.cfg.Store != nil {
		rec, err := s.cfg.Store.GetScenario(ctx, name, version)
		if err == nil {
			return rec.Scenario, rec.Version, nil
		}
		if !errors.Is(err, store.ErrNotFound) {
			return nil, 0, err
		}
	}
	if sc, ok := scenarios.Get(name); ok && version <= 1 {
		return sc, 1, nil
	}
	return nil, 0, fmt.Errorf("scenario %q: %w", name, store.ErrNotFound)
}

// applied returns the scenario applied to the server's network, cached.
func (s *Server) applied(ctx context.Context, name string) (*appliedScenario, error) {
	sc, version, err := s.findScenario(ctx, name, 0)
	if err != nil {
		return nil, err
	}
	// The key holds a hash of the content: a scenario deleted and created
	// again restarts at version 1 with other edits.
	body, err := json.Marshal(sc)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(body)
	key := name + "@" + strconv.Itoa(version) + "#" + hex.EncodeToString(sum[:8])
	return s.scenarios.get(key, func() (*appliedScenario, error) {
		a, err := scenario.Apply(s.cfg.Graph, sc)
		if err != nil {
			return nil, err
		}
		return &appliedScenario{a, route.New(a.Graph)}, nil
	})
}

// scenarioProblem maps scenario and store errors to problems.
func scenarioProblem(err error) Problem {
	var se *scenario.Error
	switch {
	case errors.As(err, &se):
		p := Problem{Type: "/problems/invalid-scenario", Title: "Invalid scenario", Status: http.StatusBadRequest, Detail: se.Error()}
		for _, pr := range se.Problems {
			field := pr.Field
			if pr.Edit >= 0 {
				field = fmt.Sprintf("edits[%d].%s", pr.Edit, pr.Field)
			}
			p.Errors = append(p.Errors, FieldError{field, pr.Msg})
		}
		return p
	case errors.Is(err, store.ErrNotFound):
		return Problem{Type: typeNotFound, Title: "Not found", Status: http.StatusNotFound, Detail: err.Error()}
	case errors.Is(err, store.ErrExists):
		return Problem{Type: "/problems/exists", Title: "Already exists", Status: http.StatusConflict, Detail: err.Error()}
	case errors.Is(err, store.ErrConflict):
		return Problem{Type: "/problems/version-conflict", Title: "Version conflict", Status: http.StatusConflict,
			Detail: err.Error() + "; read the latest version and apply your change to it"}
	}
	return Problem{Type: typeInternal, Title: "Internal error", Status: http.StatusInternalServerError}
}

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
	key := r.Header.Get("X-API-Key")
	if auth := r.Header.Get("Authorization"); key == "" && strings.HasPrefix(auth, "Bearer ") {
		key = strings.TrimPrefix(auth, "Bearer ")
	}
	if subtle.ConstantTimeCompare([]byte(key), []byte(s.cfg.APIKey)) != 1 {
		w.Header().Set("WWW-Authenticate", `Bearer realm="corridor"`)
		writeProblem(w, r, Problem{Type: "/problems/unauthorized", Title: "Unauthorized", Status: http.StatusUnauthorized,
			Detail: "writes need the API key in an X-API-Key or Authorization: Bearer header"})
		return false
	}
	return true
}

// scenarioJSON is a scenario as the API shows it.
type scenarioJSON struct {
	Name     string             `json:"name"`
	Origin   string             `json:"origin"` // stored or bundled
	Version  int                `json:"version"`
	Scenario *scenario.Scenario `json:"scenario"`
}

func (s *Server) listScenarios(w http.ResponseWriter, r *http.Request) {
	out := []scenarioJSON{}
	stored := map[string]bool{}
	if s.cfg.Store != nil {
		recs, err := s.cfg.Store.ListScenarios(r.Context())
		if err != nil {
			s.cfg.Logger.Error("list scenarios", "err", err)
			writeProblem(w, r, scenarioProblem(err))
			return
		}
		for _, rec := range recs {
			stored[rec.Name] = true
			out = append(out, scenarioJSON{rec.Name, "stored", rec.Version, rec.Scenario})
		}
	}
	all, _ := scenarios.All()
	for _, sc := range all {
		if !stored[sc.Name] {
			out = append(out, scenarioJSON{sc.Name, "bundled", 1, sc})
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"scenarios": out})
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
	sc, v, err := s.findScenario(r.Context(), r.PathValue("name"), version)
	if err != nil {
		writeProblem(w, r, scenarioProblem(err))
		return
	}
	origin := "stored"
	if s.cfg.Store == nil {
		origin = "bundled"
	} else if _, err := s.cfg.Store.GetScenario(r.Context(), sc.Name, v); err != nil {
		origin = "bundled"
	}
	w.Header().Set("ETag", strconv.Quote(strconv.Itoa(v)))
	writeJSON(w, http.StatusOK, scenarioJSON{sc.Name, origin, v, sc})
}

// decodeScenario reads and validates a scenario body.
func (s *Server) decodeScenario(w http.ResponseWriter, r *http.Request) (*scenario.Scenario, bool) {
	var sc scenario.Scenario
	if p := decodeJSON(r, s.cfg.MaxBodyBytes, &sc); p != nil {
		writeProblem(w, r, *p)
		return nil, false
	}
	if err := scenario.Validate(s.cfg.Graph, &sc); err != nil {
		writeProblem(w, r, scenarioProblem(err))
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
		writeProblem(w, r, scenarioProblem(err))
		return
	}
	w.Header().Set("Location", "/api/v1/scenarios/"+rec.Name)
	w.Header().Set("ETag", strconv.Quote(strconv.Itoa(rec.Version)))
	writeJSON(w, http.StatusCreated, scenarioJSON{rec.Name, "stored", rec.Version, rec.Scenario})
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
		writeProblem(w, r, scenarioProblem(err))
		return
	}
	w.Header().Set("ETag", strconv.Quote(strconv.Itoa(rec.Version)))
	writeJSON(w, http.StatusOK, scenarioJSON{rec.Name, "stored", rec.Version, rec.Scenario})
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
		writeProblem(w, r, scenarioProblem(err))
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) scenarioVersions(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	if s.cfg.Store != nil {
		vs, err := s.cfg.Store.ScenarioVersions(r.Context(), name)
		if err == nil {
			writeJSON(w, http.StatusOK, map[string]any{"name": name, "versions": vs})
			return
		}
		if !errors.Is(err, store.ErrNotFound) {
			writeProblem(w, r, scenarioProblem(err))
			return
		}
	}
	if sc, ok := scenarios.Get(name); ok {
		writeJSON(w, http.StatusOK, map[string]any{"name": name, "versions": []store.VersionInfo{{Version: 1, Edits: len(sc.Edits)}}})
		return
	}
	writeProblem(w, r, scenarioProblem(fmt.Errorf("scenario %q: %w", name, store.ErrNotFound)))
}

func (s *Server) diffScenario(w http.ResponseWriter, r *http.Request) {
	a, err := s.applied(r.Context(), r.PathValue("name"))
	if err != nil {
		writeProblem(w, r, scenarioProblem(err))
		return
	}
	var req apiRequest
	if p := decodeJSON(r, s.cfg.MaxBodyBytes, &req); p != nil {
		writeProblem(w, r, *p)
		return
	}
	if req.Scenario != "" {
		writeProblem(w, r, badRequest("scenario", "the scenario is named in the URL"))
		return
	}
	obj := route.Fastest
	if req.Objective != "" {
		if obj, err = route.ParseObjective(req.Objective); err != nil {
			writeProblem(w, r, badRequest("objective", err.Error()))
			return
		}
	}
	q, err := req.Query(a.applied.Graph, s.cfg.Now())
	if err != nil {
		s.searchError(w, r, err)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), s.cfg.SearchTimeout)
	defer cancel()
	d, err := scenario.Compare(ctx, s.router, a.applied, a.router, q, obj)
	if err != nil {
		s.searchError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, d)
}

// apiRequest is a route or compare body: the route request plus the name
// of a scenario to run it on.
type apiRequest struct {
	route.Request
	Scenario string `json:"scenario,omitempty"`
}
