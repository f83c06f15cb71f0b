package assign

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"corridor/emissions"
	"corridor/network"
)

// CargoClass is a class of containers with its own value of time, which
// turns hours into money in the generalised cost (tariff USD + VOT ×
// hours), and countries it will not cross.
type CargoClass struct {
	Name string `json:"name"`
	// ValueOfTime is in USD per TEU-hour.
	ValueOfTime float64 `json:"value_of_time_usd_per_teu_hour"`
	// Avoid lists ISO 3166-1 codes of countries the class does not cross
	// (a link touching one costs it avoidPenaltyHours).
	Avoid []string `json:"avoid_countries,omitempty"`
}

// DefaultCargoClasses are the classes a demand file may name. The values
// of time are illustrative: an average 20-ft box of China–Europe
// general cargo worth about 50,000–100,000 USD at 8–12% a year of capital
// cost, obsolescence and stock-out risk gives 0.5–1.5 USD per TEU-hour;
// electronics and automotive parts (time_sensitive) are worth several times
// more. avoid_ru_by models rail shippers who have left the routes through
// Russia and Belarus since 2022 (corridor-facts.md, section on the Northern
// Corridor after February 2022); they chose rail over sea for time, so
// their value of time is set between the two others.
var DefaultCargoClasses = []CargoClass{
	{Name: "standard", ValueOfTime: 1.5},
	{Name: "time_sensitive", ValueOfTime: 8},
	{Name: "avoid_ru_by", ValueOfTime: 4, Avoid: []string{"RU", "BY"}},
}

// avoidPenaltyHours is the extra cost of a link into or out of an avoided
// country: large enough that no path takes it while another exists.
const avoidPenaltyHours = 1e6

// VolumeDelay is a BPR-type delay on a capacity-limited element:
// hours(v) = t0 · (1 + B · (v / capacity)^Power).
type VolumeDelay struct {
	B     float64 `json:"b"`
	Power float64 `json:"power"`
}

// FreightParams sets the freight assignment on a corridor network.
type FreightParams struct {
	// Rail applies to links with capacity_teu_year (rail, road); Service to
	// links with services (ferries: capacity per departure × departures a
	// week × 52 when the link has no capacity_teu_year; deep-sea links get
	// no capacity from their services); Node to
	// ports, terminals and border crossings with capacity_teu_year.
	Rail, Service, Node VolumeDelay
	Classes             []CargoClass
	Options             Options
}

// DefaultFreightParams are the documented defaults: the classic BPR
// (0.15, 4) on rail lines, whose timetables absorb growth until close to
// capacity; a steeper (0.5, 4) on ferries and at ports and borders, where
// a queue forms as soon as boxes arrive faster than they are shipped or
// cleared (at utilisation 1 the time is 1.5 × free flow, at 1.5 about 3.5 ×).
func DefaultFreightParams() FreightParams {
	return FreightParams{
		Rail:    VolumeDelay{B: 0.15, Power: 4},
		Service: VolumeDelay{B: 0.5, Power: 4},
		Node:    VolumeDelay{B: 0.5, Power: 4},
		Classes: DefaultCargoClasses,
		Options: Options{Algorithm: AlgorithmB, Gap: 1e-8},
	}
}

// Demand is one row of a demand file: TEU per year from one node to
// another, in a cargo class.
type Demand struct {
	Origin, Destination string
	TEUPerYear          float64
	Class               string // empty: the first class
	Line                int    // line in the file, for messages
}

// Element is one link or node of the corridor network with its assigned
// flow. Node elements are ports, terminals and border crossings; every TEU
// that starts, ends or passes there is counted once.
type Element struct {
	Kind        string   `json:"kind"` // "link" or "node"
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Mode        string   `json:"mode,omitempty"`
	From        string   `json:"from,omitempty"`
	To          string   `json:"to,omitempty"`
	Corridors   []string `json:"corridors,omitempty"`
	FlowTEU     float64  `json:"flow_teu_year"`
	CapacityTEU float64  `json:"capacity_teu_year,omitempty"` // 0: unlimited
	Utilisation float64  `json:"utilisation,omitempty"`
	FreeHours   float64  `json:"free_flow_hours"`
	DelayHours  float64  `json:"delay_hours"` // the congestion delay at this flow
	Km          float64  `json:"km,omitempty"`
	link        int
}

