package network

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// ParamsFile is the optional file of calibration parameters of a network
// folder: factors on groups of links or nodes, each with its bounds, the
// value in force and where it comes from (docs/DATA.md, "Calibration").
const ParamsFile = "parameters.csv"

// ParamKind is what a calibration parameter scales.
type ParamKind string

// The parameter kinds.
const (
	// RunTime scales the running time of the selected links (1.25: a
	// quarter slower).
	RunTime ParamKind = "run_time"
	// BorderDwell scales the median and p90 border (or canal) dwell of the
	// selected nodes.
	BorderDwell ParamKind = "border_dwell"
	// HandlingTime scales the transshipment time of the selected nodes.
	HandlingTime ParamKind = "handling_time"
	// Tariff scales the tariff (fixed and per km) of the selected links,
	// except on the reference trip of a rate series that drives them,
	// where the published index sets the price.
	Tariff ParamKind = "tariff"
	// ServiceWait scales the expected wait (half the headway) for the
	// frequency-only services on the selected links.
	ServiceWait ParamKind = "service_wait"
	// RunCV scales the simulation's coefficient of variation of the
	// running time on the selected links (package sim, LinkRule.RunCV).
	RunCV ParamKind = "run_cv"
	// HeadwayCV scales the simulation's coefficient of variation of the
	// gaps between departures of frequency-only services on the selected
	// links (LinkRule.HeadwayCV).
	HeadwayCV ParamKind = "headway_cv"
	// DwellSpread scales the simulation's spread (lognormal sigma) of
	// border and canal dwell at the selected nodes.
	DwellSpread ParamKind = "dwell_spread"
)

// ParamKinds lists the kinds.
var ParamKinds = []ParamKind{RunTime, BorderDwell, HandlingTime, Tariff, ServiceWait, RunCV, HeadwayCV, DwellSpread}

// Spread reports whether the kind shapes only the simulation's spreads
// (fitted to published spreads by simulation, not to expected figures).
func (k ParamKind) Spread() bool { return k == RunCV || k == HeadwayCV || k == DwellSpread }

// OnNodes reports whether the kind selects nodes (else links).
func (k ParamKind) OnNodes() bool { return k == BorderDwell || k == HandlingTime || k == DwellSpread }

// Param is one calibration parameter: a factor on a group of links or
// nodes. The factor in force (Value) is applied when the network is
// loaded; 1 leaves the base records as they are. Where several parameters
// of one kind select an element, the first in the file applies.
type Param struct {
	ID     string    `json:"id"`
	Kind   ParamKind `json:"kind"`
	Select string    `json:"select"`
	Low    float64   `json:"low"`
	High   float64   `json:"high"`
	Value  float64   `json:"value"`
	// From and To, when either is set, make the parameter dated: it is in
	// force for queries departing in the months From..To (an open end when
	// zero) and then takes precedence over later rows of its kind; undated
	// parameters are always in force (see Graph.AtMonth).
	From Month `json:"from,omitzero"`
	To   Month `json:"to,omitzero"`
	// Prior weighs the calibration's pull of this factor towards 1,
	// relative to the fit's --prior (1 when the column is empty): below 1
	// for a factor known to be far from 1 (a congested period), above 1 for
	// one that should move only on strong evidence.
	Prior   float64  `json:"prior"`
	Fitted  string   `json:"fitted,omitempty"` // provenance of Value: what it was fitted to, and when
	Sources []string `json:"source,omitempty"` // why the bounds are what they are
	Note    string   `json:"note,omitempty"`
	Line    int      `json:"-"`
	links   Selector
	nodes   NodeSelector
}

// NodeSelector picks nodes: every condition given must hold. Keys: nodes
// (ids), countries (codes or groups) and kind (node kinds); for
// handling_time also onto (the leg the cargo is transshipped onto: a mode,
// or rail with its gauge, e.g. onto=rail:1435), which makes the factor
// directional (see Node.HandlingFor).
type NodeSelector struct {
	Nodes     []NodeID
	Countries []string
	Kinds     []NodeKind
	Onto      []ModeGauge
	Text      string
}

