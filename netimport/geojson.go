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
	"slices"
	"sort"
	"strconv"
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
	// KeepVertices makes every vertex a node, as the importer did before
	// chains were collapsed. By default a vertex that only two segments of
	// one feature share (not a line's end, not where features meet, no
	// change of properties or direction) is no node: a chain of such
	// vertices becomes one link between the nodes at its ends, as long as
	// the sum of its segments (see CollapseKm). Distances between nodes are
	// unchanged; the link is drawn straight between its end nodes (the model
	// keeps no geometry), and coordinates snap to nodes only.
	KeepVertices bool
	// CollapseKm is the longest link a collapsed chain may make (default
	// 10 km; a negative value sets no limit): a longer chain keeps a vertex
	// as a node where the next segment would pass the limit, so a point on
	// the line is never more than about half of it from a node. A single
	// segment longer than the limit stays one link.
	CollapseKm float64
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
	// CollapsedVertices are vertices of the imported components that are
	// no node: inside a chain of segments made one link (see
	// GeoJSONOptions.KeepVertices). Nodes + CollapsedVertices +
	// DroppedVertices = the vertices that segments use.
	CollapsedVertices int `json:"collapsed_vertices"`

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
// LineStrings and MultiLineStrings: segments between consecutive positions
// are measured along the great circle in km, positions become vertices
// (positions closer than the tolerance being merged into one), and vertices
// become nodes (kind waypoint, ids V1, V2, ...) at line ends, junctions and
// wherever features meet or properties change. The vertices between are
// collapsed: each chain of segments becomes one link of their summed length
// (at most CollapseKm; KeepVertices makes a node of every vertex and a link
// of every segment). Links run both ways unless a feature says
// "direction": "forward" (or "oneway": true).
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
	if opts.CollapseKm == 0 {
		opts.CollapseKm = 10
	}
	if math.IsNaN(opts.CollapseKm) {
		return nil, rep, fmt.Errorf("collapse length %v km is not a number", opts.CollapseKm)
	}
	cr := &countingReader{r: r}
	dec := json.NewDecoder(cr)
	dec.UseNumber()
	im := newImporter(opts)
	st := &geoStream{ctx: ctx, dec: dec, cr: cr, im: im, rep: rep, opts: opts}
	if err := st.document(); err != nil {
		return nil, rep, err
	}
	g, err := im.build(ctx, rep)
	return g, rep, err
}

// countingReader remembers where the lines of what it passes on start, so
// that a JSON syntax error can be placed by line and column without
// keeping the document (8 bytes a line).
type countingReader struct {
	r   io.Reader
	off int64
	nl  []int64 // offsets of the '\n' bytes read
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	for i := 0; i < n; {
		j := bytes.IndexByte(p[i:n], '\n')
		if j < 0 {
			break
		}
		c.nl = append(c.nl, c.off+int64(i+j))
		i += j + 1
	}
	c.off += int64(n)
	return n, err
}

// geoStream decodes a GeoJSON document one feature at a time with the
// decoder's tokens: what a feature holds (its positions, as a flat array of
// numbers) is dropped once its segments are in the importer, so memory
// follows the network being built, not the size of the file.
type geoStream struct {
	ctx  context.Context
	dec  *json.Decoder
	cr   *countingReader
	im   *importer
	rep  *Report
	opts GeoJSONOptions
}

// feature is one decoded feature: positions as lon,lat pairs in xy, line
// k holding pairs ends[k-1]..ends[k]-1.
type feature struct {
	typ       string
	hasGeom   bool // a geometry other than null
	geomType  string
	props     json.RawMessage
	xy        []float64
	ends      []int
	short     int // index in its line of the first position with fewer than 2 numbers, or -1
	shortN    int // how many numbers it has
	shortLine int
	coordErr  bool
	rawCoord  json.RawMessage // coordinates met before the geometry's type
}

func (st *geoStream) syntax(err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return &FeatureError{-1, "invalid JSON: unexpected end of the document"}
	}
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		return &FeatureError{-1, "invalid GeoJSON: " + plainJSONError(err)}
	}
	// the decoder stops at the offending byte (its Offset counts from
	// the start of the token in progress)
	off := st.dec.InputOffset()
	nl := st.cr.nl
	k := sort.Search(len(nl), func(i int) bool { return nl[i] >= off })
	col := off + 1
	if k > 0 {
		col = off - nl[k-1]
	}
	return &FeatureError{-1, fmt.Sprintf("invalid JSON at line %d, column %d: %s", k+1, col, plainJSONError(err))}
}

