package api

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"corridor/errcode"
	"corridor/network"
	"corridor/queue"
	"corridor/route"
	"corridor/scenario"
	"corridor/service"
	"corridor/store"
)

//go:embed openapi.json
var openapiDoc []byte

// OpenAPI returns the OpenAPI 3.1 document that describes the API.
func OpenAPI() []byte { return slices.Clone(openapiDoc) }

// Config configures a Server.
type Config struct {
	Graph         *network.Graph
	NetworkName   string
	Logger        *slog.Logger         // default: discard
	SearchTimeout time.Duration        // per route/compare request; default 10 s
	HeavySearches int                  // compare/diff requests computed at once; default DefaultHeavySearches()
	MaxBodyBytes  int64                // default 1 MiB
	Web           fs.FS                // the built UI; nil serves a short notice at /
	Registry      *prometheus.Registry // default: a new registry with Go and process collectors
	Now           func() time.Time     // default time.Now; the default departure
	// Store keeps scenarios; nil serves only the bundled scenarios, read-only.
	Store store.Store
	// APIKey is required (X-API-Key or Authorization: Bearer) for writes,
	// jobs (simulations, assignments) included; empty disables the writes
	// to the store but still runs jobs, within JobsPerMinute.
	APIKey string
	// JobsPerMinute is how many jobs a client (by address) may start a
	// minute on a server without an APIKey; default DefaultJobsPerMinute,
	// negative: no limit.
	JobsPerMinute int
	// RunsKeep and RunsMaxAge are the retention of stored runs (inputs and
	// results): finished runs beyond the newest RunsKeep or older than
	// RunsMaxAge are deleted at start and every hour. Defaults
	// DefaultRunsKeep and DefaultRunsMaxAge; negative: no limit.
	RunsKeep   int
	RunsMaxAge time.Duration
	// Queue, with Store, runs resilience analyses on workers (corridor
	// worker) through NATS JetStream, one task per case; nil runs them in
	// this process. Call ResumeResilience after New to pick up analyses a
	// previous server left running.
	Queue *queue.Queue
}

// Server is corridor's HTTP API and UI server. Create it with New and
// serve its Handler.
type Server struct {
	cfg     Config
	svc     *service.Service
	mux     *http.ServeMux
	metrics *metrics
	handler http.Handler
	jobs    jobs
	quota   quota
	heavy   *heavyLane
	network struct { // the network's GeoJSON, built at the first request
		once sync.Once
		a    *asset
		err  error
	}
}

// New returns a Server for cfg.Graph.
func New(cfg Config) *Server {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.SearchTimeout <= 0 {
		cfg.SearchTimeout = 10 * time.Second
	}
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = 1 << 20
	}
	if cfg.Registry == nil {
		cfg.Registry = prometheus.NewRegistry()
		cfg.Registry.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.JobsPerMinute == 0 {
		cfg.JobsPerMinute = DefaultJobsPerMinute
	}
	if cfg.RunsKeep == 0 {
		cfg.RunsKeep = DefaultRunsKeep
	}
	if cfg.RunsMaxAge == 0 {
		cfg.RunsMaxAge = DefaultRunsMaxAge
	}
	svc := service.New(service.Config{Graph: cfg.Graph, Store: cfg.Store, Now: cfg.Now, SearchTimeout: cfg.SearchTimeout,
		MaxRuns: maxAPIRuns, MaxAssignIter: maxAssignIter})
	s := &Server{cfg: cfg, svc: svc, mux: http.NewServeMux(), metrics: newMetrics(cfg.Registry)}
	if cfg.HeavySearches <= 0 {
		cfg.HeavySearches = DefaultHeavySearches()
	}
	s.heavy = newHeavyLane(cfg.HeavySearches, cfg.SearchTimeout)
	s.jobs.init()
	s.pruneRuns()
	s.routes()
	s.handler = s.recoverer(s.observe(compress(s.mux)))
	return s
}

// Handler returns the server's HTTP handler.
func (s *Server) Handler() http.Handler { return s.handler }

