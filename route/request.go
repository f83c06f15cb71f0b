package route

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"corridor/errcode"
	"corridor/network"
	"corridor/spatial"
)

// Request is a route query as the CLI and the HTTP API receive it: nodes by
// id or name, countries and modes by code. Query turns it into a Query.
type Request struct {
	From           string        `json:"from"`
	To             string        `json:"to"`
	Via            []string      `json:"via,omitempty"`
	Depart         string        `json:"depart,omitempty"` // YYYY-MM-DD (00:00 UTC) or RFC 3339
	Cargo          *CargoRequest `json:"cargo,omitempty"`
	AvoidCountries []string      `json:"avoid_countries,omitempty"`
	AvoidGroups    []string      `json:"avoid_groups,omitempty"`
	AvoidNodes     []string      `json:"avoid_nodes,omitempty"`
	Modes          []string      `json:"modes,omitempty"`
	// SegmentModes are the modes of each segment of the trip, one list per
	// segment between the origin, the via places and the destination (so
	// one more than Via; an empty list allows every mode): Query.SegmentModes.
	SegmentModes      [][]string `json:"segment_modes,omitempty"`
	MaxTransshipments *int       `json:"max_transshipments,omitempty"`
	CarbonPrice       float64    `json:"carbon_price,omitempty"` // USD per tonne CO2e
	TimeValueRate     float64    `json:"time_value_rate,omitempty"`
	MaxResults        int        `json:"max_results,omitempty"`
	Objective         string     `json:"objective,omitempty"` // compare: time, cost, co2e, generalised
	// FullFront keeps the exact Pareto front; by default it is thinned by
	// DefaultMargins (see Margins).
	FullFront bool `json:"full_front,omitempty"`
}

// CargoRequest is the cargo of a Request. Give FEU or TEU (not both); the
// default is 1 FEU. Box is the box type (20, 40, 40hc or 45; default 20
// for TEU and 40 for FEU); it limits the tonnes per box (MaxPayloadTonnes).
// Tonnes default to 12 per FEU and 10 per TEU, value to USD 50,000 per
// container.
type CargoRequest struct {
	FEU      *int     `json:"feu,omitempty"` // nil: not given; 0 given is refused
	TEU      *int     `json:"teu,omitempty"`
	Box      string   `json:"box,omitempty"`
	Tonnes   *float64 `json:"tonnes,omitempty"`
	ValueUSD *float64 `json:"value_usd,omitempty"`
	Reefer   bool     `json:"reefer,omitempty"`
	DG       bool     `json:"dg,omitempty"`
}

// UnknownNodeError is a place reference that matches no node (or several).
// Suggestions are the places whose names come close; when none does, Hubs
// are the network's main hubs (MainHubs), offered as a starting point.
type UnknownNodeError struct {
	Field       string
	Ref         string
	Suggestions []NodeRef
	Hubs        []NodeRef
}

func (e *UnknownNodeError) Error() string {
	msg := fmt.Sprintf("%s: no place matches %q", e.Field, e.Ref)
	if len(e.Suggestions) > 0 {
		msg += "; did you mean " + refList(e.Suggestions) + "?"
	} else {
		msg += "; search a country's places with 'corridor nodes --country KZ' (API: GET /api/v1/nodes?country=KZ)"
		if len(e.Hubs) > 0 {
			msg += " or start from a main hub: " + refList(e.Hubs)
		}
	}
	return msg
}

func refList(refs []NodeRef) string {
	var s []string
	for _, n := range refs {
		s = append(s, fmt.Sprintf("%s (%s)", n.Name, n.ID))
	}
	return strings.Join(s, ", ")
}

