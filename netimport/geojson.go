package netimport

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"corridor/errcode"
	"corridor/network"
	"corridor/spatial"
)

// GeoJSONOptions says how a GeoJSON file becomes a network. The zero value
// imports sea lanes at 16 knots, merging vertices closer than 10 m.
type GeoJSONOptions struct {
	// Mode of every link unless a feature's "mode" property says otherwise
	// (default sea).
	Mode network.Mode
	// SpeedKmh is the speed of every link unless a feature's "speed_kmh"
	// property says otherwise (default by mode: sea 29.632 (16 kn), ferry 30,
	// rail 40, road 60, iww 12).
	SpeedKmh float64
	// Energy of every link unless a "energy" property says otherwise (default
	// by mode: sea fuel_oil, ferry mgo, rail mixed, road and iww diesel).
	Energy network.Energy
	// Gauge of rail links without a "gauge_mm" property (default 1435).
	Gauge network.Gauge
	// ToleranceM merges vertices closer than this many metres into one node
	// (default 10; a negative value merges identical positions only).
	// Positions at longitude −180 and +180 on the same latitude are one
	// place whatever the tolerance (the antimeridian is stitched).
	ToleranceM float64
	// LargestComponent keeps only the largest connected component.
	LargestComponent bool
	// Name is the network's name in errors and its source record (default "geojson").
	Name string
	// Year of the source record (default: this year).
	Year int
}

// Report is what an import found and did.
type Report struct {
	Features      int            `json:"features"`
	LineFeatures  int            `json:"line_features"`   // LineString and MultiLineString features
	SkippedByType map[string]int `json:"skipped_by_type"` // other geometry types (Point, Polygon, null), not imported
	Positions     int            `json:"positions"`       // coordinate positions read
	Segments      int            `json:"segments"`        // consecutive position pairs read

	// Vertices is the number of distinct places after merging.
	Vertices int `json:"vertices"`
	// MergedPositions counts positions joined to a vertex at a different,
	// non-identical position within the tolerance.
	MergedPositions int `json:"merged_positions"`
	// AntimeridianStitched counts vertices that join positions at lon −180
	// and +180 (the same place on either side of the antimeridian).
	AntimeridianStitched int `json:"antimeridian_stitched"`
	// ZeroLengthSegments were dropped: both ends are one vertex.
	ZeroLengthSegments int `json:"zero_length_segments"`
	// DuplicateSegments were dropped: another segment joins the same vertices.
	DuplicateSegments int `json:"duplicate_segments"`

	Edges         int     `json:"edges"`          // link rows (undirected segments count once)
	DirectedLinks int     `json:"directed_links"` // in the imported graph
	LengthKm      float64 `json:"length_km"`      // total of the link rows

	// Components is the number of connected components before any is
	// dropped; ComponentSizes lists the vertices of the largest ones
	// (at most 10), largest first.
	Components     int   `json:"components"`
	ComponentSizes []int `json:"component_sizes"`
	// DroppedVertices were left out: not in the largest component (with
	// LargestComponent).
	DroppedVertices int `json:"dropped_vertices"`
	Nodes           int `json:"nodes"` // in the imported graph
}

// FeatureError is a problem with one feature of a GeoJSON file.
type FeatureError struct {
	Feature int // 0-based index in the features array; -1 for the document
	Msg     string
}

func (e *FeatureError) Error() string {
	if e.Feature < 0 {
		return e.Msg
	}
	return fmt.Sprintf("feature %d: %s", e.Feature, e.Msg)
}

// ErrorCode classifies the error: errcode.Invalid.
func (e *FeatureError) ErrorCode() errcode.Code { return errcode.Invalid }

// ErrorDetails names the feature at fault as features[i] (none for the
// document as a whole).
func (e *FeatureError) ErrorDetails() []errcode.Detail {
	if e.Feature < 0 {
		return nil
	}
	return []errcode.Detail{{Field: fmt.Sprintf("features[%d]", e.Feature), Reason: e.Msg}}
}

// ReadGeoJSONFile imports the GeoJSON file at path (see ReadGeoJSON); the
// file's base name is the default network name.
func ReadGeoJSONFile(ctx context.Context, path string, opts GeoJSONOptions) (*network.Graph, *Report, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	if opts.Name == "" {
		opts.Name = filepath.Base(path)
	}
	g, rep, err := ReadGeoJSON(ctx, f, opts)
	if err != nil {
		return nil, rep, fmt.Errorf("%s: %w", path, err)
	}
	return g, rep, nil
}