// ModeGauge is a mode, with a rail gauge (0: any gauge of the mode).
type ModeGauge struct {
	Mode  Mode
	Gauge Gauge
}

// MatchOnto reports whether a transshipment onto a leg of mode and gauge
// is selected: always when the selector names no onto condition.
func (s *NodeSelector) MatchOnto(mode Mode, gauge Gauge) bool {
	if len(s.Onto) == 0 {
		return true
	}
	for _, o := range s.Onto {
		if o.Mode == mode && (o.Gauge == 0 || o.Gauge == gauge) {
			return true
		}
	}
	return false
}

// parseModeGauge reads "rail:1435", "rail" or "sea".
func parseModeGauge(v string) (ModeGauge, error) {
	m, g, hasGauge := strings.Cut(v, ":")
	mode, err := ParseMode(m)
	if err != nil {
		return ModeGauge{}, err
	}
	out := ModeGauge{Mode: mode}
	if hasGauge {
		if mode != Rail {
			return out, fmt.Errorf("%q: only rail has a gauge", v)
		}
		n, err := strconv.Atoi(g)
		if err != nil || !slices.Contains(Gauges, Gauge(n)) {
			return out, fmt.Errorf("%q: expected a gauge of %s after rail:", v, GaugeList)
		}
		out.Gauge = Gauge(n)
	}
	return out, nil
}

// Match reports whether node n of g is selected.
func (s *NodeSelector) Match(g *Graph, n NodeID) bool {
	k := g.Node(n)
	if len(s.Nodes) > 0 && !slices.Contains(s.Nodes, n) {
		return false
	}
	if len(s.Countries) > 0 && !slices.Contains(s.Countries, k.Country) {
		return false
	}
	if len(s.Kinds) > 0 && !slices.Contains(s.Kinds, k.Kind) {
		return false
	}
	return true
}

// ParseNodeSelector reads a node selector: space-separated key=v1|v2
// conditions with keys nodes, countries and kind.
func ParseNodeSelector(g *Graph, s string) (NodeSelector, error) {
	sel := NodeSelector{Text: strings.Join(strings.Fields(s), " ")}
	if sel.Text == "" {
		return sel, fmt.Errorf("expected at least one condition (keys: nodes, countries, kind)")
	}
	for _, cond := range strings.Fields(s) {
		key, val, ok := strings.Cut(cond, "=")
		if !ok || val == "" {
			return sel, fmt.Errorf("condition %q: expected key=value (keys: nodes, countries, kind)", cond)
		}
		for _, v := range strings.Split(val, "|") {
			if v == "" {
				return sel, fmt.Errorf("condition %q: empty value between '|'", cond)
			}
			switch key {
			case "nodes":
				n, ok := g.nodeIndex[v]
				if !ok {
					return sel, fmt.Errorf("condition %q: unknown node %q", cond, v)
				}
				sel.Nodes = append(sel.Nodes, n)
			case "countries":
				cs, err := g.selectorCountries(cond, v)
				if err != nil {
					return sel, err
				}
				sel.Countries = append(sel.Countries, cs...)
			case "kind":
				k, err := ParseNodeKind(v)
				if err != nil {
					return sel, fmt.Errorf("condition %q: %w", cond, err)
				}
				sel.Kinds = append(sel.Kinds, k)
			case "onto":
				mg, err := parseModeGauge(v)
				if err != nil {
					return sel, fmt.Errorf("condition %q: %w", cond, err)
				}
				sel.Onto = append(sel.Onto, mg)
			default:
				return sel, fmt.Errorf("condition %q: unknown key %q (keys: nodes, countries, kind, onto)", cond, key)
			}
		}
	}
	return sel, nil
}

// Dated reports whether the parameter is in force only in some months.
func (p *Param) Dated() bool { return p.From != 0 || p.To != 0 }