// MainHubs returns up to k of the network's main hubs: terminals, dry
// ports and seaports with the most links, ties broken by capacity and id.
// They are what an unknown place reference suggests when no name is close.
func MainHubs(g *network.Graph, k int) []network.NodeID {
	type hub struct {
		n      network.NodeID
		degree int
		cap    float64
	}
	var hs []hub
	for i := 0; i < g.NumNodes(); i++ {
		n := g.Node(network.NodeID(i))
		switch n.Kind {
		case network.City, network.DryPort, network.Seaport:
			hs = append(hs, hub{network.NodeID(i), len(g.Out(network.NodeID(i))), n.CapacityTEUYear})
		}
	}
	slices.SortFunc(hs, func(a, b hub) int {
		switch {
		case a.degree != b.degree:
			return b.degree - a.degree
		case a.cap != b.cap:
			if a.cap > b.cap {
				return -1
			}
			return 1
		}
		return strings.Compare(g.Node(a.n).ID, g.Node(b.n).ID)
	})
	out := make([]network.NodeID, 0, k)
	for _, h := range hs[:min(k, len(hs))] {
		out = append(out, h.n)
	}
	return out
}

// ErrorCode classifies the error: errcode.NotFound.
func (e *UnknownNodeError) ErrorCode() errcode.Code { return errcode.NotFound }

// UnknownNodesError is several place references of one request that match
// no node (the origin and the destination, say), reported together. Its
// message has one line per place; errors.As finds the first
// *UnknownNodeError.
type UnknownNodesError []*UnknownNodeError

// err returns nil for no unknown place, the *UnknownNodeError for one, and
// e for several.
func (e UnknownNodesError) err() error {
	switch len(e) {
	case 0:
		return nil
	case 1:
		return e[0]
	}
	return e
}

