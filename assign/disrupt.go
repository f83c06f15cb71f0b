package assign

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"

	"corridor/emissions"
	"corridor/network"
)

// removedHours is the fixed cost that takes a removed element out of use:
// far above any congested path (a BPR path at ten times its capacity costs
// some 10^5 hours) and above the avoided-country penalty of every link of
// a long path, so that flow uses a removed element only when no other path
// exists, and then the origin–destination pair is unserved.
const removedHours = 1e9

// unservedHours is the path cost from which a pair counts as cut off: at
// least one removed element on every path.
const unservedHours = removedHours / 2

// Change disrupts elements of the network for one solve of a FreightModel.
// A node change applies to the node's capacity or dwell element; removing
// a node also removes every link into or out of it, and a delay at a node
// without a dwell element is added to the links into it.
type Change struct {
	Links []network.LinkID // graph links (a two-way row is two links: give both)
	Nodes []network.NodeID
	// Remove takes the elements out: demand with no other path is
	// unserved (Totals.UnservedTEU).
	Remove bool
	// CapacityFactor, in (0, 1], multiplies the capacity of
	// capacity-limited elements (0 leaves it unchanged); an element
	// without a capacity has nothing to cut.
	CapacityFactor float64
	// DelayHours is added to the elements' free-flow time.
	DelayHours float64
}

// Totals are an assignment's system figures per year, over the served
// demand. CostUSD is the generalised cost (tariffs plus each class's value
// of time × hours), without the penalties that keep classes out of avoided
// countries; TEUDays the time in the network (running, waiting for
// departures, dwelling and congestion delay); CO2eTonnes the well-to-wheel
// emissions of moving the boxes on links (emissions.LinkFactor at
// emissions.DefaultCargoTonnesPerTEU of cargo per TEU; handling at nodes is
// not counted).
type Totals struct {
	DemandTEU   float64 `json:"demand_teu_year"`
	ServedTEU   float64 `json:"served_teu_year"`
	UnservedTEU float64 `json:"unserved_teu_year"`
	CostUSD     float64 `json:"generalised_cost_usd_year"`
	TariffUSD   float64 `json:"tariff_usd_year"`
	TEUDays     float64 `json:"teu_days_year"`
	CO2eTonnes  float64 `json:"co2e_wtw_tonnes_year"`
}

// FreightModel is a freight assignment prepared once (the network mapped
// for assignment, the classes' costs, the demand resolved and checked) to
// be solved many times: as it is, and under Changes, each solve optionally
// warm-started from an earlier result. Solves may run concurrently.
type FreightModel struct {
	fn       *freightNet
	links    []Link
	classes  []Class
	fp       FreightParams
	problem  *Problem
	tariff   []float64 // USD per TEU, per assignment link
	co2eKg   []float64 // kg CO2e WTW per TEU, per assignment link
	linkElem []int32   // assignment link of each graph link, -1 when it has none
	nodeElem []int32   // assignment link of each graph node's element, -1 when it has none
}

// NewFreightModel prepares the assignment of demand on g with fp.
func NewFreightModel(g *network.Graph, demand []Demand, fp FreightParams) (*FreightModel, error) {
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
	md := &FreightModel{fn: fn, links: fn.links, fp: fp, tariff: make([]float64, m), co2eKg: make([]float64, m),
		linkElem: make([]int32, g.NumLinks()), nodeElem: make([]int32, g.NumNodes())}
	for i := range md.linkElem {
		md.linkElem[i] = -1
	}
	for i := range md.nodeElem {
		md.nodeElem[i] = -1
	}
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
			md.nodeElem[e.link] = int32(a)
			continue
		}
		md.linkElem[e.link] = int32(a)
		l := g.Link(network.LinkID(e.link))
		usd := l.Cost()
		md.tariff[a] = usd
		md.co2eKg[a] = emissions.Leg(emissions.LinkFactor(l), emissions.DefaultCargoTonnesPerTEU, l.DistanceKm).WTW()
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
	for _, d := range ods {
		classes[d.class].Demand = append(classes[d.class].Demand, OD{Origin: fn.in[d.o], Dest: fn.out[d.t], Flow: d.teu})
	}
	// classes without demand are kept (their index is the class); an
	// empty class adds no origin.
	p, err := NewProblem(fn.net, classes)
	if err != nil {
		return nil, err
	}
	md.classes, md.problem = classes, p
	return md, nil
}

