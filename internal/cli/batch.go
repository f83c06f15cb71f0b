package cli

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"corridor/fastpath"
	"corridor/network"
	"corridor/route"
	"corridor/spatial"
)

// constraintFlags are route flags the single-criterion fast path ignores;
// giving one with --shortest is an error rather than silently dropped.
var constraintFlags = []string{"via", "avoid-countries", "avoid-groups", "avoid-nodes", "modes", "segment-modes", "max-transshipments",
	"reefer", "dg", "carbon-price", "time-value-rate", "feu", "teu", "box", "tonnes", "value-usd", "depart", "max-results"}

// shortestSetup loads the network, the spatial index and, for --shortest,
// the contraction hierarchy (read from its cache file or built and saved).
type shortestSetup struct {
	g      *network.Graph
	ix     *spatial.NodeIndex
	h      *fastpath.Hierarchy
	status fastpath.CacheStatus
	cache  string
}

func setupShortest(cmd *cobra.Command, f *routeFlags, needHierarchy bool) (*shortestSetup, error) {
	for _, name := range constraintFlags {
		if f.shortest != "" && cmd.Flags().Changed(name) {
			return nil, badInput("--%s does not apply with --shortest (a single-criterion search without constraints); drop one of them", name)
		}
	}
	var m fastpath.Metric
	if needHierarchy {
		var err error
		if m, err = fastpath.ParseMetric(f.shortest); err != nil {
			return nil, badInput("--shortest: %v", err)
		}
	}
	g, _, err := loadNetwork(cmd.Context(), f.dir)
	if err != nil {
		return nil, err
	}
	s := &shortestSetup{g: g, ix: spatial.NewNodeIndex(g)}
	if needHierarchy {
		path := ""
		if f.dir != "" {
			path = fastpath.CachePath(f.dir, m)
		}
		s.h, s.status, s.cache, err = fastpath.Open(cmd.Context(), g, m, path)
		if err != nil {
			return nil, err
		}
	}
	return s, nil
}

// resolvePair resolves from and to (ids, names or lon,lat).
func (s *shortestSetup) resolvePair(from, to string) (route.Query, []route.Snap, error) {
	req := route.Request{From: from, To: to}
	return req.Resolve(s.g, time.Now(), s.ix)
}

// shortestResult is the JSON document of `corridor route --shortest`.
type shortestResult struct {
	From        route.NodeRef `json:"from"`
	To          route.NodeRef `json:"to"`
	Snaps       []route.Snap  `json:"snaps,omitempty"`
	Metric      string        `json:"metric"`
	DistanceKm  float64       `json:"distance_km"` // along the network, snap legs excluded
	Hours       float64       `json:"hours"`       // running time at link speeds: no waits, handling or dwell
	Links       []string      `json:"links"`
	Coordinates [][2]float64  `json:"coordinates"`
	Engine      string        `json:"engine"`
	Cache       string        `json:"cache"`
	QueryMicros float64       `json:"query_us"`
}

func (s *shortestSetup) result(q route.Query, snaps []route.Snap, p fastpath.Path, took time.Duration) shortestResult {
	g := s.g
	ref := func(n network.NodeID) route.NodeRef { return route.NodeRef{ID: g.Node(n).ID, Name: g.Node(n).Name} }
	r := shortestResult{From: ref(q.From), To: ref(q.To), Snaps: snaps, Metric: s.h.Metric().String(),
		Engine: "contraction-hierarchy", Cache: string(s.status), QueryMicros: float64(took.Nanoseconds()) / 1e3,
		Links: make([]string, 0, len(p.Links))}
	n := g.Node(q.From)
	r.Coordinates = append(r.Coordinates, [2]float64{n.Lon, n.Lat})
	for _, l := range p.Links {
		k := g.Link(l)
		r.DistanceKm += k.DistanceKm
		r.Hours += k.Hours
		r.Links = append(r.Links, k.ID)
		n := g.Node(k.To)
		r.Coordinates = append(r.Coordinates, [2]float64{n.Lon, n.Lat})
	}
	return r
}