// Routes lists the API's method and path patterns (for the OpenAPI check).
func (s *Server) Routes() []string { return slices.Clone(apiRoutes) }

var apiRoutes = []string{
	"GET /healthz", "GET /metrics", "GET /api/openapi.json",
	"GET /api/v1/nodes", "GET /api/v1/nodes/{id}", "GET /api/v1/countries",
	"GET /api/v1/network", "GET /api/v1/network/stats", "GET /api/v1/rates", "GET /api/v1/rates/{id}",
	"POST /api/v1/route", "POST /api/v1/compare",
	"GET /api/v1/scenarios", "POST /api/v1/scenarios", "GET /api/v1/scenarios/{name}", "PUT /api/v1/scenarios/{name}",
	"DELETE /api/v1/scenarios/{name}", "GET /api/v1/scenarios/{name}/versions", "POST /api/v1/scenarios/{name}/diff",
	"GET /api/scenario.schema.json",
	"POST /api/v1/simulations", "GET /api/v1/simulations/{id}", "GET /api/v1/simulations/{id}/events",
	"POST /api/v1/assignments", "GET /api/v1/assignments/{id}", "GET /api/v1/assignments/{id}/events",
	"GET /api/v1/assignments/{id}/elements.csv", "GET /api/v1/assignments/{id}/elements.geojson",
	"POST /api/v1/resilience", "GET /api/v1/resilience/{id}", "GET /api/v1/resilience/{id}/events",
	"GET /api/v1/resilience/{id}/outcomes.csv", "GET /api/v1/resilience/{id}/outcomes.geojson",
}

func (s *Server) routes() {
	m := s.mux
	m.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		s.writeJSON(w, r, http.StatusOK, map[string]any{"status": "ok", "network": s.cfg.NetworkName, "nodes": s.cfg.Graph.NumNodes()})
	})
	m.Handle("GET /metrics", promhttp.HandlerFor(s.cfg.Registry, promhttp.HandlerOpts{}))
	m.HandleFunc("GET /api/openapi.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(openapiDoc)
	})
	m.HandleFunc("GET /api/v1/nodes", s.listNodes)
	m.HandleFunc("GET /api/v1/nodes/{id}", s.getNode)
	m.HandleFunc("GET /api/v1/countries", s.countries)
	m.HandleFunc("GET /api/v1/network", s.networkGeoJSON)
	m.HandleFunc("GET /api/v1/network/stats", func(w http.ResponseWriter, r *http.Request) {
		s.writeJSON(w, r, http.StatusOK, s.cfg.Graph.Stats())
	})
	m.HandleFunc("GET /api/v1/rates", func(w http.ResponseWriter, r *http.Request) {
		s.writeJSON(w, r, http.StatusOK, map[string]any{"series": service.RateSeriesList(s.cfg.Graph)})
	})
	m.HandleFunc("GET /api/v1/rates/{id}", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		info, err := service.RateSeries(s.cfg.Graph, r.PathValue("id"), q.Get("from"), q.Get("to"))
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		s.writeJSON(w, r, http.StatusOK, info)
	})
	m.HandleFunc("POST /api/v1/route", s.route)
	m.HandleFunc("POST /api/v1/compare", s.compare)
	m.HandleFunc("GET /api/v1/scenarios", s.listScenarios)
	m.HandleFunc("POST /api/v1/scenarios", s.createScenario)
	m.HandleFunc("GET /api/v1/scenarios/{name}", s.getScenario)
	m.HandleFunc("PUT /api/v1/scenarios/{name}", s.updateScenario)
	m.HandleFunc("DELETE /api/v1/scenarios/{name}", s.deleteScenario)
	m.HandleFunc("GET /api/v1/scenarios/{name}/versions", s.scenarioVersions)
	m.HandleFunc("POST /api/v1/scenarios/{name}/diff", s.diffScenario)
	m.HandleFunc("POST /api/v1/simulations", s.createSimulation)
	m.HandleFunc("GET /api/v1/simulations/{id}", s.getJob("simulation"))
	m.HandleFunc("GET /api/v1/simulations/{id}/events", s.jobEvents("simulation"))
	m.HandleFunc("POST /api/v1/assignments", s.createAssignment)
	m.HandleFunc("GET /api/v1/assignments/{id}", s.getJob("assignment"))
	m.HandleFunc("GET /api/v1/assignments/{id}/events", s.jobEvents("assignment"))
	m.HandleFunc("GET /api/v1/assignments/{id}/elements.csv", s.assignmentCSV)
	m.HandleFunc("GET /api/v1/assignments/{id}/elements.geojson", s.assignmentGeoJSON)
	m.HandleFunc("POST /api/v1/resilience", s.createResilience)
	m.HandleFunc("GET /api/v1/resilience/{id}", s.getJob("resilience"))
	m.HandleFunc("GET /api/v1/resilience/{id}/events", s.jobEvents("resilience"))
	m.HandleFunc("GET /api/v1/resilience/{id}/outcomes.csv", s.resilienceCSV)
	m.HandleFunc("GET /api/v1/resilience/{id}/outcomes.geojson", s.resilienceGeoJSON)
	m.HandleFunc("GET /api/scenario.schema.json", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/schema+json")
		_, _ = w.Write(scenario.Schema())
	})
	m.HandleFunc("/api/", s.notFound)
	m.Handle("/", s.ui())
}