// InForce reports whether the parameter applies to a query departing in
// month m: undated parameters always do.
func (p *Param) InForce(m Month) bool {
	return (p.From == 0 || m >= p.From) && (p.To == 0 || m <= p.To)
}

// DatedKinds are the kinds a parameter may be dated for: times, which
// Graph.AtMonth rescales on a derived graph. Tariffs follow the dated rate
// series instead, and the simulation's spreads are not dated.
var DatedKinds = []ParamKind{RunTime, BorderDwell, HandlingTime, ServiceWait}

// MatchLink reports whether the parameter selects link l (kinds on links).
func (p *Param) MatchLink(g *Graph, l LinkID) bool {
	return !p.Kind.OnNodes() && p.links.Match(g, l)
}

// MatchNode reports whether the parameter selects node n (kinds on nodes).
func (p *Param) MatchNode(g *Graph, n NodeID) bool {
	return p.Kind.OnNodes() && p.nodes.Match(g, n)
}

// Params returns the calibration parameters in file order, their values as
// applied.
func (g *Graph) Params() []Param { return g.params }

// ParamOfLink returns the index in Params of the parameter of kind k that
// applies to link l, or -1.
// Dated parameters are left out: see ParamOfLinkAt.
func (g *Graph) ParamOfLink(k ParamKind, l LinkID) int {
	for i := range g.params {
		if p := &g.params[i]; p.Kind == k && !p.Dated() && p.MatchLink(g, l) {
			return i
		}
	}
	return -1
}

// ParamOfLinkAt returns the index in Params of the parameter of kind k in
// force in month m that applies to link l (the first in file order among
// the undated ones and the dated ones in force), or -1.
func (g *Graph) ParamOfLinkAt(k ParamKind, l LinkID, m Month) int {
	for i := range g.params {
		if p := &g.params[i]; p.Kind == k && p.InForce(m) && p.MatchLink(g, l) {
			return i
		}
	}
	return -1
}

// LinkFactor is the value of the parameter of kind k on link l, or 1.
func (g *Graph) LinkFactor(k ParamKind, l LinkID) float64 {
	if i := g.ParamOfLink(k, l); i >= 0 {
		return g.params[i].Value
	}
	return 1
}

// NodeFactor is the value of the parameter of kind k at node n, or 1.
func (g *Graph) NodeFactor(k ParamKind, n NodeID) float64 {
	if i := g.ParamOfNode(k, n); i >= 0 {
		return g.params[i].Value
	}
	return 1
}

// ParamOfNode returns the index in Params of the parameter of kind k that
// applies to node n, or -1. Directional handling factors (onto) are left
// out: see ParamOfHandling.
// Dated parameters are left out: see ParamOfNodeAt.
func (g *Graph) ParamOfNode(k ParamKind, n NodeID) int {
	for i := range g.params {
		if p := &g.params[i]; p.Kind == k && !p.Dated() && len(p.nodes.Onto) == 0 && p.MatchNode(g, n) {
			return i
		}
	}
	return -1
}

// ParamOfNodeAt is ParamOfLinkAt for the kinds on nodes.
func (g *Graph) ParamOfNodeAt(k ParamKind, n NodeID, m Month) int {
	for i := range g.params {
		if p := &g.params[i]; p.Kind == k && p.InForce(m) && len(p.nodes.Onto) == 0 && p.MatchNode(g, n) {
			return i
		}
	}
	return -1
}

// ParamOfHandling returns the index in Params of the handling_time
// parameter of a transshipment at node n onto a leg of mode and gauge: the
// first undated row that selects the node and either names no onto or
// names this one; -1 when none does.
func (g *Graph) ParamOfHandling(n NodeID, mode Mode, gauge Gauge) int {
	return g.paramOfHandling(n, mode, gauge, func(p *Param) bool { return !p.Dated() })
}

// ParamOfHandlingAt is ParamOfHandling among the undated rows and the
// dated ones in force in month m.
func (g *Graph) ParamOfHandlingAt(n NodeID, mode Mode, gauge Gauge, m Month) int {
	return g.paramOfHandling(n, mode, gauge, func(p *Param) bool { return p.InForce(m) })
}