func runShortest(cmd *cobra.Command, f *routeFlags) error {
	if err := checkFormat(f.format, "table", "json", "geojson"); err != nil {
		return err
	}
	if f.from == "" || f.to == "" {
		return badInput("--from and --to are required (place ids or names, or lon,lat)")
	}
	s, err := setupShortest(cmd, f, true)
	if err != nil {
		return err
	}
	q, snaps, err := s.resolvePair(f.from, f.to)
	if err != nil {
		return err
	}
	start := time.Now()
	p, ok := s.h.Query(q.From, q.To)
	took := time.Since(start)
	if !ok {
		return &route.NoRouteError{Msg: fmt.Sprintf("%s cannot be reached from %s", s.g.Node(q.To).ID, s.g.Node(q.From).ID)}
	}
	r := s.result(q, snaps, p, took)
	w := cmd.OutOrStdout()
	switch f.format {
	case "json":
		return writeJSON(w, r)
	case "geojson":
		props := map[string]any{"from": r.From.ID, "to": r.To.ID, "metric": r.Metric, "distance_km": r.DistanceKm, "hours": r.Hours, "links": len(r.Links)}
		return writeJSON(w, map[string]any{"type": "FeatureCollection", "features": []any{map[string]any{
			"type": "Feature", "properties": props,
			"geometry": map[string]any{"type": "LineString", "coordinates": r.Coordinates}}}})
	}
	writeSnaps(w, snaps)
	fmt.Fprintf(w, "%s (%s) → %s (%s), shortest by %s\n", r.From.Name, r.From.ID, r.To.Name, r.To.ID, r.Metric)
	fmt.Fprintf(w, "%.1f km along the network, %.1f h at link speeds (%.1f days), %d links\n", r.DistanceKm, r.Hours, r.Hours/24, len(r.Links))
	fmt.Fprintf(w, "contraction hierarchy (cache %s%s), query %.0f µs\n", r.Cache, cacheWhere(s.cache), r.QueryMicros)
	return nil
}

func cacheWhere(p string) string {
	if p == "" {
		return ""
	}
	return ": " + p
}

// batchRow is one result row of a batch run.
type batchRow struct {
	ID          string   `json:"id,omitempty"`
	From        string   `json:"from"`
	To          string   `json:"to"`
	FromNode    string   `json:"from_node,omitempty"`
	FromSnapKm  *float64 `json:"from_snap_km,omitempty"`
	ToNode      string   `json:"to_node,omitempty"`
	ToSnapKm    *float64 `json:"to_snap_km,omitempty"`
	DistanceKm  *float64 `json:"distance_km,omitempty"`
	Hours       *float64 `json:"hours,omitempty"`
	CostUSD     *float64 `json:"cost_usd,omitempty"` // Pareto mode: of the fastest itinerary
	CO2eKg      *float64 `json:"co2e_kg,omitempty"`
	Itineraries int      `json:"itineraries,omitempty"` // Pareto mode: size of the front
	Links       int      `json:"links,omitempty"`
	QueryMicros float64  `json:"query_us"`
	Error       string   `json:"error,omitempty"`
}

var batchHeader = []string{"id", "from", "to", "from_node", "from_snap_km", "to_node", "to_snap_km", "distance_km", "hours",
	"cost_usd", "co2e_kg", "itineraries", "links", "query_us", "error"}

func (r *batchRow) record() []string {
	f := func(x *float64) string {
		if x == nil {
			return ""
		}
		return strconv.FormatFloat(*x, 'f', 3, 64)
	}
	it := ""
	if r.Itineraries > 0 {
		it = strconv.Itoa(r.Itineraries)
	}
	links := ""
	if r.Links > 0 {
		links = strconv.Itoa(r.Links)
	}
	return []string{r.ID, r.From, r.To, r.FromNode, f(r.FromSnapKm), r.ToNode, f(r.ToSnapKm), f(r.DistanceKm), f(r.Hours),
		f(r.CostUSD), f(r.CO2eKg), it, links, strconv.FormatFloat(r.QueryMicros, 'f', 1, 64), r.Error}
}

func ptr(x float64) *float64 { return &x }

// readPairs reads a batch file: a header naming from and to (and
// optionally id); other columns are ignored.
func readPairs(path string) ([][3]string, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, badInput("--batch: %v", err)
	}
	defer fh.Close()
	r := csv.NewReader(fh)
	r.Comment = '#'
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		return nil, badInput("--batch %s: expected a header row with from,to: %v", path, err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))] = i
	}
	fi, okF := col["from"]
	ti, okT := col["to"]
	if !okF || !okT {
		return nil, badInput("--batch %s: the header must name the columns from and to (got %s)", path, strings.Join(header, ","))
	}
	ii, okI := col["id"]
	var pairs [][3]string
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, badInput("--batch %s: %v", path, err)
		}
		line, _ := r.FieldPos(0)
		get := func(i int) string {
			if i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		p := [3]string{"", get(fi), get(ti)}
		if okI {
			p[0] = get(ii)
		}
		if p[1] == "" || p[2] == "" {
			return nil, badInput("--batch %s:%d: from and to are required", path, line)
		}
		pairs = append(pairs, p)
	}
	if len(pairs) == 0 {
		return nil, badInput("--batch %s: no pairs", path)
	}
	return pairs, nil
}