// CorridorShare is the demand carried by one corridor. Every used path of
// the equilibrium (each origin's flow split at every node in proportion to
// the flows out of it, the usual proportionality assumption) belongs to the
// corridor network.Graph.ClassifyCorridor gives it, the classification
// route itineraries and corridor comparisons use; a path on no tagged link
// is "untagged". Markets splits the corridor's flow by the trade of its
// origin–destination pairs (see Market), so that China–Central Asia trains
// on the Kazakh lines are not mistaken for China–Europe transit.
type CorridorShare struct {
	Corridor   string        `json:"corridor"`
	TEU        float64       `json:"teu_year"`
	TEUKm      float64       `json:"teu_km_year"`
	ShareTEU   float64       `json:"share_teu"`
	ShareTEUKm float64       `json:"share_teu_km"`
	Markets    []MarketShare `json:"markets"`
}

// MarketShare is the part of a corridor's flow in one market.
type MarketShare struct {
	Market string  `json:"market"`
	TEU    float64 `json:"teu_year"`
	TEUKm  float64 `json:"teu_km_year"`
}

// CaspianCrossing is the flow across the Caspian Sea between Kazakhstan or
// Turkmenistan and Azerbaijan (network.TransCaspian links, both
// directions), the Middle Corridor's defining and narrowest stretch.
// Tonnes are TEU × emissions.DefaultCargoTonnesPerTEU (10 t of cargo per
// loaded TEU, GLEC's average): the demand is given in TEU only.
type CaspianCrossing struct {
	TEU    float64 `json:"teu_year"`
	Tonnes float64 `json:"tonnes_year"`
}

// FreightResult is a freight assignment.
type FreightResult struct {
	Classes     []CargoClass    `json:"classes"`
	TotalTEU    float64         `json:"total_teu_year"`
	Iterations  []Iteration     `json:"-"`
	Final       Iteration       `json:"final"`
	Converged   bool            `json:"converged"`
	Elements    []Element       `json:"elements"`
	Corridors   []CorridorShare `json:"corridors"`
	Caspian     CaspianCrossing `json:"caspian"`
	Bottlenecks []Element       `json:"bottlenecks"` // capacity-limited elements by utilisation, highest first
	Totals      Totals          `json:"totals"`

	res      *Result   // the solver's result, kept for warm starts
	unserved [][]bool  // per origin and destination: cut off by a removal (nil: none)
	elemFlow []float64 // per assignment link: the served flow
}

// freightNet maps a corridor Graph onto an assignment Network.
type freightNet struct {
	g       *network.Graph
	net     *Network
	in, out []int32          // assignment node of each graph node (arrival side, departure side)
	node    []network.NodeID // graph node of each assignment node
	elems   []Element
	links   []Link // the assignment links, in elems' order
}

// AssignFreight assigns the demand on g: links and capacity-limited nodes
// get BPR-type delays, each cargo class its own generalised cost (hours
// plus tariff / value of time), solved with Algorithm B.
func AssignFreight(ctx context.Context, g *network.Graph, demand []Demand, fp FreightParams) (*FreightResult, error) {
	m, err := NewFreightModel(g, demand, fp)
	if err != nil {
		return nil, err
	}
	return m.Solve(ctx, nil, nil)
}

// resolveNode finds a node by id, or by a name or alias that names one node.
// resolvedDemand is a demand row on graph ids.
type resolvedDemand struct {
	o, t  network.NodeID
	class int
	teu   float64
}

// CheckDemand checks demand rows against g and the cargo classes of fp
// (DefaultCargoClasses when it has none), as AssignFreight does before it
// starts: every place is a node of g, open, and every class is known. The
// error is a *DemandError naming the row's line.
func CheckDemand(g *network.Graph, demand []Demand, fp FreightParams) error {
	if len(fp.Classes) == 0 {
		fp.Classes = DefaultCargoClasses
	}
	_, err := resolveDemand(g, demand, fp.Classes)
	return err
}