// notFound answers API paths no route matches: 405 with Allow when the path
// exists for other methods, 404 otherwise.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	var allow []string
	for _, method := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete} {
		probe := r.Clone(r.Context())
		probe.Method = method
		if _, pattern := s.mux.Handler(probe); pattern != "/api/" && pattern != "" {
			allow = append(allow, method)
		}
	}
	if len(allow) > 0 {
		w.Header().Set("Allow", strings.Join(allow, ", "))
		writeProblem(w, r, Problem{Type: typeMethodAllows, Title: "Method not allowed", Status: http.StatusMethodNotAllowed,
			Detail: r.Method + " is not allowed on " + r.URL.Path + "; use " + strings.Join(allow, " or ")})
		return
	}
	writeProblem(w, r, Problem{Type: typeNotFound, Title: "Not found", Status: http.StatusNotFound,
		Detail: "no API endpoint " + r.Method + " " + r.URL.Path + " (see /api/openapi.json)"})
}

// writeJSON answers v as JSON with status. v is encoded into a buffer
// first: a value that cannot be encoded (a non-finite number) is a logged
// 500 problem, never a success status with an empty or cut body.
func (s *Server) writeJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	writeJSONLogged(s.cfg.Logger, w, r, status, v)
}

// writeJSON is Server.writeJSON for handlers without the server at hand;
// it logs with slog's default logger.
func writeJSON(w http.ResponseWriter, status int, v any) {
	writeJSONLogged(slog.Default(), w, nil, status, v)
}

