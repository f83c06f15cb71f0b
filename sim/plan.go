package sim

import (
	"fmt"
	"time"

	"corridor/network"
	"corridor/route"
)

// Plan is an itinerary compiled for simulation: its links in order with
// their running times and dwell distributions, grouped into legs (as the
// router groups them: a new leg at a change of mode, gauge or service, after
// a transshipment, or where a scheduled service departs), each leg with its
// handling distribution, the departure processes of its services and its
// running-time variability. A Plan is immutable; Run may be called on it
// from several goroutines.
type Plan struct {
	g            *network.Graph
	corridor     string
	summary      string
	routerHours  float64
	depart       time.Time
	departWeekMn float64 // minutes since Sunday 00:00 UTC at departure, as the router computes it
	teu          float64
	cal          *Calibration
	legs         []leg
	steps        []step
	svcs         []svc
	congestion   *CongestionInfo // nil: no congestion drawn (see WithCongestion)
}

// step is one link of the itinerary.
type step struct {
	hours float64 // running time (link hours)
	dwell logn    // border or canal dwell at the arrival node (median 0: none)
	link  network.LinkID
	to    network.NodeID
	// congWait and congBorder are the mean congestion delays on the link
	// and at its arrival node (see Congestion): drawn as waiting, and as
	// border dwell at a border crossing.
	congWait, congBorder float64
}

// leg is a run of steps that starts with at most one wait for a departure.
type leg struct {
	first, end int32 // steps[first:end]
	handling   logn  // transshipment at the leg's start (median 0: none)
	svcFirst   int32 // services svcs[svcFirst:svcEnd] may carry the leg; none: runs at any time
	svcEnd     int32
	runSigma   float64 // log-sd of the leg's running-time factor (mean 1)

	from, to network.NodeID
	mode     network.Mode
	gauge    network.Gauge
	service  string // name of the first candidate service, for output
}

// svc is the departure process of one service for one leg.
type svc struct {
	id        network.ServiceID
	timetable *network.Service // the graph's service when timetabled, else nil
	headway   float64          // hours, frequency-only services
	shape     float64          // gamma shape of the gaps (1/CV²); 0 = regular
	capacity  float64          // TEU per departure; 0 = unknown (never binds)
	maxLoad   float64          // the cargo fits if other cargo takes at most this share
	loadA     float64          // Beta(a, b) of other cargo's share; a = 0: none
	loadB     float64
	cancel    float64
}