func (st *geoStream) token() (json.Token, error) {
	t, err := st.dec.Token()
	if err != nil {
		return nil, st.syntax(err)
	}
	return t, nil
}

// skip reads and drops one value.
func (st *geoStream) skip() error {
	depth := 0
	for {
		t, err := st.token()
		if err != nil {
			return err
		}
		if d, ok := t.(json.Delim); ok {
			if d == '{' || d == '[' {
				depth++
			} else {
				depth--
			}
		}
		if depth == 0 {
			return nil
		}
	}
}

// document reads the top-level object: a FeatureCollection, its features
// imported as they are read, or a single Feature.
func (st *geoStream) document() error {
	t, err := st.token()
	if err != nil {
		return err
	}
	if d, ok := t.(json.Delim); !ok || d != '{' {
		return &FeatureError{-1, fmt.Sprintf("expected a GeoJSON FeatureCollection or Feature object, got %v", t)}
	}
	var docType string
	top := feature{short: -1}
	for st.dec.More() {
		key, err := st.token()
		if err != nil {
			return err
		}
		switch key {
		case "type":
			v, err := st.token()
			if err != nil {
				return err
			}
			docType, _ = v.(string)
		case "features":
			if err := st.features(); err != nil {
				return err
			}
		case "geometry":
			if err := st.geometry(&top); err != nil {
				return err
			}
		case "properties":
			if err := st.dec.Decode(&top.props); err != nil {
				return st.syntax(err)
			}
		default:
			if err := st.skip(); err != nil {
				return err
			}
		}
	}
	if _, err := st.token(); err != nil { // the closing brace
		return err
	}
	if _, err := st.dec.Token(); err != io.EOF {
		return &FeatureError{-1, "invalid JSON: data after the GeoJSON object"}
	}
	switch docType {
	case "FeatureCollection":
		return nil
	case "Feature":
		st.rep.Features = 1
		top.typ = "Feature"
		if top.rawCoord != nil {
			if err := st.resolveCoords(&top, 0); err != nil {
				return err
			}
		}
		return st.add(&top, 0)
	}
	return &FeatureError{-1, fmt.Sprintf("expected a GeoJSON FeatureCollection or Feature, got type %q", docType)}
}

func (st *geoStream) features() error {
	t, err := st.token()
	if err != nil {
		return err
	}
	if d, ok := t.(json.Delim); !ok || d != '[' {
		return &FeatureError{-1, "\"features\": expected an array"}
	}
	var f feature
	for i := 0; st.dec.More(); i++ {
		if i%checkEvery == 0 {
			if err := st.ctx.Err(); err != nil {
				return fmt.Errorf("GeoJSON import stopped at feature %d: %w", i, err)
			}
		}
		st.rep.Features = i + 1
		f = feature{xy: f.xy[:0], ends: f.ends[:0], short: -1} // reuse the position buffer
		if err := st.feature(&f, i); err != nil {
			return err
		}
		if err := st.add(&f, i); err != nil {
			return err
		}
	}
	_, err = st.token()
	return err
}

func (st *geoStream) feature(f *feature, i int) error {
	t, err := st.token()
	if err != nil {
		return err
	}
	if d, ok := t.(json.Delim); !ok || d != '{' {
		return &FeatureError{i, fmt.Sprintf("not a Feature object: got %v", t)}
	}
	for st.dec.More() {
		key, err := st.token()
		if err != nil {
			return err
		}
		switch key {
		case "type":
			v, err := st.token()
			if err != nil {
				return err
			}
			s, ok := v.(string)
			if !ok {
				return &FeatureError{i, fmt.Sprintf("not a Feature object: type is %v, not a string", v)}
			}
			f.typ = s
		case "geometry":
			if err := st.geometry(f); err != nil {
				return err
			}
		case "properties":
			if err := st.dec.Decode(&f.props); err != nil {
				return st.syntax(err)
			}
		default:
			if err := st.skip(); err != nil {
				return err
			}
		}
	}
	if _, err := st.token(); err != nil {
		return err
	}
	if f.rawCoord != nil {
		return st.resolveCoords(f, i)
	}
	return nil
}

