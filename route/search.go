package route

import (
	"context"
	"math"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"corridor/emissions"
	"corridor/internal/minheap"
	"corridor/network"
)

// Router answers route queries on one Graph. It is safe for concurrent use:
// the Graph is shared and read-only, and every query takes its own
// workspace from a pool.
type Router struct {
	g       *network.Graph
	factors []emissions.Factor // per link
	perTkm  []float64          // per link: kg CO2e WTW per tonne over its whole length
	// linkCorridors holds, per link, the index in g.Corridors() of each of its tags.
	linkCorridors [][]int
	// corridorBits holds, per link, its tags as bits by index in
	// g.Corridors() (when the network has at most 64 corridors), and
	// passage the passage each link makes (Graph.PassageOf): the link
	// filters of Compare's per-corridor searches read them.
	corridorBits []uint64
	passage      []network.Passage
	// country numbers each node's country (-1 where it has none), for the
	// rule that a sea leg may not start and end in one country.
	country []int16
	// roadLim holds, per link, the road payload per box class (roadLimits).
	roadLim [][3]float64
	// hot holds, per link, what the search reads of it at every step.
	hot   []hotLink
	slots slots // the arrival slots lower bounds are kept for
	pool  sync.Pool

	// bounds caches lower bounds per set of allowed links (a *boundTable
	// per key), then destination (see boundsFor); boundsN counts the
	// bound sets, boundsEpoch the times the cache was emptied.
	bounds      sync.Map
	boundsN     atomic.Int64
	boundsEpoch atomic.Uint64

	// dated holds, per network.Graph.DatedKey, the router of the graph as
	// it is in months when dated parameters are in force (see At);
	// undated is, on such a router, the router it was made from.
	dated   sync.Map
	undated *Router
	month   network.Month // on a dated router: a month it serves

	// noReach skips the reachability check before a restricted search,
	// and searchAll makes Compare run every corridor's own search (tests
	// compare the answers with and without each shortcut).
	noReach, searchAll bool
}

// At returns the router for queries departing at t: r itself when no
// dated parameter of the network is in force in t's month, else a router
// (made once per set of dated parameters in force, then kept) on the
// graph network.Graph.AtMonth derives for that month. Search and Compare
// call it with the query's departure; callers that read the graph's
// times for a query (the simulation) should too.
func (r *Router) At(t time.Time) *Router {
	if r.undated != nil {
		r = r.undated
	}
	m := network.MonthOf(t)
	key := r.g.DatedKey(m)
	if key == "" {
		return r
	}
	if v, ok := r.dated.Load(key); ok {
		return v.(*Router)
	}
	d := New(r.g.AtMonth(m))
	d.undated, d.month = r, m
	d.noReach, d.searchAll = r.noReach, r.searchAll // (the tests' switches hold in every month)
	v, _ := r.dated.LoadOrStore(key, d)
	return v.(*Router)
}

// New returns a Router for g.
func New(g *network.Graph) *Router {
	r := &Router{g: g, factors: make([]emissions.Factor, g.NumLinks()), perTkm: make([]float64, g.NumLinks()),
		linkCorridors: make([][]int, g.NumLinks()), corridorBits: make([]uint64, g.NumLinks()), passage: make([]network.Passage, g.NumLinks()), country: make([]int16, g.NumNodes()), roadLim: roadLimits(g), slots: newSlots(g)}
	countries := map[string]int16{}
	for i := range r.country {
		c := g.Node(network.NodeID(i)).Country
		if c == "" {
			r.country[i] = -1
			continue
		}
		if _, ok := countries[c]; !ok {
			countries[c] = int16(len(countries))
		}
		r.country[i] = countries[c]
	}
	tagIndex := map[string]int{}
	for i, c := range g.Corridors() {
		tagIndex[c.Tag] = i
	}
	for i := range r.factors {
		k := g.Link(network.LinkID(i))
		for _, c := range k.Corridors {
			r.linkCorridors[i] = append(r.linkCorridors[i], tagIndex[c])
		}
		if len(tagIndex) <= 64 {
			for _, j := range r.linkCorridors[i] {
				r.corridorBits[i] |= 1 << j
			}
		}
		r.passage[i] = g.PassageOf(network.LinkID(i))
		r.factors[i] = emissions.LinkFactor(k)
		r.perTkm[i] = emissions.Leg(r.factors[i], 1, k.DistanceKm).WTW()
	}
	r.hot = make([]hotLink, g.NumLinks())
	for i := range r.hot {
		k := g.Link(network.LinkID(i))
		r.hot[i] = hotLink{hours: k.Hours, dwell: g.Node(k.To).BorderMedianHours, to: k.To,
			slot: r.slots.of[i], gauge: k.Gauge, mode: k.Mode}
	}
	r.pool.New = func() any { return newWorkspace(g) }
	return r
}

// Graph returns the network the router searches.
func (r *Router) Graph() *network.Graph { return r.g }