// Error has one line per unknown place, each with its suggestions.
func (e UnknownNodesError) Error() string {
	lines := make([]string, len(e))
	for i, u := range e {
		lines[i] = u.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap returns each place's error.
func (e UnknownNodesError) Unwrap() []error {
	out := make([]error, len(e))
	for i, u := range e {
		out[i] = u
	}
	return out
}

// ErrorCode classifies the error: errcode.NotFound.
func (e UnknownNodesError) ErrorCode() errcode.Code { return errcode.NotFound }

// ErrorDetails names every field whose place reference matches nothing.
func (e UnknownNodesError) ErrorDetails() []errcode.Detail {
	var out []errcode.Detail
	for _, u := range e {
		out = append(out, u.ErrorDetails()...)
	}
	return out
}

// ErrorDetails names the field whose node reference matches nothing.
func (e *UnknownNodeError) ErrorDetails() []errcode.Detail {
	return []errcode.Detail{{Field: e.Field, Reason: "no place matches " + strconv.Quote(e.Ref)}}
}

// Snapper finds the node nearest to a point: *spatial.NodeIndex, which
// only offers nodes of the graph's largest connected component.
type Snapper interface {
	Snap(lon, lat float64) (network.NodeID, float64, bool)
}

// Snap records a node reference given as coordinates and the node it was
// snapped to. Distances reported for the route are along the network from
// that node: the snap distance is not included in them.
type Snap struct {
	Field      string  `json:"field"` // from, to, via or avoid_nodes
	Lon        float64 `json:"lon"`
	Lat        float64 `json:"lat"`
	Node       NodeRef `json:"node"`
	NodeLon    float64 `json:"node_lon"`
	NodeLat    float64 `json:"node_lat"`
	DistanceKm float64 `json:"distance_km"` // great-circle, from the point to the node
}

// ParseLonLat reads a point written "lon,lat" in degrees (e.g.
// "122.05,30.62"). looks is false when ref is not two comma-separated
// numbers (so it is a node id or name); err is set when it is, but out of
// range.
func ParseLonLat(ref string) (lon, lat float64, looks bool, err error) {
	a, b, ok := strings.Cut(ref, ",")
	if !ok {
		return 0, 0, false, nil
	}
	lon, err1 := strconv.ParseFloat(strings.TrimSpace(a), 64)
	lat, err2 := strconv.ParseFloat(strings.TrimSpace(b), 64)
	if err1 != nil || err2 != nil {
		return 0, 0, false, nil
	}
	if math.IsNaN(lon) || math.IsNaN(lat) || lon < -180 || lon > 180 || lat < -90 || lat > 90 {
		return lon, lat, true, fmt.Errorf("coordinates %q are out of range (lon,lat with lon -180..180 and lat -90..90)", ref)
	}
	return lon, lat, true, nil
}

// lastIndex caches the spatial index of the last graph that Query snapped
// on, so that a server answering many coordinate queries on one graph
// builds it once.
var lastIndex struct {
	sync.Mutex
	g  *network.Graph
	ix *spatial.NodeIndex
}

func defaultSnapper(g *network.Graph) Snapper {
	lastIndex.Lock()
	defer lastIndex.Unlock()
	if lastIndex.g != g {
		lastIndex.g, lastIndex.ix = g, spatial.NewNodeIndex(g)
	}
	return lastIndex.ix
}

// Query resolves the request against g. now is the default departure
// (rounded down to the hour). Errors are *InputError or *UnknownNodeError.
// Node references may be coordinates "lon,lat"; see Resolve.
func (r *Request) Query(g *network.Graph, now time.Time) (Query, error) {
	q, _, err := r.Resolve(g, now, nil)
	return q, err
}

// Resolve is Query that also reports how coordinates were snapped. A node
// reference written "lon,lat" (degrees) is snapped by snap to the nearest
// node of the graph's main connected component; a nil snap uses a spatial
// index of g (built once per graph and kept for the next call).
func (r *Request) Resolve(g *network.Graph, now time.Time, snap Snapper) (Query, []Snap, error) {
	if err := r.checkLimits(); err != nil {
		return Query{}, nil, err
	}
	var snaps []Snap
	resolve := func(field, ref string) (network.NodeID, error) {
		if strings.TrimSpace(ref) == "" {
			return network.None, &InputError{field, "a place is required: an id, a name or lon,lat"}
		}
		if lon, lat, looks, err := ParseLonLat(ref); looks {
			if err != nil {
				return network.None, &InputError{field, err.Error()}
			}
			if snap == nil {
				snap = defaultSnapper(g)
			}
			n, km, ok := snap.Snap(lon, lat)
			if !ok {
				return network.None, &InputError{field, "the network has no place to snap to"}
			}
			nd := g.Node(n)
			snaps = append(snaps, Snap{Field: field, Lon: lon, Lat: lat, Node: NodeRef{nd.ID, nd.Name},
				NodeLon: nd.Lon, NodeLat: nd.Lat, DistanceKm: km})
			return n, nil
		}
		n, sugg, ok := g.Resolve(ref)
		if ok {
			return n, nil
		}
		e := &UnknownNodeError{Field: field, Ref: ref}
		for _, s := range sugg {
			e.Suggestions = append(e.Suggestions, NodeRef{g.Node(s).ID, g.Node(s).Name})
		}
		if len(sugg) == 0 {
			for _, h := range MainHubs(g, 6) {
				e.Hubs = append(e.Hubs, NodeRef{g.Node(h).ID, g.Node(h).Name})
			}
		}
		return network.None, e
	}
	var q Query
	// Every unknown place is reported at once; any other error at once.
	var unknown UnknownNodesError
	place := func(field, ref string) (network.NodeID, error) {
		n, err := resolve(field, ref)
		var ue *UnknownNodeError
		if errors.As(err, &ue) {
			unknown = append(unknown, ue)
			return network.None, nil
		}
		return n, err
	}
	var err error
	if q.From, err = place("from", r.From); err != nil {
		return q, snaps, err
	}
	if q.To, err = place("to", r.To); err != nil {
		return q, snaps, err
	}
	vias := make([]network.NodeID, len(r.Via))
	for i, v := range r.Via {
		if vias[i], err = place("via", v); err != nil {
			return q, snaps, err
		}
	}
	for _, v := range r.AvoidNodes {
		n, err := place("avoid_nodes", v)
		if err != nil {
			return q, snaps, err
		}
		q.AvoidNodes = append(q.AvoidNodes, n)
	}
	if err := unknown.err(); err != nil {
		return q, snaps, err
	}
	for i, n := range vias {
		switch n {
		case q.From:
			return q, snaps, &InputError{"via", fmt.Sprintf("%q is the origin; a via must be a place between origin and destination", r.Via[i])}
		case q.To:
			return q, snaps, &InputError{"via", fmt.Sprintf("%q is the destination; a via must be a place between origin and destination", r.Via[i])}
		}
		q.Via = append(q.Via, n)
	}
	q.Depart = now.UTC().Truncate(time.Hour)
	if d := strings.TrimSpace(r.Depart); d != "" {
		t, err := ParseTime(d)
		if err != nil {
			return q, snaps, &InputError{"depart", err.Error()}
		}
		if err := checkDepart(t); err != nil {
			return q, snaps, err
		}
		q.Depart = t
	}
	q.Cargo = DefaultCargo()
	if c := r.Cargo; c != nil {
		feu, teu := deref(c.FEU), deref(c.TEU)
		switch {
		case c.FEU != nil && feu < 1:
			return q, snaps, &InputError{"cargo.feu", fmt.Sprintf("must be at least 1, got %d (leave it out for the default of 1 FEU)", feu)}
		case c.TEU != nil && teu < 1:
			return q, snaps, &InputError{"cargo.teu", fmt.Sprintf("must be at least 1, got %d (leave it out for the default of 1 FEU)", teu)}
		case feu > 0 && teu > 0:
			return q, snaps, &InputError{"cargo", "give feu or teu, not both"}
		case teu > 0:
			q.Cargo.Size, q.Cargo.Containers = TEU, teu
		case feu > 0:
			q.Cargo.Containers = feu
		}
		if strings.TrimSpace(c.Box) != "" {
			b, err := ParseBox(c.Box)
			if err != nil {
				return q, snaps, &InputError{"cargo.box", err.Error()}
			}
			if teu > 0 && b != Box20 || feu > 0 && b == Box20 {
				return q, snaps, &InputError{"cargo.box", fmt.Sprintf("a %s box is not a %s; give teu with box 20 and feu with 40, 40hc or 45", b.label(false), sizeName(q.Cargo.Size))}
			}
			q.Cargo.Box, q.Cargo.Size = b, b.Size()
		}
		perBox := 12.0
		if q.Cargo.Size == TEU {
			perBox = 10
		}
		q.Cargo.Tonnes = perBox * float64(q.Cargo.Containers)
		if c.Tonnes != nil {
			q.Cargo.Tonnes = *c.Tonnes
		}
		q.Cargo.ValueUSD = 50000 * float64(q.Cargo.Containers)
		if c.ValueUSD != nil {
			q.Cargo.ValueUSD = *c.ValueUSD
		}
		q.Cargo.Reefer, q.Cargo.DG = c.Reefer, c.DG
	}
	for _, c := range r.AvoidCountries {
		q.AvoidCountries = append(q.AvoidCountries, strings.ToUpper(strings.TrimSpace(c)))
	}
	for _, c := range r.AvoidGroups {
		q.AvoidGroups = append(q.AvoidGroups, strings.ToUpper(strings.TrimSpace(c)))
	}
	if len(r.Modes) > 0 {
		if q.Modes, err = parseModes(r.Modes); err != nil {
			return q, snaps, &InputError{"modes", err.Error()}
		}
	}
	if n := len(r.SegmentModes); n > 0 && n != len(r.Via)+1 {
		lists := "lists"
		if n == 1 {
			lists = "list"
		}
		return q, snaps, &InputError{"segment_modes", fmt.Sprintf("%d %s of modes for %d segments (one list more than the %d via places)", n, lists, len(r.Via)+1, len(r.Via))}
	}
	for i, ms := range r.SegmentModes {
		seg, err := parseModes(ms)
		if err != nil {
			return q, snaps, &InputError{"segment_modes", fmt.Sprintf("segment %d: %v", i+1, err)}
		}
		q.SegmentModes = append(q.SegmentModes, seg)
	}
	q.MaxTransshipments = -1
	if r.MaxTransshipments != nil {
		if *r.MaxTransshipments < 0 {
			return q, snaps, &InputError{"max_transshipments", "must not be negative"}
		}
		q.MaxTransshipments = *r.MaxTransshipments
	}
	q.CarbonPriceUSDPerTonne = r.CarbonPrice
	q.TimeValueRate = r.TimeValueRate
	q.MaxResults = r.MaxResults
	if !r.FullFront {
		q.Margins = DefaultMargins
	}
	return q, snaps, q.check(g)
}

// ParseTime reads a time as every front end accepts it: a date YYYY-MM-DD
// (00:00 UTC) or an RFC 3339 time; surrounding spaces are ignored. The
// result is in UTC.
func ParseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t, err = time.Parse(time.DateOnly, s)
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("expected a date YYYY-MM-DD or an RFC 3339 time, got %q", s)
	}
	return t.UTC(), nil
}