// defaults by mode
var defaultSpeed = map[network.Mode]float64{network.Sea: 16 * 1.852, network.Ferry: 30, network.Rail: 40, network.Road: 60, network.InlandWater: 12}
var defaultEnergy = map[network.Mode]network.Energy{network.Sea: network.FuelOil, network.Ferry: network.MGO,
	network.Rail: network.Mixed, network.Road: network.Diesel, network.InlandWater: network.Diesel}

type rawFeature struct {
	Type       string          `json:"type"`
	Geometry   *rawGeometry    `json:"geometry"`
	Properties json.RawMessage `json:"properties"`
}

type rawGeometry struct {
	Type        string          `json:"type"`
	Coordinates json.RawMessage `json:"coordinates"`
}

// lineProps are the feature properties the importer maps onto links.
type lineProps struct {
	mode    network.Mode
	speed   float64
	energy  network.Energy
	gauge   network.Gauge
	forward bool
	perKm   float64
	cap     float64
}

// ReadGeoJSON imports a GeoJSON FeatureCollection (or a single Feature) of
// LineStrings and MultiLineStrings: every segment between consecutive
// positions becomes a link whose length is the great-circle distance in km,
// and positions become nodes (kind waypoint, ids V1, V2, ...), positions
// closer than the tolerance being merged into one node. Links run both ways
// unless a feature says "direction": "forward" (or "oneway": true).
//
// Feature properties mapped when present: mode, speed_kmh, energy, gauge_mm,
// direction or oneway, tariff_usd_per_km, capacity_teu_year; other
// properties are ignored. Features of other geometry types are skipped and
// counted in the Report.
//
// Errors name the feature (its index in the features array) or, for JSON
// syntax, the line and column. The Report is returned even on error, as far
// as the import got. The import stops with ctx's error when ctx is done.
func ReadGeoJSON(ctx context.Context, r io.Reader, opts GeoJSONOptions) (*network.Graph, *Report, error) {
	rep := &Report{SkippedByType: map[string]int{}}
	if opts.Mode == 0 {
		opts.Mode = network.Sea
	}
	if opts.Mode < network.Rail || opts.Mode > network.InlandWater {
		return nil, rep, fmt.Errorf("unknown mode %d", opts.Mode)
	}
	if opts.Name == "" {
		opts.Name = "geojson"
	}
	if opts.ToleranceM == 0 {
		opts.ToleranceM = 10
	}
	if opts.Year == 0 {
		opts.Year = time.Now().Year()
	}
	if math.IsNaN(opts.ToleranceM) || opts.ToleranceM > 100_000 {
		return nil, rep, fmt.Errorf("tolerance %v m is out of range (at most 100 km)", opts.ToleranceM)
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, rep, err
	}
	var doc struct {
		Type     string            `json:"type"`
		Features []json.RawMessage `json:"features"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, rep, jsonError(data, err)
	}
	switch doc.Type {
	case "FeatureCollection":
	case "Feature":
		doc.Features = []json.RawMessage{data}
	default:
		return nil, rep, &FeatureError{-1, fmt.Sprintf("expected a GeoJSON FeatureCollection or Feature, got type %q", doc.Type)}
	}
	rep.Features = len(doc.Features)

	im := newImporter(opts)
	for i, raw := range doc.Features {
		if i%checkEvery == 0 {
			if err := ctx.Err(); err != nil {
				return nil, rep, fmt.Errorf("GeoJSON import stopped at feature %d: %w", i, err)
			}
		}
		var f rawFeature
		if err := json.Unmarshal(raw, &f); err != nil {
			return nil, rep, &FeatureError{i, "not a Feature object: " + plainJSONError(err)}
		}
		if f.Type != "Feature" {
			return nil, rep, &FeatureError{i, fmt.Sprintf("expected type \"Feature\", got %q", f.Type)}
		}
		if f.Geometry == nil {
			rep.SkippedByType["null"]++
			continue
		}
		var lines [][][]float64
		switch f.Geometry.Type {
		case "LineString":
			var c [][]float64
			if err := json.Unmarshal(f.Geometry.Coordinates, &c); err != nil {
				return nil, rep, &FeatureError{i, "LineString coordinates: expected an array of [lon, lat] positions"}
			}
			lines = [][][]float64{c}
		case "MultiLineString":
			if err := json.Unmarshal(f.Geometry.Coordinates, &lines); err != nil {
				return nil, rep, &FeatureError{i, "MultiLineString coordinates: expected an array of arrays of [lon, lat] positions"}
			}
		default:
			rep.SkippedByType[f.Geometry.Type]++
			continue
		}
		props, err := parseProps(f.Properties, opts)
		if err != nil {
			return nil, rep, &FeatureError{i, err.Error()}
		}
		rep.LineFeatures++
		for li, line := range lines {
			if len(line) < 2 {
				return nil, rep, &FeatureError{i, fmt.Sprintf("line %d has %d position(s); a LineString needs at least 2", li, len(line))}
			}
			prev := int32(-1)
			for pi, pos := range line {
				if len(pos) < 2 {
					return nil, rep, &FeatureError{i, fmt.Sprintf("position %d: expected [lon, lat], got %d number(s)", pi, len(pos))}
				}
				lon, lat := pos[0], pos[1]
				if !(lon >= -180 && lon <= 180) || !(lat >= -90 && lat <= 90) {
					return nil, rep, &FeatureError{i, fmt.Sprintf("position %d: [%v, %v] is outside lon -180..180, lat -90..90", pi, lon, lat)}
				}
				rep.Positions++
				v := im.vertex(lon, lat, rep)
				if prev >= 0 {
					rep.Segments++
					im.segment(prev, v, props, rep)
				}
				prev = v
			}
		}
	}
	g, err := im.build(ctx, rep)
	return g, rep, err
}

// checkEvery is how many records (features, segments, lines) an import
// reads between two looks at its context.
const checkEvery = 1024

// jsonError turns a decoding error into one naming line and column.
func jsonError(data []byte, err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	off := int64(-1)
	switch {
	case errors.As(err, &se):
		off = se.Offset
	case errors.As(err, &te):
		off = te.Offset
	}
	if off < 0 {
		return &FeatureError{-1, "invalid GeoJSON: " + err.Error()}
	}
	if off > 0 {
		off-- // the offset counts the offending byte; point at it
	}
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	line := 1 + bytes.Count(data[:off], []byte("\n"))
	col := int(off) - bytes.LastIndexByte(data[:off], '\n')
	return &FeatureError{-1, fmt.Sprintf("invalid JSON at line %d, column %d: %s", line, col, plainJSONError(err))}
}

func plainJSONError(err error) string {
	return strings.TrimPrefix(err.Error(), "json: ")
}

func parseProps(raw json.RawMessage, opts GeoJSONOptions) (lineProps, error) {
	p := lineProps{mode: opts.Mode, speed: opts.SpeedKmh, energy: opts.Energy, gauge: opts.Gauge}
	var m map[string]any
	if len(raw) > 0 && string(raw) != "null" {
		if err := json.Unmarshal(raw, &m); err != nil {
			return p, fmt.Errorf("properties: expected an object")
		}
	}
	str := func(k string) (string, bool, error) {
		v, ok := m[k]
		if !ok || v == nil {
			return "", false, nil
		}
		s, isStr := v.(string)
		if !isStr {
			return "", false, fmt.Errorf("property %q: expected a string, got %v", k, v)
		}
		return s, true, nil
	}
	num := func(k string) (float64, bool, error) {
		v, ok := m[k]
		if !ok || v == nil {
			return 0, false, nil
		}
		f, isNum := v.(float64)
		if !isNum || f < 0 || math.IsInf(f, 0) {
			return 0, false, fmt.Errorf("property %q: expected a non-negative number, got %v", k, v)
		}
		return f, true, nil
	}
	if s, ok, err := str("mode"); err != nil {
		return p, err
	} else if ok {
		mode, err := network.ParseMode(s)
		if err != nil {
			return p, fmt.Errorf("property \"mode\": %v", err)
		}
		if mode != p.mode {
			p.speed, p.energy = 0, 0 // the option defaults were for another mode
		}
		p.mode = mode
	}
	if s, ok, err := str("energy"); err != nil {
		return p, err
	} else if ok {
		e, err := network.ParseEnergy(s)
		if err != nil {
			return p, fmt.Errorf("property \"energy\": %v", err)
		}
		p.energy = e
	}
	if v, ok, err := num("speed_kmh"); err != nil {
		return p, err
	} else if ok {
		if v == 0 || v > 1000 {
			return p, fmt.Errorf("property \"speed_kmh\": expected 0 < speed ≤ 1000, got %v", v)
		}
		p.speed = v
	}
	if v, ok, err := num("gauge_mm"); err != nil {
		return p, err
	} else if ok {
		p.gauge = network.Gauge(v)
		if float64(p.gauge) != v || (p.gauge != network.Standard && p.gauge != network.Russian && p.gauge != network.Iberian) {
			return p, fmt.Errorf("property \"gauge_mm\": expected 1435, 1520 or 1668, got %v", v)
		}
	}
	if s, ok, err := str("direction"); err != nil {
		return p, err
	} else if ok {
		switch s {
		case "both":
		case "forward":
			p.forward = true
		default:
			return p, fmt.Errorf("property \"direction\": expected both or forward, got %q", s)
		}
	}
	if v, ok := m["oneway"]; ok {
		b, isBool := v.(bool)
		if !isBool {
			return p, fmt.Errorf("property \"oneway\": expected true or false, got %v", v)
		}
		p.forward = p.forward || b
	}
	var err error
	if p.perKm, _, err = num("tariff_usd_per_km"); err != nil {
		return p, err
	}
	if p.cap, _, err = num("capacity_teu_year"); err != nil {
		return p, err
	}
	if p.speed == 0 {
		p.speed = defaultSpeed[p.mode]
	}
	if p.energy == 0 {
		p.energy = defaultEnergy[p.mode]
	}
	if p.mode == network.Rail && p.gauge == 0 {
		p.gauge = network.Standard
	}
	if p.mode != network.Rail {
		p.gauge = 0
	}
	return p, nil
}

// importer accumulates vertices and segments.
type importer struct {
	opts     GeoJSONOptions
	tolKm    float64
	cell     float64 // grid cell edge on the unit sphere (chord units)
	grid     map[[3]int32][]int32
	exact    map[[2]float64]int32
	lonlat   [][2]float64
	segs     []segment
	stitched map[int32]bool
	segSeen  map[[2]int32]int32 // (a,b) with a<b for two-way, index into segs
	fwdSeen  map[[2]int32]int32
}

type segment struct {
	a, b  int32
	km    float64
	props lineProps
}

func newImporter(opts GeoJSONOptions) *importer {
	im := &importer{opts: opts, grid: map[[3]int32][]int32{}, exact: map[[2]float64]int32{},
		segSeen: map[[2]int32]int32{}, fwdSeen: map[[2]int32]int32{}, stitched: map[int32]bool{}}
	im.tolKm = math.Max(opts.ToleranceM, 0) / 1000
	// a 1 m cell at least: the grid only needs to find candidates
	im.cell = math.Max(im.tolKm, 0.001) / spatial.EarthRadiusKm
	return im
}

func unitVec(lon, lat float64) [3]float64 {
	const rad = math.Pi / 180
	cl := math.Cos(lat * rad)
	return [3]float64{cl * math.Cos(lon*rad), cl * math.Sin(lon*rad), math.Sin(lat * rad)}
}

// vertex returns the vertex for a position, merging it with an existing
// vertex at the same place or within the tolerance.
func (im *importer) vertex(lon, lat float64, rep *Report) int32 {
	key := [2]float64{lon, lat}
	if lon == -180 {
		key[0] = 180 // the antimeridian is one line
	}
	if v, ok := im.exact[key]; ok {
		if im.lonlat[v][0] != lon {
			im.stitched[v] = true
		}
		return v
	}
	p := unitVec(lon, lat)
	c := [3]int32{int32(math.Floor(p[0] / im.cell)), int32(math.Floor(p[1] / im.cell)), int32(math.Floor(p[2] / im.cell))}
	if im.tolKm > 0 {
		best, bestKm := int32(-1), math.Inf(1)
		for dx := int32(-1); dx <= 1; dx++ {
			for dy := int32(-1); dy <= 1; dy++ {
				for dz := int32(-1); dz <= 1; dz++ {
					for _, v := range im.grid[[3]int32{c[0] + dx, c[1] + dy, c[2] + dz}] {
						q := im.lonlat[v]
						if km := spatial.GreatCircleKm(lon, lat, q[0], q[1]); km <= im.tolKm && km < bestKm {
							best, bestKm = v, km
						}
					}
				}
			}
		}
		if best >= 0 {
			im.exact[key] = best
			rep.MergedPositions++
			if math.Abs(lon) > 179 && math.Abs(im.lonlat[best][0]) > 179 && math.Signbit(lon) != math.Signbit(im.lonlat[best][0]) {
				im.stitched[best] = true
			}
			return best
		}
	}
	v := int32(len(im.lonlat))
	im.lonlat = append(im.lonlat, [2]float64{lon, lat})
	im.exact[key] = v
	im.grid[c] = append(im.grid[c], v)
	return v
}

func (im *importer) segment(a, b int32, p lineProps, rep *Report) {
	if a == b {
		rep.ZeroLengthSegments++
		return
	}
	pa, pb := im.lonlat[a], im.lonlat[b]
	km := spatial.GreatCircleKm(pa[0], pa[1], pb[0], pb[1])
	if km <= 0 {
		rep.ZeroLengthSegments++
		return
	}
	key := [2]int32{min(a, b), max(a, b)}
	if _, ok := im.segSeen[key]; ok {
		rep.DuplicateSegments++
		return
	}
	if p.forward {
		fk := [2]int32{a, b}
		if _, ok := im.fwdSeen[fk]; ok {
			rep.DuplicateSegments++
			return
		}
		im.fwdSeen[fk] = int32(len(im.segs))
	} else {
		im.segSeen[key] = int32(len(im.segs))
	}
	im.segs = append(im.segs, segment{a, b, km, p})
}

// build labels components, drops what is not kept and builds the Graph.
func (im *importer) build(ctx context.Context, rep *Report) (*network.Graph, error) {
	n := len(im.lonlat)
	rep.Vertices = n
	rep.AntimeridianStitched = len(im.stitched)
	parent := make([]int32, n)
	for i := range parent {
		parent[i] = int32(i)
	}
	find := func(x int32) int32 {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	used := make([]bool, n)
	for _, s := range im.segs {
		used[s.a], used[s.b] = true, true
		if ra, rb := find(s.a), find(s.b); ra != rb {
			parent[ra] = rb
		}
	}
	size := map[int32]int{}
	for v := 0; v < n; v++ {
		if used[v] {
			size[find(int32(v))]++
		}
	}
	var sizes []int
	mainRoot, mainSize := int32(-1), 0
	for r, s := range size {
		sizes = append(sizes, s)
		if s > mainSize || (s == mainSize && r < mainRoot) {
			mainRoot, mainSize = r, s
		}
	}
	sort.Sort(sort.Reverse(sort.IntSlice(sizes)))
	rep.Components = len(sizes)
	rep.ComponentSizes = sizes[:min(len(sizes), 10)]

	keep := func(v int32) bool {
		return used[v] && (!im.opts.LargestComponent || find(v) == mainRoot)
	}
	b := network.NewBuilder()
	src := "geojson-import"
	b.AddSource(network.Source{ID: src, Title: im.opts.Name, Publisher: "imported by corridor data import (GeoJSON)", Year: im.opts.Year,
		Note: "links are great-circle segments between consecutive positions"})
	node := make([]network.NodeID, n)
	for v := 0; v < n; v++ {
		node[v] = network.None
		if !keep(int32(v)) {
			if used[v] {
				rep.DroppedVertices++
			}
			continue
		}
		p := im.lonlat[v]
		node[v] = b.AddNode(network.Node{ID: fmt.Sprintf("V%d", b.NumNodes()+1), Name: fmt.Sprintf("%.5f,%.5f", p[0], p[1]),
			Kind: network.Waypoint, Lon: p[0], Lat: p[1], Sources: []string{src}})
	}
	edges := 0
	for i, s := range im.segs {
		if i%checkEvery == 0 {
			if err := ctx.Err(); err != nil {
				return nil, fmt.Errorf("GeoJSON import stopped: %w", err)
			}
		}
		if node[s.a] == network.None || node[s.b] == network.None {
			continue
		}
		edges++
		b.AddLink(network.LinkSpec{ID: fmt.Sprintf("L%d", edges), From: node[s.a], To: node[s.b], Mode: s.props.mode,
			Gauge: s.props.gauge, DistanceKm: s.km, SpeedKmh: s.props.speed, Energy: s.props.energy,
			TariffUSDPerKm: s.props.perKm, CapacityTEUYear: s.props.cap, Sources: []string{src}, Both: !s.props.forward})
		rep.LengthKm += s.km
	}
	rep.Edges = edges
	if edges == 0 {
		return nil, &FeatureError{-1, "no line segments to import (the file has no LineString or MultiLineString of positive length)"}
	}
	g, err := b.Build(im.opts.Name)
	if err != nil {
		return nil, err
	}
	rep.Nodes = g.NumNodes()
	rep.DirectedLinks = g.NumLinks()
	return g, nil
}