// datedOn lists the dated parameters in force in r's month that set a
// time on a link of path or at a node it reaches.
func (r *Router) datedOn(path []network.LinkID) []DatedParam {
	g, m := r.g, r.month
	ps := g.Params()
	var out []DatedParam
	for i := range ps {
		p := &ps[i]
		if !p.Dated() || !p.InForce(m) {
			continue
		}
		uses := false
		for j, l := range path {
			if p.Kind.OnNodes() {
				n := g.Link(l).To
				uses = g.ParamOfNodeAt(p.Kind, n, m) == i || (j == 0 && g.ParamOfNodeAt(p.Kind, g.Link(l).From, m) == i)
			} else {
				uses = g.ParamOfLinkAt(p.Kind, l, m) == i
			}
			if uses {
				break
			}
		}
		if uses {
			d := DatedParam{ID: p.ID, Kind: string(p.Kind), Value: p.Value}
			if p.From != 0 {
				d.From = p.From.String()
			}
			if p.To != 0 {
				d.To = p.To.String()
			}
			out = append(out, d)
		}
	}
	return out
}

// hotLink is what the search reads of a link at every step, packed in 32
// bytes: loading the mode of a network.Link (152 bytes, here and there in
// memory) was the most sampled instruction of step under perf.
type hotLink struct {
	hours float64 // running hours
	dwell float64 // border or canal dwell at its head
	to    network.NodeID
	slot  int32 // the slot its head is reached in (slots.of)
	gauge network.Gauge
	mode  network.Mode
}

// nGauge is the number of gauge indexes: none and network.Gauges.
const nGauge = 5

func gaugeIndex(g network.Gauge) int {
	switch g {
	case network.Standard:
		return 1
	case network.Russian:
		return 2
	case network.Iberian:
		return 3
	case network.Broad:
		return 4
	}
	return 0
}

// label is one partial path: its criteria and how it was reached.
type label struct {
	hours, cost, co2 float64 // since departure; USD; kg CO2e WTW
	pred             int32   // previous label, -1 at the origin
	link             network.LinkID
	state            int32
	xfers            int16
	// board is, on a sea leg, the country of the port where the leg
	// began (-1 off the sea, at the target, or where the port has no
	// country): the leg may not end in it.
	board int16
	dead  bool // dominated after it was queued
}

// workspace is one query's scratch memory, reused through the Router's pool.
type workspace struct {
	labels  []label
	bags    [][]bagEntry // non-dominated labels per state
	touched []int32      // states whose bag is not empty
	heap    []entry      // queued labels, ordered by key, then lexicographically (see less)
	results []int32
	arrived arrivedSet // the criteria of the target state's bag, by cost
	seeds   []label    // arrived labels of the seed paths (see seed), criteria only
	st      stepResult // the step being taken
	order   []int32    // scratch for fuzzyResults

	linkOK   []bool
	linkWait []float64 // hours: the least wait a link's services impose (see prepare)
	// baseOK and baseWait are linkOK and linkWait before the query's
	// corridors and excluded passages filter them (restrictLinks), so that
	// queries that differ only there, as Compare's per-corridor searches
	// do, prepare by filtering them again.
	baseOK   []bool
	baseWait []float64
	svcOK    []bool // per service: it takes the cargo
	// Per link, from svcOK (see servicesTaking): whether its services
	// take the cargo, and the least wait they impose; svcLast and svcFor
	// are the svcOK and graph they were filled from.
	svcLink  []uint8
	svcWait  []float64
	svcTT    []bool              // per link: a timetabled service takes the cargo
	svcFreq  []network.ServiceID // per link without svcTT: the frequency service whose wait is svcWait (-1: none)
	svcLast  []bool
	svcFor   *network.Graph
	linkCost []float64 // USD for the cargo, tariffs (and carbon)
	linkCO2  []float64 // kg WTW for the cargo
	rates    dated     // the query's dated tariffs and surcharges
	nodeOK   []bool
	prep     prepared                     // what the arrays above were computed from
	seen     []uint32                     // reachable's marks, by stamp
	stamp    uint32                       // reachable's present stamp
	bfs      []network.NodeID             // reachable's queue
	lb       *boundSet                    // lower bounds to the destination, per unit
	okKey    []byte                       // the allowed links as a bit set and more: the bounds cache key
	tab      *boundTable                  // the bounds of okKey, per destination (nil: look it up)
	tabEpoch uint64                       // Router.boundsEpoch when tab was looked up
	dheap    minheap.Heap[float64, int32] // the bounds Dijkstra's queue, of slots
}

func newWorkspace(g *network.Graph) *workspace {
	n, l := g.NumNodes(), g.NumLinks()
	return &workspace{
		linkOK: make([]bool, l), linkWait: make([]float64, l), linkCost: make([]float64, l), linkCO2: make([]float64, l),
		baseOK: make([]bool, l), baseWait: make([]float64, l),
		nodeOK: make([]bool, n), svcOK: make([]bool, g.NumServices()),
	}
}

// params are a query's derived, per-search constants.
type params struct {
	q            *Query
	nvia         int
	units        float64 // TEU tariffs paid
	teus         float64 // capacity used
	tonnes       float64 // tonnage for emissions
	carbonPerKg  float64 // USD per kg CO2e
	departWeekMn float64 // minutes since Sunday 00:00 UTC at departure
	slots        *slots  // the router's
	origin       int32   // the state of the first label, at the origin
	target       int32   // the state of every label that has arrived
	segModes     []uint8 // per via count, the modes allowed (Query.SegmentModes; nil: all)
}