func (st *geoStream) geometry(f *feature) error {
	t, err := st.token()
	if err != nil {
		return err
	}
	if t == nil {
		return nil
	}
	if d, ok := t.(json.Delim); !ok || d != '{' {
		f.hasGeom, f.geomType = true, fmt.Sprint(t)
		return nil
	}
	f.hasGeom = true
	for st.dec.More() {
		key, err := st.token()
		if err != nil {
			return err
		}
		switch key {
		case "type":
			v, err := st.token()
			if err != nil {
				return err
			}
			f.geomType, _ = v.(string)
		case "coordinates":
			switch f.geomType {
			case "LineString":
				err = coords(st, f, false)
			case "MultiLineString":
				err = coords(st, f, true)
			case "":
				// the type comes later: keep the text and read it then
				err = st.dec.Decode(&f.rawCoord)
				if err != nil {
					err = st.syntax(err)
				}
			default:
				err = st.skip()
			}
			if err != nil {
				return err
			}
		default:
			if err := st.skip(); err != nil {
				return err
			}
		}
	}
	_, err = st.token()
	return err
}

// resolveCoords reads coordinates that came before the geometry's type.
func (st *geoStream) resolveCoords(f *feature, i int) error {
	raw := f.rawCoord
	f.rawCoord = nil
	if f.geomType != "LineString" && f.geomType != "MultiLineString" {
		return nil
	}
	sub := &geoStream{ctx: st.ctx, dec: json.NewDecoder(bytes.NewReader(raw)), cr: &countingReader{}, im: st.im, rep: st.rep}
	sub.dec.UseNumber()
	return coords(sub, f, f.geomType == "MultiLineString")
}

// coords reads LineString (or, multi, MultiLineString) coordinates into
// f.xy and f.ends. A value of the wrong shape sets f.coordErr and the rest
// of the value is skipped.
func coords(st *geoStream, f *feature, multi bool) error {
	bad := func(depth int) error {
		f.coordErr = true
		for depth > 0 {
			t, err := st.token()
			if err != nil {
				return err
			}
			if d, ok := t.(json.Delim); ok {
				if d == '{' || d == '[' {
					depth++
				} else {
					depth--
				}
			}
		}
		return nil
	}
	open := func(depth int) (bool, error) { // reads '[', or marks the value bad
		t, err := st.token()
		if err != nil {
			return false, err
		}
		if d, ok := t.(json.Delim); ok && d == '[' {
			return true, nil
		}
		if d, ok := t.(json.Delim); ok && d == '{' {
			return false, bad(depth + 1)
		}
		return false, bad(depth)
	}
	line := func(depth int) error { // depth: open arrays around the line
		if ok, err := open(depth); !ok || err != nil {
			return err
		}
		for pi := 0; st.dec.More(); pi++ {
			if ok, err := open(depth + 1); !ok || err != nil {
				return err
			}
			n := 0
			for st.dec.More() {
				t, err := st.token()
				if err != nil {
					return err
				}
				num, isNum := t.(json.Number)
				if !isNum {
					if d, ok := t.(json.Delim); ok && (d == '[' || d == '{') {
						return bad(depth + 3)
					}
					return bad(depth + 2)
				}
				x, err := strconv.ParseFloat(string(num), 64)
				if err != nil {
					return bad(depth + 2)
				}
				if n < 2 {
					f.xy = append(f.xy, x)
				}
				n++
			}
			if _, err := st.token(); err != nil {
				return err
			}
			if n < 2 {
				if f.short < 0 {
					f.short, f.shortN, f.shortLine = pi, n, len(f.ends)
				}
				f.xy = append(f.xy, make([]float64, 2-n)...)
			}
		}
		if _, err := st.token(); err != nil {
			return err
		}
		f.ends = append(f.ends, len(f.xy)/2)
		return nil
	}
	if !multi {
		return line(0)
	}
	if ok, err := open(0); !ok || err != nil {
		return err
	}
	for st.dec.More() {
		if err := line(1); err != nil {
			return err
		}
		if f.coordErr {
			return nil
		}
	}
	_, err := st.token()
	return err
}