func (g *Graph) paramOfHandling(n NodeID, mode Mode, gauge Gauge, inForce func(*Param) bool) int {
	for i := range g.params {
		if p := &g.params[i]; p.Kind == HandlingTime && inForce(p) && p.MatchNode(g, n) && p.nodes.MatchOnto(mode, gauge) {
			return i
		}
	}
	return -1
}

// handlingOnto builds node n's directional handling times from its base
// time (before any factor): one entry per onto named by a handling_time
// row that selects n, where the row that applies (param, the first in
// force) is directional. Nil when none is.
func (g *Graph) handlingOnto(n NodeID, base float64, param func(mode Mode, gauge Gauge) int) []HandlingOnto {
	var out []HandlingOnto
	for i := range g.params {
		p := &g.params[i]
		if p.Kind != HandlingTime || len(p.nodes.Onto) == 0 || !p.MatchNode(g, n) {
			continue
		}
		for _, o := range p.nodes.Onto {
			if slices.ContainsFunc(out, func(h HandlingOnto) bool { return h.Mode == o.Mode && h.Gauge == o.Gauge }) {
				continue
			}
			if j := param(o.Mode, o.Gauge); j >= 0 && len(g.params[j].nodes.Onto) > 0 {
				out = append(out, HandlingOnto{Mode: o.Mode, Gauge: o.Gauge, Hours: base * g.params[j].Value})
			}
		}
	}
	return out
}

// OnRateReference reports whether link l is on the reference trip of a
// rate series that drives it: there the published index sets the price.
func (g *Graph) OnRateReference(l LinkID) bool {
	if len(g.rateStart) == 0 {
		return false
	}
	for _, i := range g.rateList[g.rateStart[l]:g.rateStart[l+1]] {
		if s := &g.rates[i]; !s.Drives.Empty() && slices.Contains(s.RefLinks, l) {
			return true
		}
	}
	return false
}

var paramCols = []column{{"id", true}, {"kind", true}, {"select", true}, {"low", true}, {"high", true},
	{"value", true}, {"from", false}, {"to", false}, {"prior", false}, {"fitted", false}, {"source", false}, {"note", false}}

// ParamColumns is the header of parameters.csv, for writers.
func ParamColumns() []string {
	out := make([]string, len(paramCols))
	for i, c := range paramCols {
		out[i] = c.name
	}
	return out
}