// States number the ways a label can stand: a slot (the node with the mode
// and gauge it was reached by) and the number of via nodes visited,
// slot·(nvia+1) + via; then the origin, where the first label stands
// before any link, and the target, where every label that has arrived
// stands. Labels compare only within a state (insert). Numbered by slot
// rather than by node, mode and gauge, the states of a query are a few
// thousand, and their bags' headers fit in the cache.

// decode returns the node, arrival mode and gauge, and via count of a state
// other than the target.
func (p *params) decode(s int32) (network.NodeID, network.Mode, network.Gauge, int) {
	if s == p.origin {
		return p.q.From, 0, 0, 0
	}
	slot, via := int(s), 0
	if p.nvia > 0 { // (most queries have none: no division)
		slot, via = int(s)/(p.nvia+1), int(s)%(p.nvia+1)
	}
	c := p.slots.combo[slot]
	gauges := [nGauge]network.Gauge{0, network.Standard, network.Russian, network.Iberian, network.Broad}
	return p.slots.node[slot], network.Mode(c / nGauge), gauges[c%nGauge], via
}

// Search returns the Pareto-optimal itineraries of q in (hours, cost_usd,
// co2e_kg), thinned by q.Margins when they are set, sorted by hours. When no itinerary satisfies the constraints it
// returns a *NoRouteError naming the constraint that blocks; a malformed
// query gives an *InputError. The search stops when ctx is done.
func (r *Router) Search(ctx context.Context, q Query) ([]Itinerary, error) {
	if d := r.At(q.Depart); d != r {
		return d.Search(ctx, q)
	}
	if err := q.check(r.g); err != nil {
		return nil, err
	}
	if err := r.checkEnds(&q); err != nil {
		return nil, err
	}
	ws := r.pool.Get().(*workspace)
	defer r.pool.Put(ws)
	p, err := r.run(ctx, ws, &q)
	if err != nil {
		return nil, err
	}
	if len(ws.results) == 0 {
		return nil, r.diagnose(ctx, q)
	}
	ws.paretoResults()
	ws.fuzzyResults(p)
	ws.keepLabels(p, q.MaxResults) // only the itineraries kept are built
	its := make([]Itinerary, 0, len(ws.results))
	for _, li := range ws.results {
		its = append(its, r.build(ws, p, li))
	}
	its = selectResults(its, q.MaxResults)
	return its, nil
}

// run performs the label-setting search and leaves the arrived labels in ws.results.
func (r *Router) run(ctx context.Context, ws *workspace, q *Query) (*params, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	g := r.g
	p := r.newParams(q)
	r.prepare(ws, p)
	ws.reset(int(p.target) + 1)
	if q.restricted() && !r.noReach && !r.reachable(ws, q) {
		return p, nil // no itinerary: not even the relaxed graph reaches
	}

	ws.arrived.target = p.target
	ws.labels = append(ws.labels, label{pred: -1, link: -1, state: p.origin, board: -1})
	ws.insert(0, q.MaxTransshipments >= 0)
	ws.push(entry{key: 0, idx: 0}) // alone in the queue: its key does not matter
	r.seed(ws, p)
	pops := 0
	for len(ws.heap) > 0 {
		li := ws.pop()
		lab := ws.labels[li]
		if lab.dead {
			continue
		}
		if pops++; pops&1023 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		if lab.state == p.target {
			ws.results = append(ws.results, li)
			continue
		}
		node, mode, gauge, via := p.decode(lab.state)
		out := g.Out(node)
		// Each new label is made in place, past the end of ws.labels, and
		// kept by extending it (made on the stack and copied, its fields
		// written one by one were read back 16 bytes at a time, which
		// store forwarding does not serve).
		ws.labels = slices.Grow(ws.labels, len(out))
		for _, l := range out {
			idx := int32(len(ws.labels))
			nl := &ws.labels[:idx+1][idx]
			if !r.extend(ws, p, &lab, li, node, mode, gauge, via, l, nl) {
				continue
			}
			key, pruned := ws.prunedByResults(nl, r.slots.of[l], p, q.MaxTransshipments >= 0)
			if pruned {
				continue
			}
			ws.labels = ws.labels[:idx+1]
			if !ws.insert(idx, q.MaxTransshipments >= 0) {
				ws.labels = ws.labels[:idx]
				continue
			}
			ws.push(entry{key: key, idx: idx})
		}
	}
	return p, nil
}

// newParams derives the per-search constants of q.
func (r *Router) newParams(q *Query) *params {
	p := &params{q: q, nvia: len(q.Via)}
	p.units = q.Cargo.tariffUnits()
	p.teus = q.Cargo.TEUs()
	p.tonnes = emissions.ContainerTonnes(p.teus, q.Cargo.Tonnes)
	p.carbonPerKg = q.CarbonPriceUSDPerTonne / 1000
	d := q.Depart.UTC()
	p.departWeekMn = float64(int(d.Weekday())*1440+d.Hour()*60+d.Minute()) + float64(d.Second())/60
	p.slots = &r.slots
	p.origin = int32(len(r.slots.node) * (p.nvia + 1))
	p.target = p.origin + 1
	p.segModes = q.segmentMasks()
	return p
}