// QueryEcho is a resolved query as it is echoed in results.
type QueryEcho struct {
	From              NodeRef    `json:"from"`
	To                NodeRef    `json:"to"`
	Via               []NodeRef  `json:"via,omitempty"`
	Depart            time.Time  `json:"depart"`
	Cargo             CargoEcho  `json:"cargo"`
	AvoidCountries    []string   `json:"avoid_countries,omitempty"`
	AvoidGroups       []string   `json:"avoid_groups,omitempty"`
	AvoidNodes        []NodeRef  `json:"avoid_nodes,omitempty"`
	Modes             []string   `json:"modes,omitempty"`
	SegmentModes      [][]string `json:"segment_modes,omitempty"`
	MaxTransshipments *int       `json:"max_transshipments,omitempty"`
	CarbonPrice       float64    `json:"carbon_price"`
	TimeValueRate     float64    `json:"time_value_rate"`
	MaxResults        int        `json:"max_results,omitempty"`
	// Notes says what the query's avoidances imply beyond the countries'
	// own places: "avoiding EG closes the Suez Canal".
	Notes []string `json:"notes,omitempty"`
}

// CargoEcho is the cargo part of a QueryEcho.
type CargoEcho struct {
	Containers int     `json:"containers"`
	Size       string  `json:"size"`
	Box        string  `json:"box"` // 20, 40, 40hc or 45
	TEU        float64 `json:"teu"`
	Tonnes     float64 `json:"tonnes"`
	ValueUSD   float64 `json:"value_usd"`
	Reefer     bool    `json:"reefer"`
	DG         bool    `json:"dg"`
}