// NewPlan compiles itinerary it, found by the router for query q on g, with
// the calibration cal (nil: DefaultCalibration). The query gives the
// departure time and the cargo (its TEU and reefer/DG flags choose the
// services that may carry it, as in the router).
func NewPlan(g *network.Graph, q route.Query, it *route.Itinerary, cal *Calibration) (*Plan, error) {
	if cal == nil {
		cal = DefaultCalibration()
	} else {
		cal = cal.Clone() // the plan keeps its own: later edits to cal do not reach it
	}
	if err := cal.Validate(); err != nil {
		return nil, err
	}
	if it == nil || len(it.Legs) == 0 {
		return nil, fmt.Errorf("sim: empty itinerary")
	}
	var links []network.LinkID
	for _, l := range it.Legs {
		for _, id := range l.Links {
			k, ok := g.LinkByID(id)
			if !ok {
				return nil, fmt.Errorf("sim: itinerary link %q is not in the network", id)
			}
			links = append(links, k)
		}
	}
	p := &Plan{g: g, corridor: it.Corridor, summary: it.Summary, routerHours: it.Total.Hours,
		depart: q.Depart.UTC(), teu: q.Cargo.TEUs(), cal: cal}
	d := p.depart
	p.departWeekMn = float64(int(d.Weekday())*1440+d.Hour()*60+d.Minute()) + float64(d.Second())/60

	node := g.Link(links[0]).From
	var mode network.Mode
	var gauge network.Gauge
	var cur *leg
	var cvHours, hours float64 // for the current leg's hours-weighted CV
	// Legs split where the router's do: also after a land link into
	// another country, sea and ferry legs port to port (route.Crossing).
	terr, split := route.Territory(g.Node(node)), false
	closeLeg := func() {
		if cur == nil {
			return
		}
		if c := route.Territory(g.Node(cur.to)); route.PortToPort(cur.mode) && c != "" {
			terr = c
		}
		cur.end = int32(len(p.steps))
		if hours > 0 {
			cur.runSigma = runSigma(cvHours / hours)
		}
		p.legs = append(p.legs, *cur)
	}
	for i, l := range links {
		k := g.Link(l)
		if k.From != node {
			return nil, fmt.Errorf("sim: itinerary link %q does not start where link %d ends", k.ID, i)
		}
		transfer := mode != 0 && (mode != k.Mode || gauge != k.Gauge)
		rule := cal.linkRule(g, k)
		var accepted []network.ServiceID
		svcs := g.ServicesOn(l)
		for _, s := range svcs {
			if accepts(g.Service(s), q.Cargo) {
				accepted = append(accepted, s)
			}
		}
		if len(svcs) > 0 && len(accepted) == 0 {
			return nil, fmt.Errorf("sim: no service on link %q takes the cargo", k.ID)
		}
		if cur == nil || split || transfer || len(accepted) > 0 || mode != k.Mode || gauge != k.Gauge {
			closeLeg()
			split = false
			cvHours, hours = 0, 0
			cur = &leg{first: int32(len(p.steps)), from: k.From, mode: k.Mode, gauge: k.Gauge,
				svcFirst: int32(len(p.svcs))}
			if transfer {
				n := g.Node(node)
				nr := cal.nodeRule(n.Kind)
				h := n.HandlingFor(k.Mode, k.Gauge)
				cur.handling = fitLogn(h, h*nr.HandlingP90Ratio)
			}
			for _, s := range accepted {
				p.svcs = append(p.svcs, p.compileService(g.Service(s), s, rule, g.LinkFactor(network.HeadwayCV, l)))
			}
			cur.svcEnd = int32(len(p.svcs))
			if len(accepted) > 0 {
				cur.service = g.Service(accepted[0]).Name
			}
		}
		cur.to = k.To
		cvHours += rule.RunCV * g.LinkFactor(network.RunCV, l) * k.Hours
		hours += k.Hours
		to := g.Node(k.To)
		st := step{hours: k.Hours, link: l, to: k.To}
		if to.BorderMedianHours > 0 {
			nr := cal.nodeRule(to.Kind)
			p90 := to.BorderP90Hours
			if !(p90 > to.BorderMedianHours) {
				p90 = to.BorderMedianHours * nr.DefaultDwellP90Ratio
			}
			st.dwell = fitLogn(to.BorderMedianHours, p90)
			st.dwell.sigma *= nr.DwellSpread * g.NodeFactor(network.DwellSpread, k.To)
		}
		p.steps = append(p.steps, st)
		if c := route.Territory(to); !route.PortToPort(k.Mode) && c != "" && c != terr {
			terr, split = c, true
		}
		node, mode, gauge = k.To, k.Mode, k.Gauge
	}
	closeLeg()
	return p, nil
}

// accepts mirrors the router's rule: reefer and DG flags, and a capacity per
// departure at least the cargo's TEU.
func accepts(s *network.Service, c route.Cargo) bool {
	if c.Reefer && !s.Reefer || c.DG && !s.DG {
		return false
	}
	return s.CapacityTEU == 0 || c.TEUs() <= s.CapacityTEU
}

// compileService compiles a service under rule; cvScale is the link's
// headway_cv calibration factor. A frequency-only service's mean headway
// is stretched by its WaitScale (service_wait), as the router's expected
// wait is.
func (p *Plan) compileService(s *network.Service, id network.ServiceID, rule *LinkRule, cvScale float64) svc {
	v := svc{id: id, capacity: s.CapacityTEU, cancel: rule.CancelProb}
	if s.Timetabled() {
		v.timetable = s
	} else {
		v.headway = 168 / s.PerWeek
		if s.WaitScale > 0 {
			v.headway *= s.WaitScale
		}
		if cv := rule.HeadwayCV * cvScale; cv > 0 {
			v.shape = 1 / (cv * cv)
		}
	}
	if v.capacity > 0 && rule.LoadFactor > 0 {
		v.maxLoad = 1 - p.teu/v.capacity
		v.loadA = rule.LoadFactor * p.cal.LoadConcentration
		v.loadB = (1 - rule.LoadFactor) * p.cal.LoadConcentration
	}
	return v
}

// NumLegs is the number of legs a replication simulates.
func (p *Plan) NumLegs() int { return len(p.legs) }

// Corridor is the itinerary's corridor tag.
func (p *Plan) Corridor() string { return p.corridor }

// RouterHours is the router's expected time for the itinerary (rounded as
// the itinerary gives it).
func (p *Plan) RouterHours() float64 { return p.routerHours }