// extend writes into out the label that taking link l makes of lab (index
// li, at node, reached by mode and gauge, via nodes visited), and reports
// whether the link may be taken: a service takes the cargo, the node
// transships where the mode or gauge changes, the transshipment limit
// holds and no sea leg ends in the country it began in. A label that reaches the destination
// after every via node is in the target state.
func (r *Router) extend(ws *workspace, p *params, lab *label, li int32, node network.NodeID, mode network.Mode, gauge network.Gauge, via int, l network.LinkID, out *label) bool {
	q, st := p.q, &ws.st
	if !ws.linkOK[l] {
		return false
	}
	if p.segModes != nil {
		if m := p.segModes[via]; m != 0 && m&(1<<r.hot[l].mode) == 0 {
			return false
		}
	}
	if !r.step(ws, p, lab.hours, node, mode, gauge, l, st) {
		return false
	}
	xf := lab.xfers
	if st.transfer {
		xf++
		if q.MaxTransshipments >= 0 && int(xf) > q.MaxTransshipments {
			return false
		}
	}
	k := &r.hot[l]
	to := k.to
	nv := via
	if nv < p.nvia && q.Via[nv] == to {
		nv++
	}
	ns := k.slot*int32(p.nvia+1) + int32(nv)
	board := int16(-1)
	if k.mode == network.Sea {
		board = lab.board
		if mode != network.Sea {
			board = r.country[node]
		}
	} else if mode == network.Sea && lab.board >= 0 && lab.board == r.country[node] {
		return false // a sea leg ending in the country it began in
	}
	if to == q.To && nv == p.nvia {
		if board >= 0 && board == r.country[to] {
			return false
		}
		ns, board = p.target, -1
		st.cost += ws.rates.lastSur[l] * p.units
	}
	out.hours = lab.hours + st.total()
	out.cost = lab.cost + st.cost
	out.co2 = lab.co2 + st.co2
	out.pred, out.link, out.state, out.xfers, out.board, out.dead = li, l, ns, xf, board, false
	return true
}

// prepare computes the per-query link and node filters, the cargo's link
// costs and emissions, and lower bounds to the destination. The filters,
// costs and emissions depend on the query's cargo, carbon price and
// restrictions and on the dated tariffs and surcharges, not on its ends:
// when those are what the workspace last prepared, they are kept.
func (r *Router) prepare(ws *workspace, p *params) {
	r.prepareFilters(ws, p)
	ws.lb = r.boundsFor(ws, p.q.To)
}

// prepareFilters is prepare without the bounds: the link and node filters,
// costs and emissions of the query of p (reused when they repeat).
func (r *Router) prepareFilters(ws *workspace, p *params) {
	g := r.g
	ws.rates.resolve(g, p.q)
	if !ws.prep.same(g, p, ws.rates.gen) {
		if !ws.prep.sameBase(g, p, ws.rates.gen) {
			r.prepareLinks(ws, p)
		}
		r.restrictLinks(ws, p.q)
		ws.prep.save(g, p, ws.rates.gen)
		ws.tab = nil // another set of allowed links: other bounds
	}
}

// linksBack appends to path[:0] the links of label li's path, from its
// last link back to the origin (Classify does not mind the order).
func (ws *workspace) linksBack(path []network.LinkID, li int32) []network.LinkID {
	path = path[:0]
	for i := li; ws.labels[i].pred >= 0; i = ws.labels[i].pred {
		path = append(path, ws.labels[i].link)
	}
	return path
}

// prepareLinks fills the link and node filters and the cargo's link costs
// and emissions of the query of p.
func (r *Router) prepareLinks(ws *workspace, p *params) {
	g, q := r.g, p.q
	avoidC := q.avoidedCountries(g)
	if len(ws.nodeOK) != g.NumNodes() {
		ws.nodeOK = make([]bool, g.NumNodes())
	}
	for i := range ws.nodeOK {
		n := g.Node(network.NodeID(i))
		_, avoided := n.InCountry(avoidC) // its country, or a country controlling a chokepoint
		ws.nodeOK[i] = !avoided && !n.Closed
	}
	for _, n := range q.AvoidNodes {
		ws.nodeOK[n] = false
	}
	if len(ws.svcOK) != g.NumServices() {
		ws.svcOK = make([]bool, g.NumServices())
	}
	for i := range ws.svcOK {
		ws.svcOK[i] = p.accepts(g.Service(network.ServiceID(i)))
	}
	ws.servicesTaking(g)
	for i := range ws.baseOK {
		k := g.Link(network.LinkID(i))
		ok := ws.nodeOK[k.From] && ws.nodeOK[k.To] && !k.Closed
		if ok && len(q.Modes) > 0 {
			ok = slices.Contains(q.Modes, k.Mode)
		}
		if ok && k.Mode == network.Road {
			ok = !r.roadTooHeavy(&q.Cargo, network.LinkID(i))
		}
		ws.baseWait[i] = 0
		if ok && ws.svcLink[i] != svcNone {
			ok = ws.svcLink[i] == svcTaken
			ws.baseWait[i] = ws.svcWait[i]
		}
		ws.baseOK[i] = ok
		co2 := r.perTkm[i] * p.tonnes
		ws.linkCO2[i] = co2
		ws.linkCost[i] = (ws.rates.tariff[i]+ws.rates.linkSur[i])*p.units + co2*p.carbonPerKg
	}
}

