package assign

import (
	"context"
	"fmt"
	"math"
	"math/bits"
	"sort"
	"strings"

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

// CorridorShare is the demand carried by one corridor: a path belongs to
// the corridor tag that every one of its tagged links carries; paths whose
// links share several tags are labelled with all of them ("a+b"), paths
// with no common tag "mixed".
type CorridorShare struct {
	Corridor   string  `json:"corridor"`
	TEU        float64 `json:"teu_year"`
	TEUKm      float64 `json:"teu_km_year"`
	ShareTEU   float64 `json:"share_teu"`
	ShareTEUKm float64 `json:"share_teu_km"`
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
	Bottlenecks []Element       `json:"bottlenecks"` // capacity-limited elements by utilisation, highest first
}

// freightNet maps a corridor Graph onto an assignment Network.
type freightNet struct {
	net      *Network
	in, out  []int32 // assignment node of each graph node (arrival side, departure side)
	elems    []Element
	linkKm   []float64
	linkMask []uint32
	tags     []string
}

// AssignFreight assigns the demand on g: links and capacity-limited nodes
// get BPR-type delays, each cargo class its own generalised cost (hours
// plus tariff / value of time), solved with Algorithm B.
func AssignFreight(ctx context.Context, g *network.Graph, demand []Demand, fp FreightParams) (*FreightResult, error) {
	if len(fp.Classes) == 0 {
		fp.Classes = DefaultCargoClasses
	}
	for _, c := range fp.Classes {
		if c.ValueOfTime <= 0 || math.IsNaN(c.ValueOfTime) || math.IsInf(c.ValueOfTime, 0) {
			return nil, fmt.Errorf("assign: class %q: value of time must be a positive number, got %g", c.Name, c.ValueOfTime)
		}
	}
	fn, err := buildFreightNet(g, fp)
	if err != nil {
		return nil, err
	}
	m := fn.net.NumLinks()
	classes := make([]Class, len(fp.Classes))
	for i, c := range fp.Classes {
		classes[i] = Class{Name: c.Name, Fixed: make([]float64, m)}
	}
	avoid := make([]map[string]bool, len(fp.Classes))
	for i, c := range fp.Classes {
		avoid[i] = map[string]bool{}
		for _, a := range c.Avoid {
			avoid[i][strings.ToUpper(a)] = true
		}
	}
	for a, e := range fn.elems {
		if e.Kind != "link" {
			continue
		}
		l := g.Link(network.LinkID(e.link))
		usd := l.Cost()
		for i, c := range fp.Classes {
			f := usd / c.ValueOfTime
			if avoid[i][g.Node(l.From).Country] || avoid[i][g.Node(l.To).Country] {
				f += avoidPenaltyHours
			}
			classes[i].Fixed[a] = f
		}
	}
	ods, err := resolveDemand(g, demand, fp.Classes)
	if err != nil {
		return nil, err
	}
	total := 0.0
	for _, d := range ods {
		classes[d.class].Demand = append(classes[d.class].Demand, OD{Origin: fn.in[d.o], Dest: fn.out[d.t], Flow: d.teu})
		total += d.teu
	}
	// classes without demand are kept (their index is the class); an
	// empty class adds no origin.
	p, err := NewProblem(fn.net, classes)
	if err != nil {
		return nil, err
	}
	opt := fp.Options
	opt.Algorithm = AlgorithmB
	res, err := Solve(ctx, p, opt)
	if err != nil {
		return nil, err
	}
	out := &FreightResult{Classes: fp.Classes, TotalTEU: p.TotalDemand(), Iterations: res.Iterations, Final: res.Final(), Converged: res.Converged}
	for a := range fn.elems {
		e := fn.elems[a]
		e.FlowTEU = res.Flow[a]
		t0 := fn.net.Time(a, 0)
		e.FreeHours = t0
		e.DelayHours = res.Time[a] - t0
		if e.CapacityTEU > 0 {
			e.Utilisation = e.FlowTEU / e.CapacityTEU
		}
		out.Elements = append(out.Elements, e)
		if e.CapacityTEU > 0 && e.FlowTEU > 0 {
			out.Bottlenecks = append(out.Bottlenecks, e)
		}
	}
	sort.SliceStable(out.Bottlenecks, func(i, j int) bool { return out.Bottlenecks[i].Utilisation > out.Bottlenecks[j].Utilisation })
	out.Corridors = fn.corridorShares(res.bush)
	return out, nil
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
	fn := &freightNet{in: make([]int32, g.NumNodes()), out: make([]int32, g.NumNodes())}
	for _, c := range g.Corridors() {
		fn.tags = append(fn.tags, c.Tag)
	}
	if len(fn.tags) > 32 {
		return nil, fmt.Errorf("assign: %d corridor tags (at most 32)", len(fn.tags))
	}
	tagBit := map[string]uint32{}
	for i, t := range fn.tags {
		tagBit[t] = 1 << uint(i)
	}
	var links []Link
	nodes := int32(0)
	for i := 0; i < g.NumNodes(); i++ {
		nd := g.Node(network.NodeID(i))
		fn.in[i] = nodes
		fn.out[i] = nodes
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
		nodes++
		l := Link{From: fn.in[i], To: fn.out[i], FreeFlow: t0}
		if nd.CapacityTEUYear > 0 {
			l.B, l.Power, l.Capacity = fp.Node.B, fp.Node.Power, nd.CapacityTEUYear
		}
		links = append(links, l)
		fn.elems = append(fn.elems, Element{Kind: "node", ID: nd.ID, Name: nd.Name, Mode: nd.Kind.String(), CapacityTEU: l.Capacity, link: i})
		fn.linkKm = append(fn.linkKm, 0)
		fn.linkMask = append(fn.linkMask, ^uint32(0))
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
		mask := ^uint32(0)
		if len(lk.Corridors) > 0 {
			mask = 0
			for _, t := range lk.Corridors {
				mask |= tagBit[t]
			}
		}
		fn.elems = append(fn.elems, Element{Kind: "link", ID: lk.ID, Name: g.Node(lk.From).Name + " – " + g.Node(lk.To).Name,
			Mode: lk.Mode.String(), From: g.Node(lk.From).ID, To: g.Node(lk.To).ID, Corridors: lk.Corridors,
			CapacityTEU: l.Capacity, Km: lk.DistanceKm, link: i})
		fn.linkKm = append(fn.linkKm, lk.DistanceKm)
		fn.linkMask = append(fn.linkMask, mask)
	}
	net, err := NewNetwork(int(nodes), 0, links)
	if err != nil {
		return nil, err
	}
	fn.net = net
	return fn, nil
}

// maskShare is the part of a node's flow whose path so far carries the
// corridor tags mask: frac of the flow, and frac × mean km.
type maskShare struct {
	mask      uint32
	frac, fkm float64
}

// corridorShares attributes every bush's flow to corridors by following it
// from the origin in topological order, splitting at each node in
// proportion to the flows out of it (the usual proportionality
// assumption), and keeping for each part the tags common to all its links.
func (fn *freightNet) corridorShares(s *bushes) []CorridorShare {
	if s == nil {
		return nil
	}
	net, m := fn.net, s.m
	byMask := map[uint32][2]float64{} // TEU, TEU-km
	comp := make([][]maskShare, net.numNodes)
	inflow := make([]float64, net.numNodes)
	for b := range s.p.origins {
		o := &s.p.origins[b]
		bf := s.bf[b*m : (b+1)*m]
		topo := s.topo[b]
		for _, j := range topo {
			comp[j] = comp[j][:0]
			inflow[j] = 0
		}
		comp[o.node] = append(comp[o.node], maskShare{mask: ^uint32(0), frac: 1})
		for _, j := range topo[1:] {
			for _, a := range net.inLink[net.inStart[j]:net.inStart[j+1]] {
				f := bf[a]
				if f <= usedEps {
					continue
				}
				inflow[j] += f
				i := net.from[a]
				for _, e := range comp[i] {
					mk := e.mask & fn.linkMask[a]
					add := maskShare{mask: mk, frac: f * e.frac, fkm: f * (e.fkm + e.frac*fn.linkKm[a])}
					found := false
					for k := range comp[j] {
						if comp[j][k].mask == mk {
							comp[j][k].frac += add.frac
							comp[j][k].fkm += add.fkm
							found = true
							break
						}
					}
					if !found {
						comp[j] = append(comp[j], add)
					}
				}
			}
			if inflow[j] > 0 {
				for k := range comp[j] {
					comp[j][k].frac /= inflow[j]
					comp[j][k].fkm /= inflow[j]
				}
			}
		}
		for i, d := range o.dest {
			q := o.flow[i]
			for _, e := range comp[d] {
				v := byMask[e.mask]
				v[0] += q * e.frac
				v[1] += q * e.fkm
				byMask[e.mask] = v
			}
		}
	}
	byName := map[string]*CorridorShare{}
	var out []CorridorShare
	totTEU, totKm := 0.0, 0.0
	for mk, v := range byMask {
		name := "mixed"
		if mk == ^uint32(0) {
			name = "untagged"
		} else if mk != 0 {
			var parts []string
			for i, t := range fn.tags {
				if mk&(1<<uint(i)) != 0 {
					parts = append(parts, t)
				}
			}
			if bits.OnesCount32(mk) <= 3 {
				name = strings.Join(parts, "+")
			} else {
				name = "shared links only"
			}
		}
		cs := byName[name]
		if cs == nil {
			out = append(out, CorridorShare{Corridor: name})
			cs = &out[len(out)-1]
			byName[name] = cs
			// pointers into out stay valid only until the next append: rebuild below
		}
		cs.TEU += v[0]
		cs.TEUKm += v[1]
		totTEU += v[0]
		totKm += v[1]
		for k := range out {
			byName[out[k].Corridor] = &out[k]
		}
	}
	for k := range out {
		if totTEU > 0 {
			out[k].ShareTEU = out[k].TEU / totTEU
		}
		if totKm > 0 {
			out[k].ShareTEUKm = out[k].TEUKm / totKm
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].TEU > out[j].TEU })
	return out
}