// Echo describes q for output.
func Echo(g *network.Graph, q Query) QueryEcho {
	ref := func(n network.NodeID) NodeRef { return NodeRef{g.Node(n).ID, g.Node(n).Name} }
	e := QueryEcho{From: ref(q.From), To: ref(q.To), Depart: q.Depart.UTC(),
		AvoidCountries: q.AvoidCountries, AvoidGroups: q.AvoidGroups,
		CarbonPrice: q.CarbonPriceUSDPerTonne, TimeValueRate: q.TimeValueRate, MaxResults: q.MaxResults}
	if e.TimeValueRate == 0 {
		e.TimeValueRate = DefaultTimeValueRate
	}
	_, e.Notes = q.ClosedChokepoints(g)
	for _, v := range q.Via {
		e.Via = append(e.Via, ref(v))
	}
	for _, v := range q.AvoidNodes {
		e.AvoidNodes = append(e.AvoidNodes, ref(v))
	}
	for _, m := range q.Modes {
		e.Modes = append(e.Modes, m.String())
	}
	for _, ms := range q.SegmentModes {
		seg := []string{}
		for _, m := range ms {
			seg = append(seg, m.String())
		}
		e.SegmentModes = append(e.SegmentModes, seg)
	}
	if q.MaxTransshipments >= 0 {
		m := q.MaxTransshipments
		e.MaxTransshipments = &m
	}
	size := "FEU"
	if q.Cargo.Size == TEU {
		size = "TEU"
	}
	e.Cargo = CargoEcho{q.Cargo.Containers, size, q.Cargo.BoxType().String(), q.Cargo.TEUs(), q.Cargo.Tonnes, q.Cargo.ValueUSD, q.Cargo.Reefer, q.Cargo.DG}
	return e
}

func deref(p *int) int {
	if p == nil {
		return 0
	}
	return *p
}

// parseModes reads mode names (any case, spaces around ignored); the
// result is not nil, so that an empty list stays a list.
func parseModes(names []string) ([]network.Mode, error) {
	ms := []network.Mode{}
	for _, m := range names {
		mode, err := network.ParseMode(strings.ToLower(strings.TrimSpace(m)))
		if err != nil {
			return nil, err
		}
		ms = append(ms, mode)
	}
	return ms, nil
}