// restrictLinks sets linkOK and linkWait from baseOK and baseWait and q's
// corridors and excluded passages: a link of the base set is allowed when
// it carries none of the network's tags or one of q.Corridors, and makes
// no passage q excludes; a link not allowed has no wait.
func (r *Router) restrictLinks(ws *workspace, q *Query) {
	g := r.g
	// The query's corridors as bits (see Router.corridorBits); every bit
	// when a tag has none there, so that the loop asks the link instead.
	var want uint64
	for _, c := range q.Corridors {
		j := slices.IndexFunc(g.Corridors(), func(x network.Corridor) bool { return x.Tag == c })
		if j < 0 || j >= 64 || len(g.Corridors()) > 64 {
			want = ^uint64(0)
			break
		}
		want |= 1 << j
	}
	for i := range ws.linkOK {
		ok := ws.baseOK[i]
		if ok && len(q.Corridors) > 0 {
			if want != ^uint64(0) {
				ok = r.corridorBits[i] == 0 || r.corridorBits[i]&want != 0
			} else if k := g.Link(network.LinkID(i)); len(k.Corridors) > 0 {
				ok = slices.ContainsFunc(q.Corridors, k.HasCorridor)
			}
		}
		if ok && q.excluded != 0 {
			ps := r.passage[i]
			ok = ps == network.NoPassage || q.excluded&(1<<ps) == 0
		}
		ws.linkOK[i] = ok
		ws.linkWait[i] = 0
		if ok {
			ws.linkWait[i] = ws.baseWait[i]
		}
	}
}

// prepared is what a workspace's link filters, costs and emissions were
// last computed from (prepareLinks): the graph, the query's derived
// constants, cargo, restrictions and carbon price, and the generation of
// the dated tariffs and surcharges (dated.gen).
type prepared struct {
	valid               bool
	g                   *network.Graph
	rates               uint64
	units, teus, tonnes float64
	carbonPerKg         float64
	cargo               Cargo
	excluded            uint8
	modes               []network.Mode
	corridors, avoidC   []string
	avoidG              []string
	avoidN              []network.NodeID
}

// same reports whether p's query prepares on g as the last one did.
func (w *prepared) same(g *network.Graph, p *params, rates uint64) bool {
	q := p.q
	return w.sameBase(g, p, rates) && w.excluded == q.excluded && slices.Equal(w.corridors, q.Corridors)
}

// sameBase reports whether p's query prepares on g as the last one did but
// for its corridors and excluded passages (restrictLinks).
func (w *prepared) sameBase(g *network.Graph, p *params, rates uint64) bool {
	q := p.q
	return w.valid && w.g == g && w.rates == rates && w.units == p.units && w.teus == p.teus && w.tonnes == p.tonnes &&
		w.carbonPerKg == p.carbonPerKg && w.cargo == q.Cargo &&
		slices.Equal(w.modes, q.Modes) && slices.Equal(w.avoidC, q.AvoidCountries) &&
		slices.Equal(w.avoidG, q.AvoidGroups) && slices.Equal(w.avoidN, q.AvoidNodes)
}

// save records p's query as the one the workspace prepared last.
func (w *prepared) save(g *network.Graph, p *params, rates uint64) {
	q := p.q
	w.valid, w.g, w.rates = true, g, rates
	w.units, w.teus, w.tonnes, w.carbonPerKg = p.units, p.teus, p.tonnes, p.carbonPerKg
	w.cargo, w.excluded = q.Cargo, q.excluded
	w.modes = append(w.modes[:0], q.Modes...)
	w.corridors = append(w.corridors[:0], q.Corridors...)
	w.avoidC = append(w.avoidC[:0], q.AvoidCountries...)
	w.avoidG = append(w.avoidG[:0], q.AvoidGroups...)
	w.avoidN = append(w.avoidN[:0], q.AvoidNodes...)
}

// What a link's services are to the cargo (workspace.svcLink).
const (
	svcNone    = iota // the link has no services
	svcTaken          // one of them takes the cargo
	svcRefused        // none does
)