// add imports a decoded feature: checks as the whole-document reader did,
// in the same order, then its positions and segments.
func (st *geoStream) add(f *feature, i int) error {
	rep, im := st.rep, st.im
	if f.typ != "Feature" {
		return &FeatureError{i, fmt.Sprintf("expected type \"Feature\", got %q", f.typ)}
	}
	if !f.hasGeom {
		rep.SkippedByType["null"]++
		return nil
	}
	switch f.geomType {
	case "LineString":
		if f.coordErr {
			return &FeatureError{i, "LineString coordinates: expected an array of [lon, lat] positions"}
		}
	case "MultiLineString":
		if f.coordErr {
			return &FeatureError{i, "MultiLineString coordinates: expected an array of arrays of [lon, lat] positions"}
		}
	default:
		rep.SkippedByType[f.geomType]++
		return nil
	}
	props, err := parseProps(f.props, st.opts)
	if err != nil {
		return &FeatureError{i, err.Error()}
	}
	pi := im.propsIndex(props)
	rep.LineFeatures++
	startPos := 0
	for li, end := range f.ends {
		if n := end - startPos; n < 2 {
			return &FeatureError{i, fmt.Sprintf("line %d has %d position(s); a LineString needs at least 2", li, n)}
		}
		prev := int32(-1)
		for p := startPos; p < end; p++ {
			if f.short >= 0 && li == f.shortLine && p-startPos == f.short {
				return &FeatureError{i, fmt.Sprintf("position %d: expected [lon, lat], got %d number(s)", f.short, f.shortN)}
			}
			lon, lat := f.xy[2*p], f.xy[2*p+1]
			if !(lon >= -180 && lon <= 180) || !(lat >= -90 && lat <= 90) {
				return &FeatureError{i, fmt.Sprintf("position %d: [%v, %v] is outside lon -180..180, lat -90..90", p-startPos, lon, lat)}
			}
			rep.Positions++
			v := im.vertex(lon, lat, rep)
			im.touch(v, i, p == startPos || p == end-1)
			if prev >= 0 {
				rep.Segments++
				im.segment(prev, v, pi, rep)
			}
			prev = v
		}
		startPos = end
	}
	return nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// checkEvery is how many records (features, segments, lines) an import
// reads between two looks at its context.
const checkEvery = 1024

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
		if float64(p.gauge) != v || !slices.Contains(network.Gauges, p.gauge) {
			return p, fmt.Errorf("property \"gauge_mm\": expected %s, got %v", network.GaugeList, v)
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

// importer accumulates vertices and segments. What it holds per position
// of a long line is a vertex (16 bytes of coordinates, 4 of its grid chain,
// 5 of owner and pin, 8 of its cell's hash, 2-4 slots of the grid) and a
// segment (24 bytes and 2-4 slots of the segment set): about 90 bytes.
type importer struct {
	opts     GeoJSONOptions
	tolKm    float64
	cell     float64 // grid cell edge on the unit sphere (chord units)
	grid     cellIndex
	merged   map[[2]float64]int32 // positions merged into a vertex elsewhere (within the tolerance)
	lonlat   [][2]float64
	segs     []segment
	props    []lineProps // distinct feature properties, segments index them
	propsIdx map[lineProps]int32
	stitched map[int32]bool
	owner    []int32 // per vertex: 1 + the first feature that has it
	pin      []bool  // per vertex: stays a node (a line's end, features meet)
	segSeen  keySet  // two-way segments as min<<32|max, one-way ones as 1<<63|a<<32|b
}

type segment struct {
	a, b  int32
	km    float64
	props int32 // index into importer.props
}

func (im *importer) propsIndex(p lineProps) int32 {
	if i, ok := im.propsIdx[p]; ok {
		return i
	}
	i := int32(len(im.props))
	im.props = append(im.props, p)
	im.propsIdx[p] = i
	return i
}

func newImporter(opts GeoJSONOptions) *importer {
	im := &importer{opts: opts, merged: map[[2]float64]int32{}, stitched: map[int32]bool{},
		propsIdx: map[lineProps]int32{}}
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

// cellOf is the grid cell of a position (lon −180 taken as +180).
func (im *importer) cellOf(lon, lat float64) [3]int32 {
	if lon == -180 {
		lon = 180
	}
	p := unitVec(lon, lat)
	return [3]int32{int32(math.Floor(p[0] / im.cell)), int32(math.Floor(p[1] / im.cell)), int32(math.Floor(p[2] / im.cell))}
}

// cellIndex finds the vertices of a grid cell: a hash table of chains, the
// head of a chain per slot and the next vertex per vertex. Cells whose hash
// falls in one slot share its chain, so a look-up may also meet vertices of
// other cells (the distance check drops them). It holds no key and makes no
// allocation per vertex, unlike a map of cells to slices of vertices.
type cellIndex struct {
	head []int32  // per slot: first vertex of its chain, or -1
	next []int32  // per vertex: next vertex of its chain, or -1
	hash []uint64 // per vertex: its cell's hash (other cells of the chain are skipped without a distance)
}

func cellHash(c [3]int32) uint64 {
	h := uint64(uint32(c[0]))*0x9E3779B97F4A7C15 ^ uint64(uint32(c[1]))*0xC2B2AE3D27D4EB4F ^ uint64(uint32(c[2]))*0x165667B19E3779F9
	h ^= h >> 31
	h *= 0xBF58476D1CE4E5B9
	return h ^ h>>29
}

// chain returns the hash of cell c and the first vertex of the chain its
// slot is in.
func (ci *cellIndex) chain(c [3]int32) (uint64, int32) {
	h := cellHash(c)
	if len(ci.head) == 0 {
		return h, -1
	}
	return h, ci.head[h&uint64(len(ci.head)-1)]
}

// addToGrid files vertex v (the last one added) in cell c; when the table
// grows, cellOf gives the cells of the vertices again.
func (im *importer) addToGrid(v int32, c [3]int32) {
	ci := &im.grid
	ci.next = append(ci.next, -1)
	ci.hash = append(ci.hash, cellHash(c))
	if 2*len(ci.next) > len(ci.head) {
		ci.head = make([]int32, max(1024, 2*len(ci.head))) // a power of 2
		for i := range ci.head {
			ci.head[i] = -1
		}
		mask := uint64(len(ci.head) - 1)
		for u := range int32(len(ci.next)) - 1 {
			h := ci.hash[u] & mask
			ci.next[u], ci.head[h] = ci.head[h], u
		}
	}
	h := ci.hash[v] & uint64(len(ci.head)-1)
	ci.next[v], ci.head[h] = ci.head[h], v
}

// keySet is a set of non-zero uint64 keys (open addressing, linear probing).
type keySet struct {
	slots []uint64
	n     int
}

// add inserts k and reports whether it was new.
func (s *keySet) add(k uint64) bool {
	if 2*(s.n+1) > len(s.slots) {
		old := s.slots
		s.slots = make([]uint64, max(1024, 2*len(old)))
		for _, x := range old {
			if x != 0 {
				s.put(x)
			}
		}
	}
	if !s.put(k) {
		return false
	}
	s.n++
	return true
}

func (s *keySet) put(k uint64) bool {
	mask := uint64(len(s.slots) - 1)
	h := k * 0x9E3779B97F4A7C15
	for i := (h ^ h>>32) & mask; ; i = (i + 1) & mask {
		switch s.slots[i] {
		case 0:
			s.slots[i] = k
			return true
		case k:
			return false
		}
	}
}

func (s *keySet) has(k uint64) bool {
	if len(s.slots) == 0 {
		return false
	}
	mask := uint64(len(s.slots) - 1)
	h := k * 0x9E3779B97F4A7C15
	for i := (h ^ h>>32) & mask; ; i = (i + 1) & mask {
		switch s.slots[i] {
		case 0:
			return false
		case k:
			return true
		}
	}
}

// vertex returns the vertex for a position, merging it with an existing
// vertex at the same place or within the tolerance.
func (im *importer) vertex(lon, lat float64, rep *Report) int32 {
	key := [2]float64{lon, lat}
	if lon == -180 {
		key[0] = 180 // the antimeridian is one line
	}
	if len(im.merged) > 0 {
		if v, ok := im.merged[key]; ok {
			return v
		}
	}
	c := im.cellOf(lon, lat)
	same := func(v int32) bool { // v is at this very place
		q := im.lonlat[v]
		if q[0] == -180 {
			q[0] = 180
		}
		return q == key
	}
	found := func(v int32) int32 {
		if im.lonlat[v][0] != lon {
			im.stitched[v] = true
		}
		return v
	}
	if im.tolKm <= 0 {
		// identical positions only: they share a cell
		h, v := im.grid.chain(c)
		for ; v >= 0; v = im.grid.next[v] {
			if im.grid.hash[v] == h && same(v) {
				return found(v)
			}
		}
	} else {
		best, bestKm := int32(-1), math.Inf(1)
		for dx := int32(-1); dx <= 1; dx++ {
			for dy := int32(-1); dy <= 1; dy++ {
				for dz := int32(-1); dz <= 1; dz++ {
					h, v := im.grid.chain([3]int32{c[0] + dx, c[1] + dy, c[2] + dz})
					for ; v >= 0; v = im.grid.next[v] {
						if im.grid.hash[v] != h {
							continue // another cell in the slot
						}
						if same(v) {
							return found(v)
						}
						q := im.lonlat[v]
						if km := spatial.GreatCircleKm(lon, lat, q[0], q[1]); km <= im.tolKm && km < bestKm {
							best, bestKm = v, km
						}
					}
				}
			}
		}
		if best >= 0 {
			im.merged[key] = best
			rep.MergedPositions++
			if math.Abs(lon) > 179 && math.Abs(im.lonlat[best][0]) > 179 && math.Signbit(lon) != math.Signbit(im.lonlat[best][0]) {
				im.stitched[best] = true
			}
			return best
		}
	}
	v := int32(len(im.lonlat))
	im.lonlat = append(im.lonlat, [2]float64{lon, lat})
	im.owner = append(im.owner, 0)
	im.pin = append(im.pin, false)
	im.addToGrid(v, c)
	return v
}

// touch notes that feature i has vertex v, at a line's end when end is
// set: a vertex of two features, or at an end, stays a node.
func (im *importer) touch(v int32, i int, end bool) {
	f := int32(i) + 1
	if o := im.owner[v]; o == 0 {
		im.owner[v] = f
	} else if o != f {
		im.pin[v] = true
	}
	if end {
		im.pin[v] = true
	}
}

func (im *importer) segment(a, b int32, pi int32, rep *Report) {
	p := im.props[pi]
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
	key := uint64(min(a, b))<<32 | uint64(max(a, b))
	if im.segSeen.has(key) {
		rep.DuplicateSegments++
		return
	}
	if p.forward {
		if !im.segSeen.add(1<<63 | uint64(a)<<32 | uint64(b)) {
			rep.DuplicateSegments++
			return
		}
	} else {
		im.segSeen.add(key)
	}
	im.segs = append(im.segs, segment{a, b, km, pi})
}

// build labels components, drops what is not kept and builds the Graph.
func (im *importer) build(ctx context.Context, rep *Report) (*network.Graph, error) {
	n := len(im.lonlat)
	rep.Vertices = n
	rep.AntimeridianStitched = len(im.stitched)
	for v := range im.stitched {
		im.pin[v] = true // where lines meet across the antimeridian
	}
	im.stitched = nil
	// the look-up tables of reading are done with: let them go before the
	// graph is built (for a long line they are as large as its nodes)
	im.grid, im.merged, im.segSeen = cellIndex{}, nil, keySet{}
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
	ch := im.newChains()
	// plan: walk every chain once, making nodes where a chain must be cut
	directed := 0
	for s := range im.segs {
		if ch.seen[s] {
			continue
		}
		x0, _, first, _ := ch.walk(int32(s), true)
		if keep(x0) {
			directed += 1 + boolInt(!im.props[im.segs[first].props].forward)
		}
	}
	kept := 0
	for v := 0; v < n; v++ {
		if keep(int32(v)) {
			if ch.inner(int32(v)) {
				rep.CollapsedVertices++
			} else {
				kept++
			}
		}
	}
	b := network.NewBuilder()
	src := "geojson-import"
	note := "links are great-circle segments between consecutive positions"
	if !im.opts.KeepVertices {
		note = "links are great-circle segments between consecutive positions, chains of them between junctions and line ends joined into one link (drawn straight)"
	}
	b.AddSource(network.Source{ID: src, Title: im.opts.Name, Publisher: "imported by corridor data import (GeoJSON)", Year: im.opts.Year,
		Note: note})
	b.Grow(kept, directed)
	srcs := []string{src} // shared by every node and link: the graph never changes them
	node := make([]network.NodeID, n)
	for v := 0; v < n; v++ {
		node[v] = network.None
		if !keep(int32(v)) {
			if used[v] {
				rep.DroppedVertices++
			}
			continue
		}
		if ch.inner(int32(v)) {
			continue
		}
		p := im.lonlat[v]
		node[v] = b.AddNode(network.Node{ID: fmt.Sprintf("V%d", b.NumNodes()+1), Name: fmt.Sprintf("%.5f,%.5f", p[0], p[1]),
			Kind: network.Waypoint, Lon: p[0], Lat: p[1], Sources: srcs})
	}
	im.lonlat = nil
	clear(ch.seen)
	edges := 0
	for s := range im.segs {
		if s%checkEvery == 0 {
			if err := ctx.Err(); err != nil {
				return nil, fmt.Errorf("GeoJSON import stopped: %w", err)
			}
		}
		if ch.seen[s] {
			continue
		}
		x0, y, first, km := ch.walk(int32(s), false)
		if node[x0] == network.None || node[y] == network.None {
			continue
		}
		edges++
		p := &im.props[im.segs[first].props]
		b.AddLink(network.LinkSpec{ID: fmt.Sprintf("L%d", edges), From: node[x0], To: node[y], Mode: p.mode,
			Gauge: p.gauge, DistanceKm: km, SpeedKmh: p.speed, Energy: p.energy,
			TariffUSDPerKm: p.perKm, CapacityTEUYear: p.cap, Sources: srcs, Both: !p.forward})
		rep.LengthKm += km
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

// chains finds the chains of segments that become one link: runs through
// inner vertices (see inner) between two nodes.
type chains struct {
	im   *importer
	on   bool       // collapsing at all (not KeepVertices)
	deg  []uint8    // per vertex: segments that have it, up to 3
	inc  [][2]int32 // per vertex: its first two segments
	seen []bool     // per segment: walked
}

func (im *importer) newChains() *chains {
	c := &chains{im: im, on: !im.opts.KeepVertices, seen: make([]bool, len(im.segs))}
	if !c.on {
		return c
	}
	n := len(im.lonlat)
	c.deg, c.inc = make([]uint8, n), make([][2]int32, n)
	for i, s := range im.segs {
		for _, v := range [2]int32{s.a, s.b} {
			if c.deg[v] < 2 {
				c.inc[v][c.deg[v]] = int32(i)
			}
			if c.deg[v] < 3 {
				c.deg[v]++
			}
		}
	}
	return c
}

// other is the end of segment s that is not v.
func (c *chains) other(s, v int32) int32 {
	if sg := &c.im.segs[s]; sg.a == v {
		return sg.b
	} else {
		return sg.a
	}
}

// next is the segment of inner vertex v that is not s.
func (c *chains) next(s, v int32) int32 {
	if c.inc[v][0] == s {
		return c.inc[v][1]
	}
	return c.inc[v][0]
}

// inner reports whether vertex v is no node: exactly two segments have it,
// to two different vertices, with the same properties (and, one-way, one
// in and one out), it is not a line's end, no other feature has it and it
// is not stitched across the antimeridian.
func (c *chains) inner(v int32) bool {
	im := c.im
	if !c.on || im.pin[v] || c.deg[v] != 2 {
		return false
	}
	s0, s1 := c.inc[v][0], c.inc[v][1]
	a, b := &im.segs[s0], &im.segs[s1]
	if a.props != b.props || c.other(s0, v) == c.other(s1, v) {
		return false
	}
	if im.props[a.props].forward && (a.a == v) == (b.a == v) {
		return false
	}
	return true
}

// walk finds the chain segment s is in and marks its segments seen: it
// returns the chain's first node x0, its last node y, its first segment
// (the link's properties) and its length. A two-way chain runs from the
// node behind s.a; a one-way chain in its direction. When plan is set, the
// walk makes a node of the inner vertex where the chain would pass
// CollapseKm or come back to x0 (a ring), so that the chain ends there.
func (c *chains) walk(s int32, plan bool) (x0, y, first int32, km float64) {
	im := c.im
	x0, first = im.segs[s].a, s
	for c.inner(x0) {
		nx := c.next(first, x0)
		if nx == s { // a ring of inner vertices: s.a becomes a node
			x0, first = im.segs[s].a, s
			im.pin[x0] = true
			break
		}
		x0, first = c.other(nx, x0), nx
	}
	cur := first
	y, km = c.other(cur, x0), im.segs[cur].km
	c.seen[cur] = true
	maxKm := im.opts.CollapseKm
	for c.inner(y) {
		nx := c.next(cur, y)
		z := c.other(nx, y)
		if plan && (z == x0 || (maxKm >= 0 && km+im.segs[nx].km > maxKm)) {
			im.pin[y] = true
			break
		}
		km += im.segs[nx].km
		c.seen[nx] = true
		cur, y = nx, z
	}
	return x0, y, first, km
}