// Graph returns the network the model assigns on.
func (md *FreightModel) Graph() *network.Graph { return md.fn.g }

// apply returns the model's links with the changes made.
func (md *FreightModel) apply(changes []Change) ([]Link, error) {
	links := append([]Link(nil), md.links...)
	g := md.fn.g
	for ci, ch := range changes {
		if ch.CapacityFactor < 0 || ch.CapacityFactor > 1 || math.IsNaN(ch.CapacityFactor) {
			return nil, fmt.Errorf("assign: change %d: capacity factor must be in (0, 1], got %g", ci+1, ch.CapacityFactor)
		}
		if ch.DelayHours < 0 || math.IsNaN(ch.DelayHours) || math.IsInf(ch.DelayHours, 0) {
			return nil, fmt.Errorf("assign: change %d: delay must be a non-negative number of hours, got %g", ci+1, ch.DelayHours)
		}
		touch := func(a int32) {
			l := &links[a]
			if ch.Remove {
				l.Fixed += removedHours
			}
			if ch.CapacityFactor > 0 && l.Capacity > 0 {
				l.Capacity *= ch.CapacityFactor
			}
			l.FreeFlow += ch.DelayHours
		}
		for _, id := range ch.Links {
			if int(id) < 0 || int(id) >= len(md.linkElem) {
				return nil, fmt.Errorf("assign: change %d: no link %d", ci+1, id)
			}
			if a := md.linkElem[id]; a >= 0 {
				touch(a)
			}
		}
		for _, id := range ch.Nodes {
			if int(id) < 0 || int(id) >= len(md.nodeElem) {
				return nil, fmt.Errorf("assign: change %d: no node %d", ci+1, id)
			}
			if a := md.nodeElem[id]; a >= 0 {
				touch(a)
				if !ch.Remove {
					continue
				}
			}
			if !ch.Remove && ch.DelayHours == 0 {
				continue // a capacity cut on a node without a capacity
			}
			for _, l := range g.In(id) {
				if a := md.linkElem[l]; a >= 0 {
					if ch.Remove {
						links[a].Fixed += removedHours
					} else {
						links[a].FreeFlow += ch.DelayHours
					}
				}
			}
			if ch.Remove {
				for _, l := range g.Out(id) {
					if a := md.linkElem[l]; a >= 0 {
						links[a].Fixed += removedHours
					}
				}
			}
		}
	}
	return links, nil
}

// Solve assigns the model's demand with the changes made (none: the
// network as it is), starting from warm's bushes when warm is an earlier
// result of this model (any changes). It returns ctx's error when
// cancelled.
func (md *FreightModel) Solve(ctx context.Context, changes []Change, warm *FreightResult) (*FreightResult, error) {
	fn, p := md.fn, md.problem
	if len(changes) > 0 {
		links, err := md.apply(changes)
		if err != nil {
			return nil, err
		}
		net, err := NewNetwork(fn.net.NumNodes(), 0, links)
		if err != nil {
			return nil, err
		}
		if p, err = NewProblem(net, md.classes); err != nil {
			return nil, err
		}
	}
	opt := md.fp.Options
	opt.Algorithm = AlgorithmB
	if warm != nil {
		opt.Warm = warm.res
	}
	res, err := Solve(ctx, p, opt)
	if err != nil {
		return nil, err
	}
	return md.result(p, res), nil
}