// loadParams reads parameters.csv (optional) and applies every factor.
func (l *loader) loadParams() {
	g := l.g
	seen := map[string]bool{}
	start := len(l.ps)
	readTable(l.fsys, ParamsFile, true, paramCols, &l.ps, func(r row) {
		f := newFields(r, &l.ps)
		p := Param{ID: r.get("id"), Kind: ParamKind(r.get("kind")), Select: r.get("select"),
			Fitted: r.get("fitted"), Sources: f.list("source"), Note: r.get("note"), Line: r.line}
		if msg := checkID(p.ID, true); msg != "" {
			f.bad("id", "%s", msg)
		} else if seen[p.ID] {
			f.bad("id", "parameter %q appears twice", p.ID)
		}
		seen[p.ID] = true
		if !slices.Contains(ParamKinds, p.Kind) {
			f.bad("kind", "expected one of run_time, border_dwell, handling_time, tariff, service_wait, run_cv, headway_cv, dwell_spread; got %q", p.Kind)
			return
		}
		var err error
		if p.Kind.OnNodes() {
			p.nodes, err = ParseNodeSelector(g, p.Select)
		} else {
			p.links, err = ParseSelector(g, p.Select)
			if err == nil && p.links.Empty() {
				err = fmt.Errorf("expected at least one condition")
			}
		}
		if err != nil {
			f.bad("select", "%v", err)
		}
		lo, ok1 := f.num("low", true, 0.05, 20)
		hi, ok2 := f.num("high", true, 0.05, 20)
		v, ok3 := f.num("value", true, 0.05, 20)
		if ok1 && ok2 && lo > hi {
			f.bad("high", "must be at least low (%s), got %s", fmtNum(lo), fmtNum(hi))
		} else if ok1 && ok2 && ok3 && (v < lo || v > hi) {
			f.bad("value", "must be within its bounds %s–%s, got %s", fmtNum(lo), fmtNum(hi), fmtNum(v))
		}
		p.Prior = 1
		if r.get("prior") != "" {
			if w, ok := f.num("prior", false, 0.001, 100); ok {
				p.Prior = w
			}
		}
		for _, d := range []struct {
			col string
			m   *Month
		}{{"from", &p.From}, {"to", &p.To}} {
			if v := r.get(d.col); v != "" {
				m, err := ParseMonth(v)
				if err != nil {
					f.bad(d.col, "%v", err)
					continue
				}
				*d.m = m
			}
		}
		if p.From != 0 && p.To != 0 && p.To < p.From {
			f.bad("to", "must not be before from (%s), got %s", p.From, p.To)
		}
		if len(p.nodes.Onto) > 0 && p.Kind != HandlingTime {
			f.bad("select", "onto applies to handling_time only, not to %s", p.Kind)
		}
		if p.Dated() && !slices.Contains(DatedKinds, p.Kind) {
			f.bad("from", "only run_time, border_dwell, handling_time and service_wait parameters can be dated; %s is not", p.Kind)
		}
		if len(p.Sources) > 0 { // optional: a factor's provenance is its fit
			l.a.checkSources(f, p.Sources)
		}
		p.Low, p.High, p.Value = lo, hi, v
		g.params = append(g.params, p)
	})
	if len(l.ps) > start {
		return
	}
	g.applyTimes()
}

// applyTimes scales running, border and handling times by the parameters
// in force (first matching parameter of each kind), before the indexes.
func (g *Graph) applyTimes() {
	if len(g.params) == 0 {
		return
	}
	for i := range g.links {
		k := &g.links[i]
		if p := g.ParamOfLink(RunTime, LinkID(i)); p >= 0 && g.params[p].Value != 1 && k.Hours > 0 {
			k.Hours *= g.params[p].Value
			k.SpeedKmh = k.DistanceKm / k.Hours
		}
	}
	for i := range g.services {
		s := &g.services[i]
		if len(s.Links) == 0 {
			continue
		}
		if p := g.ParamOfLink(ServiceWait, s.Links[0]); p >= 0 && g.params[p].Value != 1 {
			s.WaitScale = g.params[p].Value
		}
	}
	for i := range g.nodes {
		n := &g.nodes[i]
		if p := g.ParamOfNode(BorderDwell, NodeID(i)); p >= 0 && g.params[p].Value != 1 {
			n.BorderMedianHours *= g.params[p].Value
			n.BorderP90Hours *= g.params[p].Value
		}
		base := n.HandlingHours
		if p := g.ParamOfNode(HandlingTime, NodeID(i)); p >= 0 && g.params[p].Value != 1 {
			n.HandlingHours *= g.params[p].Value
		}
		id := NodeID(i)
		n.HandlingOnto = g.handlingOnto(id, base, func(mode Mode, gauge Gauge) int { return g.ParamOfHandling(id, mode, gauge) })
	}
}

// applyTariffs scales static tariffs by the tariff parameters in force,
// after the rate series have priced their reference trips on the base
// tariffs. Links on a driving series' reference trip keep the series'
// price (a published index beats a fitted factor); elsewhere a factor
// scales the series' price too (a detour, such as the Cape route, dearer
// or cheaper than the index's reference trip says).
func (g *Graph) applyTariffs() {
	if len(g.params) == 0 {
		return
	}
	for i := range g.links {
		k := &g.links[i]
		if p := g.ParamOfLink(Tariff, LinkID(i)); p >= 0 && g.params[p].Value != 1 && !g.OnRateReference(LinkID(i)) {
			k.TariffFixedUSD *= g.params[p].Value
			k.TariffUSDPerKm *= g.params[p].Value
		}
	}
}