// servicesTaking fills ws.svcLink, ws.svcWait, ws.svcTT and ws.svcFreq
// from ws.svcOK, unless they were filled from the same services on g
// before: they depend on nothing else. A link's wait is the least its services impose: none when
// a timetabled service that takes the cargo may leave at once, else the
// half headway step (ExpectedWaitHours) of those running by frequency.
func (ws *workspace) servicesTaking(g *network.Graph) {
	nl := g.NumLinks()
	if ws.svcFor == g && len(ws.svcLink) == nl && slices.Equal(ws.svcLast, ws.svcOK) {
		return
	}
	ws.svcFor = g
	ws.svcLast = append(ws.svcLast[:0], ws.svcOK...)
	ws.svcLink = slices.Grow(ws.svcLink[:0], nl)[:nl]
	ws.svcWait = grow(ws.svcWait, nl)
	ws.svcTT = slices.Grow(ws.svcTT[:0], nl)[:nl]
	ws.svcFreq = slices.Grow(ws.svcFreq[:0], nl)[:nl]
	for i := range nl {
		ws.svcLink[i], ws.svcWait[i], ws.svcTT[i], ws.svcFreq[i] = svcNone, 0, false, -1
		svcs := g.ServicesOn(network.LinkID(i))
		if len(svcs) == 0 {
			continue
		}
		ws.svcLink[i] = svcRefused
		timetabled, freq := false, 0.0
		var freqSvc network.ServiceID = -1
		for _, s := range svcs {
			if !ws.svcOK[s] {
				continue
			}
			ws.svcLink[i] = svcTaken
			svc := g.Service(s)
			if svc.Timetabled() {
				timetabled = true
				continue
			}
			freq += svc.PerWeek
			if freqSvc < 0 || svc.PerWeek > g.Service(freqSvc).PerWeek {
				freqSvc = s
			}
		}
		ws.svcTT[i] = timetabled
		if !timetabled && freq > 0 {
			ws.svcWait[i], ws.svcFreq[i] = g.Service(freqSvc).ExpectedWaitHours(freq), freqSvc
		}
	}
}

// accepts reports whether a service takes the cargo.
func (p *params) accepts(s *network.Service) bool { return cargoAccepted(&p.q.Cargo, p.teus, s) }

// cargoAccepted reports whether service s takes cargo c of teus TEU.
func cargoAccepted(c *Cargo, teus float64, s *network.Service) bool {
	if c.Reefer && !s.Reefer || c.DG && !s.DG {
		return false
	}
	return s.CapacityTEU == 0 || teus <= s.CapacityTEU
}

// sameCargoFilter reports whether cargoes a and b are taken by the same
// services and carried on the same road links, so that a search for
// either allows the same links (their costs and emissions may differ).
func (r *Router) sameCargoFilter(a, b *Cargo) bool {
	ta, tb := a.TEUs(), b.TEUs()
	for i := range r.g.NumServices() {
		s := r.g.Service(network.ServiceID(i))
		if cargoAccepted(a, ta, s) != cargoAccepted(b, tb, s) {
			return false
		}
	}
	for i := range r.g.NumLinks() {
		l := network.LinkID(i)
		if r.g.Link(l).Mode == network.Road && r.roadTooHeavy(a, l) != r.roadTooHeavy(b, l) {
			return false
		}
	}
	return true
}

// stepResult is what taking one link from a node costs.
type stepResult struct {
	handling float64 // hours of transshipment before departure
	wait     float64 // hours waiting for the departure
	basis    WaitBasis
	service  network.ServiceID
	running  float64 // hours in motion
	dwell    float64 // border or canal dwell at the arrival node
	cost     float64 // USD
	co2      float64 // kg WTW
	transfer bool
	gauge    bool // the transfer is a change of rail gauge
}

func (s *stepResult) total() float64 { return s.handling + s.wait + s.running + s.dwell }

// step computes, into st, taking link l from node, reached by mode/gauge at
// time hours, and reports whether the link can be taken. (A result by
// value cost a copy of the struct per label.)
func (r *Router) step(ws *workspace, p *params, hours float64, node network.NodeID, mode network.Mode, gauge network.Gauge, l network.LinkID, st *stepResult) bool {
	g := r.g
	k := &r.hot[l]
	*st = stepResult{service: -1}
	if mode != 0 && (mode != k.mode || gauge != k.gauge) {
		n := g.Node(node)
		if !n.Transships() {
			return false
		}
		st.transfer = true
		st.gauge = mode == network.Rail && k.mode == network.Rail
		st.handling = n.HandlingFor(k.mode, k.gauge)
		st.cost += n.HandlingUSD * p.units
		hub := emissions.HubAt(n.Kind, p.tonnes).WTW()
		st.co2 += hub
		st.cost += hub * p.carbonPerKg
	}
	if ws.svcLink[l] != svcNone && !ws.svcTT[l] {
		// Only services by frequency take the cargo: the wait is the
		// link's, whatever the time (servicesTaking computed it as below).
		if ws.svcFreq[l] < 0 || !(ws.svcWait[l] < math.Inf(1)) {
			return false
		}
		st.wait, st.service, st.basis = ws.svcWait[l], ws.svcFreq[l], HalfHeadway
	} else if ws.svcLink[l] != svcNone {
		svcs := g.ServicesOn(l)
		ready := hours + st.handling
		best, freq := math.Inf(1), 0.0
		var freqSvc network.ServiceID = -1
		for _, s := range svcs {
			if !ws.svcOK[s] {
				continue
			}
			svc := g.Service(s)
			if svc.Timetabled() {
				if w := svc.NextDeparture(p.departWeekMn+ready*60, 0); w < best {
					best, st.service, st.basis = w, s, Timetable
				}
				continue
			}
			freq += svc.PerWeek
			if freqSvc < 0 || svc.PerWeek > g.Service(freqSvc).PerWeek {
				freqSvc = s
			}
		}
		if freq > 0 {
			if w := g.Service(freqSvc).ExpectedWaitHours(freq); w < best {
				best, st.service, st.basis = w, freqSvc, HalfHeadway
			}
		}
		if math.IsInf(best, 1) {
			return false
		}
		st.wait = best
	}
	st.running = k.hours
	st.dwell = k.dwell
	st.cost += ws.linkCost[l]
	if mode == 0 {
		st.cost += ws.rates.firstSur[l] * p.units
	}
	st.co2 += ws.linkCO2[l]
	return true
}