func resolveDemand(g *network.Graph, demand []Demand, classes []CargoClass) ([]resolvedDemand, error) {
	classIdx := make(map[string]int, len(classes))
	for i, c := range classes {
		classIdx[c.Name] = i
	}
	out := make([]resolvedDemand, 0, len(demand))
	for _, d := range demand {
		o, err := resolveNode(g, d.Origin)
		if err != nil {
			return nil, &DemandError{Line: d.Line, Msg: "origin: " + err.Error()}
		}
		t, err := resolveNode(g, d.Destination)
		if err != nil {
			return nil, &DemandError{Line: d.Line, Msg: "destination: " + err.Error()}
		}
		c := 0
		if d.Class != "" {
			var ok bool
			if c, ok = classIdx[d.Class]; !ok {
				names := make([]string, len(classes))
				for i, k := range classes {
					names[i] = k.Name
				}
				return nil, &DemandError{Line: d.Line, Msg: fmt.Sprintf("unknown class %q (expected one of %s)", d.Class, strings.Join(names, ", "))}
			}
		}
		if g.Node(o).Closed || g.Node(t).Closed {
			return nil, &DemandError{Line: d.Line, Msg: fmt.Sprintf("%s → %s: a node is closed", d.Origin, d.Destination)}
		}
		out = append(out, resolvedDemand{o, t, c, d.TEUPerYear})
	}
	return out, nil
}

func resolveNode(g *network.Graph, ref string) (network.NodeID, error) {
	n, cands, ok := g.Resolve(ref)
	if ok {
		return n, nil
	}
	if len(cands) > 0 {
		var ids []string
		for i, c := range cands {
			if i == 5 {
				break
			}
			ids = append(ids, g.Node(c).ID)
		}
		return 0, fmt.Errorf("%q is ambiguous (%s)", ref, strings.Join(ids, ", "))
	}
	return 0, fmt.Errorf("unknown place %q", ref)
}

func buildFreightNet(g *network.Graph, fp FreightParams) (*freightNet, error) {
	fn := &freightNet{g: g, in: make([]int32, g.NumNodes()), out: make([]int32, g.NumNodes())}
	var links []Link
	nodes := int32(0)
	for i := 0; i < g.NumNodes(); i++ {
		nd := g.Node(network.NodeID(i))
		fn.in[i] = nodes
		fn.out[i] = nodes
		fn.node = append(fn.node, network.NodeID(i))
		nodes++
		if nd.Closed {
			continue
		}
		t0 := nd.BorderMedianHours
		if nd.CapacityTEUYear > 0 {
			t0 += nd.HandlingHours
			t0 = max(t0, 1)
		}
		if nd.CapacityTEUYear <= 0 && t0 <= 0 {
			continue
		}
		fn.out[i] = nodes
		fn.node = append(fn.node, network.NodeID(i))
		nodes++
		l := Link{From: fn.in[i], To: fn.out[i], FreeFlow: t0}
		if nd.CapacityTEUYear > 0 {
			l.B, l.Power, l.Capacity = fp.Node.B, fp.Node.Power, nd.CapacityTEUYear
		}
		links = append(links, l)
		fn.elems = append(fn.elems, Element{Kind: "node", ID: nd.ID, Name: nd.Name, Mode: nd.Kind.String(), CapacityTEU: l.Capacity, link: i})
	}
	for i := 0; i < g.NumLinks(); i++ {
		lk := g.Link(network.LinkID(i))
		if lk.Closed || g.Node(lk.From).Closed || g.Node(lk.To).Closed {
			continue
		}
		t0 := lk.Hours
		capacity := lk.CapacityTEUYear
		vd := fp.Rail
		if svcs := g.ServicesOn(network.LinkID(i)); len(svcs) > 0 {
			perWeek, svcCap := 0.0, 0.0
			for _, s := range svcs {
				sv := g.Service(s)
				perWeek += sv.PerWeek
				if sv.CapacityTEU > 0 && svcCap >= 0 {
					svcCap += sv.CapacityTEU * sv.PerWeek * 52
				} else {
					svcCap = -1 // a service of unknown capacity: the link's capacity is unknown
				}
			}
			if perWeek > 0 {
				t0 += 0.5 * 168 / perWeek
			}
			// Deep-sea services are a sample of the liner loops, not the
			// trade's capacity (carriers deploy ships to demand): only
			// ferries and short-sea links take their capacity from services.
			if capacity <= 0 && svcCap > 0 && lk.Mode != network.Sea {
				capacity = svcCap
			}
			vd = fp.Service
		}
		l := Link{From: fn.out[lk.From], To: fn.in[lk.To], FreeFlow: t0}
		if capacity > 0 {
			l.B, l.Power, l.Capacity = vd.B, vd.Power, capacity
		}
		links = append(links, l)
		fn.elems = append(fn.elems, Element{Kind: "link", ID: lk.ID, Name: g.Node(lk.From).Name + " – " + g.Node(lk.To).Name,
			Mode: lk.Mode.String(), From: g.Node(lk.From).ID, To: g.Node(lk.To).ID, Corridors: lk.Corridors,
			CapacityTEU: l.Capacity, Km: lk.DistanceKm, link: i})
	}
	net, err := NewNetwork(int(nodes), 0, links)
	if err != nil {
		return nil, err
	}
	fn.net, fn.links = net, links
	return fn, nil
}