// jsonBufs holds answer buffers between requests, so that an answer is not
// encoded into a buffer grown anew each time.
var jsonBufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooledJSON is the largest buffer jsonBufs keeps: rare huge answers (the
// network's GeoJSON, big batch results) are left to the collector.
const maxPooledJSON = 1 << 20

func writeJSONLogged(log *slog.Logger, w http.ResponseWriter, r *http.Request, status int, v any) {
	buf := jsonBufs.Get().(*bytes.Buffer)
	buf.Reset()
	defer func() {
		if buf.Cap() <= maxPooledJSON {
			jsonBufs.Put(buf)
		}
	}()
	if err := json.NewEncoder(buf).Encode(v); err != nil {
		path := ""
		if r != nil {
			path = r.URL.Path
		}
		log.Error("encoding the answer failed", "path", path, "err", err)
		p := Problem{Type: typeInternal, Title: "Internal server error", Status: http.StatusInternalServerError,
			Detail: "the answer could not be encoded as JSON", Instance: path}
		w.Header().Set("Content-Type", "application/problem+json")
		w.WriteHeader(p.Status)
		_ = json.NewEncoder(w).Encode(p)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// nodeJSON is a node in API answers.
type nodeJSON struct {
	ID                string   `json:"id"`
	Name              string   `json:"name"`
	Kind              string   `json:"kind"`
	Country           string   `json:"country"`
	Lon               float64  `json:"lon"`
	Lat               float64  `json:"lat"`
	Aliases           []string `json:"aliases,omitempty"`
	ControlledBy      []string `json:"controlled_by,omitempty"` // a chokepoint's controlling countries
	BorderPair        string   `json:"border_pair,omitempty"`
	BorderMedianHours float64  `json:"border_median_hours,omitempty"`
	BorderP90Hours    float64  `json:"border_p90_hours,omitempty"`
	HandlingHours     float64  `json:"handling_hours,omitempty"`
	HandlingUSD       float64  `json:"handling_usd,omitempty"`
	CapacityTEUYear   float64  `json:"capacity_teu_year,omitempty"`
	Sources           []string `json:"sources,omitempty"`
}

func (s *Server) node(n network.NodeID, full bool) nodeJSON {
	g := s.cfg.Graph
	nd := g.Node(n)
	out := nodeJSON{ID: nd.ID, Name: nd.Name, Kind: nd.Kind.String(), Country: nd.Country, Lon: nd.Lon, Lat: nd.Lat, Aliases: nd.Aliases,
		ControlledBy: nd.ControlledBy}
	if full {
		if nd.BorderPair != network.None {
			out.BorderPair = g.Node(nd.BorderPair).ID
		}
		out.BorderMedianHours, out.BorderP90Hours = nd.BorderMedianHours, nd.BorderP90Hours
		out.HandlingHours, out.HandlingUSD, out.CapacityTEUYear = nd.HandlingHours, nd.HandlingUSD, nd.CapacityTEUYear
		out.Sources = nd.Sources
	}
	return out
}

func (s *Server) listNodes(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	limit := 20
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1000 {
			writeProblem(w, r, badRequest("limit", "expected a whole number from 1 to 1000, got "+strconv.Quote(v)))
			return
		}
		limit = n
	}
	var kind network.NodeKind
	if v := q.Get("kind"); v != "" {
		k, err := network.ParseNodeKind(v)
		if err != nil {
			writeProblem(w, r, badRequest("kind", err.Error()))
			return
		}
		kind = k
	}
	country := strings.ToUpper(strings.TrimSpace(q.Get("country")))
	if country != "" && !network.IsISO3166(country) {
		writeProblem(w, r, badRequest("country", strconv.Quote(country)+" is not an ISO 3166-1 alpha-2 country code"))
		return
	}
	out := make([]nodeJSON, 0, limit)
	for _, m := range s.cfg.Graph.FindNodes(q.Get("q")) {
		nd := s.cfg.Graph.Node(m.Node)
		if kind != 0 && nd.Kind != kind {
			continue
		}
		if _, in := nd.InCountry(map[string]bool{country: true}); country != "" && !in {
			continue
		}
		out = append(out, s.node(m.Node, false))
		if len(out) == limit {
			break
		}
	}
	s.writeJSON(w, r, http.StatusOK, map[string]any{"nodes": out})
}

func (s *Server) getNode(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	n, ok := s.cfg.Graph.NodeByID(id)
	if !ok {
		p := Problem{Type: typeUnknownNode, Title: "Unknown place", Status: http.StatusNotFound, Detail: "no place has the id " + strconv.Quote(id),
			Errors: []FieldError{{"id", "unknown place"}}}
		if _, sugg, _ := s.cfg.Graph.Resolve(id); len(sugg) > 0 {
			for _, c := range sugg {
				p.Suggestions = append(p.Suggestions, route.NodeRef{ID: s.cfg.Graph.Node(c).ID, Name: s.cfg.Graph.Node(c).Name})
			}
		}
		writeProblem(w, r, p)
		return
	}
	s.writeJSON(w, r, http.StatusOK, s.node(n, true))
}

func (s *Server) countries(w http.ResponseWriter, r *http.Request) {
	g := s.cfg.Graph
	type country struct {
		Code   string   `json:"code"`
		Name   string   `json:"name"`
		Groups []string `json:"groups"`
	}
	type group struct {
		Code string `json:"code"`
		Name string `json:"name"`
	}
	var cs []country
	for _, code := range g.UsedCountries() {
		c, _ := g.Country(code)
		groups := c.Groups
		if groups == nil {
			groups = []string{}
		}
		cs = append(cs, country{c.Code, c.Name, groups})
	}
	gs := []group{}
	for _, gr := range g.Groups() {
		gs = append(gs, group{gr.Code, gr.Name})
	}
	s.writeJSON(w, r, http.StatusOK, map[string]any{"groups": gs, "countries": cs})
}

// networkGeoJSON serves the network as GeoJSON. The graph does not change
// while the server runs, so the answer is built and gzipped once (and
// brotli-compressed once, at the first request that accepts br) and carries
// an ETag: a client that has it revalidates and gets 304.
func (s *Server) networkGeoJSON(w http.ResponseWriter, r *http.Request) {
	s.network.once.Do(func() {
		var b bytes.Buffer
		if err := s.cfg.Graph.WriteGeoJSON(&b); err != nil {
			s.network.err = fmt.Errorf("write the network as GeoJSON: %w", err)
			return
		}
		s.network.a = newAsset(b.Bytes(), nil, nil, "application/geo+json", "no-cache")
	})
	if s.network.err != nil {
		s.writeError(w, r, s.network.err)
		return
	}
	s.network.a.serve(w, r)
}

func (s *Server) route(w http.ResponseWriter, r *http.Request) {
	var req service.RouteRequest
	if p := decodeJSON(r, s.cfg.MaxBodyBytes, &req); p != nil {
		s.metrics.search("route", errcode.Invalid.String())
		writeProblem(w, r, *p)
		return
	}
	if req.Objective != "" {
		s.metrics.search("route", errcode.Invalid.String())
		writeProblem(w, r, badRequest("objective", "objective applies to /api/v1/compare only"))
		return
	}
	res, err := s.svc.Route(r.Context(), req)
	s.metrics.search("route", outcome(err))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeRoute(w, r, res)
}

func (s *Server) compare(w http.ResponseWriter, r *http.Request) {
	var req service.RouteRequest
	if p := decodeJSON(r, s.cfg.MaxBodyBytes, &req); p != nil {
		s.metrics.search("compare", errcode.Invalid.String())
		writeProblem(w, r, *p)
		return
	}
	release, ok := s.enterHeavy(w, r)
	if !ok {
		s.metrics.search("compare", "busy")
		return
	}
	res, err := s.svc.Compare(r.Context(), req)
	release()
	s.metrics.search("compare", outcome(err))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, res)
}

// ui serves the built web UI, with index.html for unknown paths (the UI
// keeps its state in the URL).
func (s *Server) ui() http.Handler {
	h := s.uiFiles()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			writeProblem(w, r, Problem{Type: typeMethodAllows, Title: "Method not allowed", Status: http.StatusMethodNotAllowed,
				Detail: r.Method + " is not allowed on " + r.URL.Path})
			return
		}
		h.ServeHTTP(w, r)
	})
}

func (s *Server) uiFiles() http.Handler {
	if s.cfg.Web == nil {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path != "/" {
				http.NotFound(w, r)
				return
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			_, _ = w.Write([]byte(`<!doctype html><meta charset="utf-8"><title>corridor</title>` +
				`<p>corridor's API is at <a href="/api/openapi.json">/api/openapi.json</a>. ` +
				`The web UI is not built into this binary: run <code>make run</code>.</p>`))
		})
	}
	files := &assets{fsys: s.cfg.Web}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := strings.TrimPrefix(r.URL.Path, "/")
		if st, err := fs.Stat(s.cfg.Web, p); p == "" || err != nil || st.IsDir() {
			p = "index.html" // the single-page app answers every other path
		}
		files.serve(w, r, p)
	})
}