// reset empties the workspace for a search over nstates states.
func (ws *workspace) reset(nstates int) {
	for _, s := range ws.touched {
		if int(s) < len(ws.bags) {
			ws.bags[s] = ws.bags[s][:0]
		}
	}
	if len(ws.bags) < nstates {
		ws.bags = slices.Grow(ws.bags[:0], nstates)[:nstates]
		for i := range ws.bags {
			ws.bags[i] = ws.bags[i][:0]
		}
	}
	ws.touched = ws.touched[:0]
	ws.arrived.clear()
	ws.labels = ws.labels[:0]
	ws.heap = ws.heap[:0]
	ws.results = ws.results[:0]
}

// paretoResults drops arrived labels that another arrived label dominates
// in (hours, cost, CO2e). With a transshipment limit the search keeps labels
// with fewer transshipments as well; the answer is Pareto in the three
// criteria only.
func (ws *workspace) paretoResults() {
	keep := ws.results[:0]
	for i, a := range ws.results {
		dominated := false
		for j, b := range ws.results {
			if i != j && dominates(&ws.labels[b], &ws.labels[a], false) && (!dominates(&ws.labels[a], &ws.labels[b], false) || j < i) {
				dominated = true
				break
			}
		}
		if !dominated {
			keep = append(keep, a)
		}
	}
	ws.results = keep
}

// tie is the tolerance below which two criteria values count as equal:
// sums of the same figures in another order differ in the last bits.
const tie = 1e-7

// dominates reports whether a is at least as good as b in every criterion
// (within tie).
func dominates(a, b *label, xfers bool) bool {
	return within(a, b.hours+tie, b.cost+tie, b.co2+tie) && (!xfers || a.xfers <= b.xfers)
}

// within reports whether a's hours, cost and CO2e are at most h, c and e:
// dominates with b's criteria plus tie computed once by the caller. The
// three comparisons are all made and combined without branches: in the
// scans of a bag they are true and false in no order a predictor learns.
func within(a *label, h, c, e float64) bool {
	return b2u(a.hours <= h)&b2u(a.cost <= c)&b2u(a.co2 <= e) != 0
}

// b2u is 1 for true and 0 for false (the compiler makes it a SETcc).
func b2u(b bool) uint8 {
	if b {
		return 1
	}
	return 0
}

// bagEntry is a label in its state's bag, with the criteria that the
// dominance tests of insert read beside its index: a bag's scan reads
// them in a row rather than from the labels, here and there.
type bagEntry struct {
	hours, cost, co2 float64
	idx              int32
	xfers            int16
	board            int16
}

// insert adds label idx to its state's bag unless a label there dominates
// it; labels it dominates are removed and marked dead. Labels on sea legs
// begun in different countries are not compared: their journeys may end in
// different places.
//
// A bag is kept sorted by hours. A new label mostly has the most hours of
// its bag (the queue's order), so the labels that may dominate it, which
// have at most its hours plus tie, are nearly all of the bag and are
// tested on cost and CO2e only, while those it may dominate, which have at
// least its hours less tie, are the few at the end.
func (ws *workspace) insert(idx int32, xfers bool) bool {
	nl := &ws.labels[idx]
	bp := &ws.bags[nl.state]
	bag := *bp
	h, c, e, x, board := nl.hours+tie, nl.cost+tie, nl.co2+tie, nl.xfers, nl.board
	n := len(bag) // bag[:n]: the labels with hours <= h
	for n > 0 && !(bag[n-1].hours <= h) {
		n--
	}
	// From the end, among the labels of about its hours: a label that
	// dominates the new one is found sooner there (measured: 2.8% fewer
	// instructions per route request than from the start).
	for i := n - 1; i >= 0; i-- {
		// dominates(bag label, nl, xfers), same board; hours hold
		if o := &bag[i]; b2u(o.cost <= c)&b2u(o.co2 <= e) != 0 && (!xfers || o.xfers <= x) && o.board == board {
			return false
		}
	}
	if len(bag) == 0 {
		ws.touched = append(ws.touched, nl.state)
	}
	// bag[from:]: the labels with nl.hours <= hours+tie, the only ones nl
	// may dominate; kill: whether it dominates one.
	from, kill := len(bag), false
	for from > 0 && nl.hours <= bag[from-1].hours+tie {
		from--
		if o := &bag[from]; nl.dominatesEntry(o, xfers) && o.board == board {
			kill = true
		}
	}
	if kill {
		keep := bag[:from]
		for _, o := range bag[from:] {
			if nl.dominatesEntry(&o, xfers) && o.board == board {
				ws.labels[o.idx].dead = true
				continue
			}
			keep = append(keep, o)
		}
		bag = keep
	}
	at := len(bag) // nl's place by hours
	for at > 0 && bag[at-1].hours > nl.hours {
		at--
	}
	n = len(bag)
	if n < cap(bag) {
		*bp = (*bp)[:n+1] // (only the length changes: no write barrier)
	} else {
		*bp = append(bag, bagEntry{})
	}
	bag = *bp
	if at < n { // mostly it goes last
		copy(bag[at+1:], bag[at:n])
	}
	// Field by field: a bagEntry made on the stack and copied is read back
	// 16 bytes at a time, which store forwarding does not serve.
	o := &bag[at]
	o.hours, o.cost, o.co2, o.idx, o.xfers, o.board = nl.hours, nl.cost, nl.co2, idx, x, board
	if nl.state == ws.arrived.target {
		if kill {
			ws.arrived.stale = true // labels left the bag: fill anew
		} else if !ws.arrived.stale {
			ws.arrived.add(nl)
		}
	}
	return true
}