// minPathTEU is the flow below which a branch of a bush is not followed
// further when its paths are listed (a rounding remainder, not traffic).
const minPathTEU = 1e-6

// corridorShares lists every bush's used paths to each destination (the
// flow split at each node in proportion to the flows into it, walking back
// from the destination) and adds each path's flow to the corridor
// ClassifyCorridor gives its links and to its market.
func (fn *freightNet) corridorShares(s *bushes, unserved [][]bool) []CorridorShare {
	if s == nil {
		return nil
	}
	g, net, m := fn.g, fn.net, s.m
	type key struct{ corridor, market string }
	byKey := map[key][2]float64{} // TEU, TEU-km
	var path []network.LinkID
	for b := range s.p.origins {
		o := &s.p.origins[b]
		bf := s.bf[b*m : (b+1)*m]
		for i, d := range o.dest {
			if unserved != nil && unserved[b] != nil && unserved[b][i] {
				continue
			}
			q := o.flow[i]
			market := Market(g, fn.node[o.node], fn.node[d])
			var walk func(j int32, frac, km float64)
			walk = func(j int32, frac, km float64) {
				if j == o.node {
					k := key{g.ClassifyCorridor(path), market}
					if k.corridor == "" {
						k.corridor = "untagged"
					}
					v := byKey[k]
					v[0] += q * frac
					v[1] += q * frac * km
					byKey[k] = v
					return
				}
				in := net.inLink[net.inStart[j]:net.inStart[j+1]]
				tot := 0.0
				for _, a := range in {
					if bf[a] > usedEps {
						tot += bf[a]
					}
				}
				for _, a := range in {
					if bf[a] <= usedEps {
						continue
					}
					fr := frac * bf[a] / tot
					if fr*q < minPathTEU {
						continue
					}
					e := &fn.elems[a]
					if e.Kind == "link" {
						path = append(path, network.LinkID(e.link))
						walk(net.from[a], fr, km+e.Km)
						path = path[:len(path)-1]
					} else {
						walk(net.from[a], fr, km)
					}
				}
			}
			walk(d, 1, 0)
		}
	}
	byName := map[string]int{}
	var out []CorridorShare
	totTEU, totKm := 0.0, 0.0
	for k, v := range byKey {
		i, ok := byName[k.corridor]
		if !ok {
			i = len(out)
			byName[k.corridor] = i
			out = append(out, CorridorShare{Corridor: k.corridor})
		}
		cs := &out[i]
		cs.TEU += v[0]
		cs.TEUKm += v[1]
		cs.Markets = append(cs.Markets, MarketShare{Market: k.market, TEU: v[0], TEUKm: v[1]})
		totTEU += v[0]
		totKm += v[1]
	}
	for k := range out {
		if totTEU > 0 {
			out[k].ShareTEU = out[k].TEU / totTEU
		}
		if totKm > 0 {
			out[k].ShareTEUKm = out[k].TEUKm / totKm
		}
		ms := out[k].Markets
		sort.Slice(ms, func(i, j int) bool {
			if ms[i].TEU != ms[j].TEU {
				return ms[i].TEU > ms[j].TEU
			}
			return ms[i].Market < ms[j].Market
		})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].TEU != out[j].TEU {
			return out[i].TEU > out[j].TEU
		}
		return out[i].Corridor < out[j].Corridor
	})
	return out
}

// caspian sums the flow on the links that cross the Caspian between
// Kazakhstan or Turkmenistan and Azerbaijan.
func (fn *freightNet) caspian(flow []float64) CaspianCrossing {
	var c CaspianCrossing
	for a, e := range fn.elems {
		if e.Kind == "link" && fn.g.PassageOf(network.LinkID(e.link)) == network.TransCaspian {
			c.TEU += flow[a]
		}
	}
	c.Tonnes = c.TEU * emissions.DefaultCargoTonnesPerTEU
	return c
}