// result turns a solve into a FreightResult: served flows per element,
// unserved pairs, corridor shares, the Caspian crossing and the totals.
func (md *FreightModel) result(p *Problem, res *Result) *FreightResult {
	fn, fp := md.fn, md.fp
	classes := fp.Classes
	if len(classes) == 0 {
		classes = DefaultCargoClasses
	}
	out := &FreightResult{Classes: classes, TotalTEU: p.TotalDemand(), Iterations: res.Iterations, Final: res.Final(),
		Converged: res.Converged, res: res}
	s := res.bush
	m := s.m
	// unserved pairs: every path of the pair crosses a removed element
	uc := make([][]float64, len(s.xc))
	for c := range uc {
		uc[c] = make([]float64, m)
	}
	out.unserved = make([][]bool, len(p.origins))
	load := make([]float64, p.net.numNodes)
	unservedTEU := 0.0
	sc := s.sc[0]
	for b := range p.origins {
		o := &p.origins[b]
		s.labels(sc, b)
		var cut []bool
		any := false
		for i, d := range o.dest {
			if sc.L[d] >= unservedHours {
				if cut == nil {
					cut = make([]bool, len(o.dest))
				}
				cut[i], any = true, true
				load[d] += o.flow[i]
				unservedTEU += o.flow[i]
			}
		}
		out.unserved[b] = cut
		if !any {
			continue
		}
		bf := s.bf[b*m : (b+1)*m]
		in := s.in[b*m : (b+1)*m]
		topo := s.topo[b]
		u := uc[o.class]
		for k := len(topo) - 1; k > 0; k-- {
			j := topo[k]
			q := load[j]
			if q == 0 {
				continue
			}
			load[j] = 0
			tot := 0.0
			for _, a := range p.net.inLink[p.net.inStart[j]:p.net.inStart[j+1]] {
				if in[a] && bf[a] > usedEps {
					tot += bf[a]
				}
			}
			if tot == 0 {
				continue
			}
			for _, a := range p.net.inLink[p.net.inStart[j]:p.net.inStart[j+1]] {
				if in[a] && bf[a] > usedEps {
					f := q * bf[a] / tot
					u[a] += f
					load[p.net.from[a]] += f
				}
			}
		}
		load[topo[0]] = 0
	}
	served := make([]float64, m)
	for a := range served {
		v := res.Flow[a]
		for c := range uc {
			v -= uc[c][a]
		}
		served[a] = max(v, 0)
	}
	out.elemFlow = served
	for a := range fn.elems {
		e := fn.elems[a]
		e.FlowTEU = served[a]
		t0 := p.net.Time(a, 0)
		e.FreeHours = t0
		e.DelayHours = res.Time[a] - t0
		e.CapacityTEU = p.net.capa[a]
		if e.CapacityTEU > 0 {
			e.Utilisation = e.FlowTEU / e.CapacityTEU
		}
		out.Elements = append(out.Elements, e)
		if e.CapacityTEU > 0 && e.FlowTEU > 0 {
			out.Bottlenecks = append(out.Bottlenecks, e)
		}
	}
	sort.SliceStable(out.Bottlenecks, func(i, j int) bool { return out.Bottlenecks[i].Utilisation > out.Bottlenecks[j].Utilisation })
	out.Corridors = fn.corridorShares(s, out.unserved)
	out.Caspian = fn.caspian(served)
	t := Totals{DemandTEU: p.TotalDemand(), UnservedTEU: unservedTEU, ServedTEU: p.TotalDemand() - unservedTEU}
	for a := 0; a < m; a++ {
		tm := res.Time[a]
		t.TEUDays += served[a] * tm / 24
		t.TariffUSD += served[a] * md.tariff[a]
		t.CO2eTonnes += served[a] * md.co2eKg[a] / 1000
		for c := range s.xc {
			v := max(s.xc[c][a]-uc[c][a], 0)
			t.CostUSD += v * (md.tariff[a] + classes[c].ValueOfTime*tm)
		}
	}
	out.Totals = t
	return out
}

// LinkFlows returns the served flow (TEU a year) on each graph link, zero
// for links the assignment does not use or does not have.
func (r *FreightResult) LinkFlows(md *FreightModel) []float64 {
	out := make([]float64, len(md.linkElem))
	for l, a := range md.linkElem {
		if a >= 0 && int(a) < len(r.elemFlow) {
			out[l] = r.elemFlow[a]
		}
	}
	return out
}

// NodeFlows returns the served flow (TEU a year) through each graph node's
// capacity or dwell element, zero for nodes without one.
func (r *FreightResult) NodeFlows(md *FreightModel) []float64 {
	out := make([]float64, len(md.nodeElem))
	for n, a := range md.nodeElem {
		if a >= 0 && int(a) < len(r.elemFlow) {
			out[n] = r.elemFlow[a]
		}
	}
	return out
}