// dominatesEntry is dominates(a, the label of o, xfers).
func (a *label) dominatesEntry(o *bagEntry, xfers bool) bool {
	return b2u(a.hours <= o.hours+tie)&b2u(a.cost <= o.cost+tie)&b2u(a.co2 <= o.co2+tie) != 0 && (!xfers || a.xfers <= o.xfers)
}

// prunedByResults reports whether an arrived label dominates the best the
// new label could still achieve (its criteria plus the lower bounds of its
// slot), or the destination cannot be reached from there. It returns the
// label's queue key: its hours plus the lower bound of the hours to come.
func (ws *workspace) prunedByResults(nl *label, at int32, p *params, xfers bool) (key float64, pruned bool) {
	lb := ws.lb
	co2 := lb.co2PerTonne[at] * p.tonnes
	opt := label{hours: nl.hours + lb.hours[at], cost: nl.cost + lb.costPerTEU[at]*p.units + co2*p.carbonPerKg, co2: nl.co2 + co2, xfers: nl.xfers}
	if math.IsInf(opt.hours, 1) {
		return 0, true
	}
	if nl.state != p.target {
		h, c, e := opt.hours+tie, opt.cost+tie, opt.co2+tie
		if ws.arrived.stale {
			ws.arrived.fill(ws.bags[p.target])
		}
		if ws.arrived.dominated(h, c, e, opt.xfers, xfers) {
			return 0, true
		}
		for i := range ws.seeds {
			if s := &ws.seeds[i]; within(s, h, c, e) && (!xfers || s.xfers <= opt.xfers) && (s.hours < opt.hours-tie || s.cost < opt.cost-tie || s.co2 < opt.co2-tie) {
				return 0, true
			}
		}
	}
	return opt.hours, false
}

// entry is a queued label: its index and key, the hours since departure
// plus the lower bound of the hours to the destination (A* order).
type entry struct {
	key float64
	idx int32
}

// less orders the label queue by key, then lexicographically by hours,
// cost and CO2e.
//
// The key is consistent: the hours bound never exceeds a step's hours plus
// the bound after it, so keys never decrease along a path, and the labels
// of one state, which share their bound, leave the queue in the order of
// their hours as in a plain label-setting search. What the key changes is
// the order across states: labels heading away from the destination wait,
// the first arrivals come sooner and prune more (prunedByResults).
//
// The queue is a heap of its own rather than a minheap.Heap: ties in key
// broken otherwise than by hours, cost then CO2e would change which of two
// labels is expanded first, and so the labels created (the answer could
// differ within the tie tolerance).
func (ws *workspace) less(a, b entry) bool {
	if a.key != b.key {
		return a.key < b.key
	}
	return ws.lexLess(a.idx, b.idx)
}

// lexLess orders labels lexicographically by hours, cost and CO2e.
func (ws *workspace) lexLess(a, b int32) bool {
	x, y := &ws.labels[a], &ws.labels[b]
	if x.hours != y.hours {
		return x.hours < y.hours
	}
	if x.cost != y.cost {
		return x.cost < y.cost
	}
	return x.co2 < y.co2
}

// push and pop move the entry that sifts through the heap once, to its
// place, rather than swapping it at every level: the same comparisons, so
// the same heap, as swaps would give.
func (ws *workspace) push(e entry) {
	if n := len(ws.heap); n < cap(ws.heap) {
		ws.heap = ws.heap[:n+1] // (only the length changes: no write barrier)
	} else {
		ws.heap = append(ws.heap, e)
	}
	h := ws.heap
	i := len(h) - 1
	for i > 0 {
		parent := (i - 1) / 2
		if !ws.less(e, h[parent]) {
			break
		}
		h[i] = h[parent]
		i = parent
	}
	h[i] = e
}

func (ws *workspace) pop() int32 {
	top := ws.heap[0].idx
	last := len(ws.heap) - 1
	e := ws.heap[last]
	ws.heap = ws.heap[:last] // (only the length changes: no write barrier)
	h := ws.heap
	n := len(h)
	i := 0
	for {
		l := 2*i + 1
		if l >= n {
			break
		}
		// m: the lesser child, or i's entry e when neither is less than it.
		m := l
		if r := l + 1; r < n && ws.less(h[r], h[l]) {
			m = r
		}
		if !ws.less(h[m], e) {
			break
		}
		h[i] = h[m]
		i = m
	}
	if n > 0 {
		h[i] = e
	}
	return top
}