// runBatch answers every pair of a batch file with one network load. With
// --shortest it uses the contraction hierarchy; otherwise the Pareto search
// (rows report its fastest itinerary). With --repeat N it runs a warm-up
// pass, then N timed passes, and reports each pair's median time.
func runBatch(cmd *cobra.Command, f *routeFlags) error {
	if err := checkFormat(f.format, "csv", "json"); err != nil {
		if f.format == "table" { // the route default: batch writes CSV
			f.format = "csv"
		} else {
			return badInput("unknown --format %q for --batch (expected csv or json)", f.format)
		}
	}
	if f.from != "" || f.to != "" {
		return badInput("--batch reads the pairs from the file; drop --from and --to")
	}
	if f.repeat < 1 || f.repeat > 10000 {
		return badInput("--repeat must be between 1 and 10000")
	}
	pairs, err := readPairs(f.batch)
	if err != nil {
		return err
	}
	s, err := setupShortest(cmd, f, f.shortest != "")
	if err != nil {
		return err
	}
	var router *route.Router
	if s.h == nil {
		router = route.New(s.g)
	}
	req := f.request(cmd.Flags())
	rows := make([]batchRow, len(pairs))
	times := make([][]float64, len(pairs))
	passes := f.repeat
	warm := 0
	if passes > 1 {
		warm = 1
	}
	for pass := 0; pass < warm+passes; pass++ {
		for i, p := range pairs {
			row := batchRow{ID: p[0], From: p[1], To: p[2]}
			start := time.Now()
			rq := req
			rq.From, rq.To = p[1], p[2]
			q, snaps, err := rq.Resolve(s.g, time.Now(), s.ix)
			if err == nil {
				for _, sn := range snaps {
					if sn.Field == "from" {
						row.FromSnapKm = ptr(sn.DistanceKm)
					} else if sn.Field == "to" {
						row.ToSnapKm = ptr(sn.DistanceKm)
					}
				}
				row.FromNode, row.ToNode = s.g.Node(q.From).ID, s.g.Node(q.To).ID
				if s.h != nil {
					path, ok := s.h.Query(q.From, q.To)
					if !ok {
						row.Error = "no route"
					} else {
						km, h := 0.0, 0.0
						for _, l := range path.Links {
							km += s.g.Link(l).DistanceKm
							h += s.g.Link(l).Hours
						}
						row.DistanceKm, row.Hours, row.Links = ptr(km), ptr(h), len(path.Links)
					}
				} else {
					its, err := router.Search(cmd.Context(), q)
					if err != nil || len(its) == 0 {
						row.Error = "no route"
						if err != nil {
							row.Error = err.Error()
						}
					} else {
						t := its[0].Total // fastest first
						row.DistanceKm, row.Hours, row.CostUSD, row.CO2eKg = ptr(t.DistanceKm), ptr(t.Hours), ptr(t.CostUSD), ptr(t.CO2eKg)
						if t.CostUnknown {
							row.CostUSD = nil // unknown, not 0
						}
						row.Itineraries = len(its)
						for _, l := range its[0].Legs {
							row.Links += len(l.Links)
						}
					}
				}
			} else {
				row.Error = err.Error()
			}
			took := float64(time.Since(start).Nanoseconds()) / 1e3
			if pass >= warm {
				times[i] = append(times[i], took)
			}
			rows[i] = row
		}
	}
	routed := 0
	for i := range rows {
		slices.Sort(times[i])
		rows[i].QueryMicros = times[i][len(times[i])/2]
		if rows[i].Error == "" {
			routed++
		}
	}
	w := cmd.OutOrStdout()
	if f.format == "json" {
		enc := json.NewEncoder(w)
		for i := range rows {
			if err := enc.Encode(&rows[i]); err != nil {
				return err
			}
		}
	} else {
		cw := csv.NewWriter(w)
		cw.Write(batchHeader)
		for i := range rows {
			cw.Write(rows[i].record())
		}
		cw.Flush()
		if err := cw.Error(); err != nil {
			return err
		}
	}
	engine := "pareto label setting"
	if s.h != nil {
		engine = fmt.Sprintf("contraction hierarchy by %s (cache %s%s)", s.h.Metric(), s.status, cacheWhere(s.cache))
	}
	fmt.Fprintf(cmd.ErrOrStderr(), "batch: %d pairs, %d routed, %d failed; %s\n", len(rows), routed, len(rows)-routed, engine)
	return nil
}
