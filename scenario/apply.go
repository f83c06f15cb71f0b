package scenario

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"time"

	"corridor/network"
)

// Settings are the parts of a scenario that act on queries rather than on
// the network: avoided countries and groups, and a carbon price.
type Settings struct {
	AvoidCountries []string `json:"avoid_countries,omitempty"`
	AvoidGroups    []string `json:"avoid_groups,omitempty"`
	CarbonPrice    *float64 `json:"carbon_price,omitempty"`
}

// Applied is a scenario applied to a base network.
type Applied struct {
	Scenario *Scenario
	Graph    *network.Graph // the base with the scenario's changes; the base itself is unchanged
	Settings Settings
}

var nameRe = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,63}$`)

// CheckName reports what is wrong with a scenario name, or nil.
func CheckName(name string) error {
	if !nameRe.MatchString(name) {
		return fmt.Errorf("scenario name must be 1–64 lower-case letters, digits, '-' or '_', starting with a letter or digit; got %q", name)
	}
	return nil
}

// Apply validates s against base and returns the derived network. Every
// problem is reported at once as an *Error naming the edit and field. The
// base graph is not modified: the derived graph shares its unchanged tables.
func Apply(base *network.Graph, s *Scenario) (*Applied, error) {
	a := &applier{s: s, out: &Applied{Scenario: s}, added: map[network.NodeID]int{}}
	if err := CheckName(s.Name); err != nil {
		a.bad(-1, "", "name", "%v", err)
	}
	if len(s.Edits) == 0 {
		a.bad(-1, "", "edits", "a scenario needs at least one edit")
	}
	if !a.checkLimits() {
		return nil, &Error{Scenario: s.Name, Problems: a.problems}
	}
	g, err := base.Derive(func(e *network.Editor) error {
		a.e = e
		for i := range s.Edits {
			if a.full() {
				a.bad(-1, "", "edits", "stopped after %d problems", MaxProblems)
				break
			}
			a.edit(i, &s.Edits[i])
		}
		a.check()
		if len(a.problems) > 0 {
			return &Error{Scenario: s.Name, Problems: a.problems}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	a.out.Graph = g
	return a.out, nil
}

// Validate checks s against base without keeping the result.
func Validate(base *network.Graph, s *Scenario) error {
	_, err := Apply(base, s)
	return err
}

type applier struct {
	s        *Scenario
	e        *network.Editor
	out      *Applied
	problems []Problem
	added    map[network.NodeID]int // the edit that added each new node
}

func (a *applier) bad(i int, op, field, format string, args ...any) {
	a.problems = append(a.problems, Problem{Edit: i, Op: op, Field: field, Msg: fmt.Sprintf(format, args...)})
}

func (a *applier) g() *network.Graph { return a.e.Graph() }

// nodes resolves node ids (or names) of an edit.
func (a *applier) nodes(i int, ed *Edit, required bool) []network.NodeID {
	if len(ed.Nodes) == 0 {
		if required {
			a.bad(i, ed.Op, "nodes", "at least one node id is required")
		}
		return nil
	}
	var out []network.NodeID
	for _, ref := range ed.Nodes {
		if a.full() {
			break
		}
		n, sugg, ok := a.g().Resolve(ref)
		if !ok {
			msg := fmt.Sprintf("unknown place %q", ref)
			if len(sugg) > 0 {
				msg += fmt.Sprintf(" (did you mean %s?)", a.g().Node(sugg[0]).ID)
			}
			a.bad(i, ed.Op, "nodes", "%s", msg)
			continue
		}
		out = append(out, n)
	}
	return out
}

func (a *applier) hasSelector(ed *Edit) bool {
	return len(ed.Links) > 0 || ed.Corridor != "" || ed.Mode != "" || ed.Country != ""
}

// links resolves a link selector: ids (a row id means both directions),
// corridor, mode and country, all of which must match.
func (a *applier) links(i int, ed *Edit) []network.LinkID {
	g := a.g()
	if !a.hasSelector(ed) {
		a.bad(i, ed.Op, "links", "a link selector is required: links, corridor, mode or country")
		return nil
	}
	var ids map[network.LinkID]bool
	if len(ed.Links) > 0 {
		ids = map[network.LinkID]bool{}
		for _, ref := range ed.Links {
			l, ok := g.LinkByID(ref)
			if !ok {
				a.bad(i, ed.Op, "links", "unknown link %q", ref)
				continue
			}
			ids[l] = true
			if k := g.Link(l); !k.Reverse && k.Twin != network.None {
				ids[k.Twin] = true
			}
		}
	}
	var mode network.Mode
	if ed.Mode != "" {
		m, err := network.ParseMode(ed.Mode)
		if err != nil {
			a.bad(i, ed.Op, "mode", "%v", err)
			return nil
		}
		mode = m
	}
	if ed.Corridor != "" && !slices.ContainsFunc(g.Corridors(), func(c network.Corridor) bool { return c.Tag == ed.Corridor }) {
		a.bad(i, ed.Op, "corridor", "unknown corridor tag %q", ed.Corridor)
		return nil
	}
	if ed.Country != "" {
		if _, ok := g.Country(ed.Country); !ok {
			a.bad(i, ed.Op, "country", "%q is not a country of this network", ed.Country)
			return nil
		}
	}
	var out []network.LinkID
	for l := network.LinkID(0); int(l) < g.NumLinks(); l++ {
		k := g.Link(l)
		if ids != nil && !ids[l] ||
			mode != 0 && k.Mode != mode ||
			ed.Corridor != "" && !k.HasCorridor(ed.Corridor) ||
			ed.Country != "" && g.Node(k.From).Country != ed.Country && g.Node(k.To).Country != ed.Country {
			continue
		}
		out = append(out, l)
	}
	if len(out) == 0 && len(a.problems) == 0 {
		a.bad(i, ed.Op, "links", "the selector matches no link")
	}
	return out
}

// services resolves the services of an edit: by id, or those on the selected links.
func (a *applier) services(i int, ed *Edit) []network.ServiceID {
	g := a.g()
	var out []network.ServiceID
	if len(ed.Services) > 0 {
		for _, ref := range ed.Services {
			s, ok := g.ServiceByID(ref)
			if !ok {
				a.bad(i, ed.Op, "services", "unknown service %q", ref)
				continue
			}
			out = append(out, s)
		}
		return out
	}
	for _, l := range a.links(i, ed) {
		for _, s := range g.ServicesOn(l) {
			if !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
	}
	if len(out) == 0 && len(a.problems) == 0 {
		a.bad(i, ed.Op, "services", "no service runs on the selected links")
	}
	return out
}

// number checks a required number argument.
func (a *applier) number(i int, ed *Edit, field string, p *float64, min float64, strict bool) (float64, bool) {
	if p == nil {
		a.bad(i, ed.Op, field, "value is required")
		return 0, false
	}
	x := *p
	if x > MaxNumber {
		a.bad(i, ed.Op, field, "must be at most %g, got %g", float64(MaxNumber), x)
		return 0, false
	}
	if math.IsNaN(x) || math.IsInf(x, 0) || x < min || strict && x == min {
		cmp := "at least"
		if strict {
			cmp = "more than"
		}
		a.bad(i, ed.Op, field, "must be %s %g, got %g", cmp, min, x)
		return 0, false
	}
	return x, true
}

func (a *applier) edit(i int, ed *Edit) {
	e, g := a.e, a.g()
	switch ed.Op {
	case OpCloseNodes:
		for _, n := range a.nodes(i, ed, true) {
			e.CloseNode(n)
		}
	case OpCloseLinks:
		if len(ed.Links) == 0 {
			a.bad(i, ed.Op, "links", "at least one link id is required")
			return
		}
		for _, l := range a.links(i, ed) {
			e.CloseLink(l)
		}
	case OpAvoidCountries:
		if len(ed.Countries) == 0 {
			a.bad(i, ed.Op, "countries", "at least one ISO 3166-1 alpha-2 code is required")
		}
		for _, c := range ed.Countries {
			if !network.IsISO3166(c) {
				a.bad(i, ed.Op, "countries", "%q is not an ISO 3166-1 alpha-2 country code", c)
				continue
			}
			a.out.Settings.AvoidCountries = append(a.out.Settings.AvoidCountries, c)
		}
	case OpAvoidGroups:
		if len(ed.Groups) == 0 {
			a.bad(i, ed.Op, "groups", "at least one group code is required")
		}
		for _, gr := range ed.Groups {
			if _, ok := g.GroupMembers(gr); !ok {
				a.bad(i, ed.Op, "groups", "unknown group %q", gr)
				continue
			}
			a.out.Settings.AvoidGroups = append(a.out.Settings.AvoidGroups, gr)
		}
	case OpSetCarbonPrice:
		if v, ok := a.number(i, ed, "value", ed.Value, 0, false); ok && v > MaxCarbonPrice {
			a.bad(i, ed.Op, "value", "must be at most %d USD per tonne CO2e, got %g", MaxCarbonPrice, v)
		} else if ok {
			a.out.Settings.CarbonPrice = &v
		}
	case OpScaleCapacity, OpSetCapacity:
		field, p := "factor", ed.Factor
		if ed.Op == OpSetCapacity {
			field, p = "value", ed.Value
		}
		v, ok := a.number(i, ed, field, p, 0, false)
		if !ok {
			return
		}
		apply := func(c *float64) {
			if ed.Op == OpSetCapacity {
				*c = v
			} else {
				*c *= v
			}
		}
		if len(ed.Nodes) > 0 {
			if a.hasSelector(ed) {
				a.bad(i, ed.Op, "nodes", "give nodes or a link selector, not both")
				return
			}
			for _, n := range a.nodes(i, ed, true) {
				apply(&e.Node(n).CapacityTEUYear)
			}
			return
		}
		for _, l := range a.links(i, ed) {
			apply(&e.Link(l).CapacityTEUYear)
		}
	case OpSetDwell:
		med, ok1 := a.number(i, ed, "median_hours", ed.MedianHours, 0, false)
		p90, ok2 := a.number(i, ed, "p90_hours", ed.P90Hours, 0, false)
		if ok1 && ok2 && p90 < med {
			a.bad(i, ed.Op, "p90_hours", "must not be below median_hours (%g), got %g", med, p90)
			return
		}
		for _, n := range a.nodes(i, ed, true) {
			if ok1 && ok2 {
				nd := e.Node(n)
				nd.BorderMedianHours, nd.BorderP90Hours = med, p90
			}
		}
	case OpScaleDwell:
		f, ok := a.number(i, ed, "factor", ed.Factor, 0, false)
		for _, n := range a.nodes(i, ed, true) {
			if ok {
				nd := e.Node(n)
				nd.BorderMedianHours *= f
				nd.BorderP90Hours *= f
			}
		}
	case OpSetHandling, OpScaleHandling:
		if ed.Op == OpScaleHandling {
			f, ok := a.number(i, ed, "factor", ed.Factor, 0, false)
			for _, n := range a.nodes(i, ed, true) {
				if ok {
					nd := e.Node(n)
					nd.HandlingHours *= f
					nd.HandlingUSD *= f
					if len(nd.HandlingOnto) > 0 { // a copy: the base graph shares the slice
						onto := slices.Clone(nd.HandlingOnto)
						for j := range onto {
							onto[j].Hours *= f
						}
						nd.HandlingOnto = onto
					}
				}
			}
			return
		}
		if ed.Hours == nil && ed.USD == nil {
			a.bad(i, ed.Op, "hours", "give hours and/or usd")
			return
		}
		var h, u float64
		okH, okU := true, true
		if ed.Hours != nil {
			h, okH = a.number(i, ed, "hours", ed.Hours, 0, false)
		}
		if ed.USD != nil {
			u, okU = a.number(i, ed, "usd", ed.USD, 0, false)
		}
		for _, n := range a.nodes(i, ed, true) {
			nd := e.Node(n)
			if ed.Hours != nil && okH {
				nd.HandlingHours = h
				nd.HandlingOnto = nil // the scenario's hours hold in every direction
			}
			if ed.USD != nil && okU {
				nd.HandlingUSD = u
			}
		}
	case OpScaleTariff:
		f, ok := a.number(i, ed, "factor", ed.Factor, 0, false)
		for _, l := range a.links(i, ed) {
			if ok {
				k := e.Link(l)
				k.TariffFixedUSD *= f
				k.TariffUSDPerKm *= f
			}
		}
	case OpSetTariff:
		if ed.FixedUSD == nil && ed.PerKmUSD == nil {
			a.bad(i, ed.Op, "fixed_usd", "give fixed_usd and/or per_km_usd")
			return
		}
		var fx, pk float64
		okF, okP := true, true
		if ed.FixedUSD != nil {
			fx, okF = a.number(i, ed, "fixed_usd", ed.FixedUSD, 0, false)
		}
		if ed.PerKmUSD != nil {
			pk, okP = a.number(i, ed, "per_km_usd", ed.PerKmUSD, 0, false)
		}
		for _, l := range a.links(i, ed) {
			k := e.Link(l)
			if ed.FixedUSD != nil && okF {
				k.TariffFixedUSD = fx
			}
			if ed.PerKmUSD != nil && okP {
				k.TariffUSDPerKm = pk
			}
		}
	case OpScaleSpeed, OpSetSpeed:
		field, p := "factor", ed.Factor
		if ed.Op == OpSetSpeed {
			field, p = "value", ed.Value
		}
		v, ok := a.number(i, ed, field, p, 0, true)
		for _, l := range a.links(i, ed) {
			if !ok {
				continue
			}
			speed := v
			if ed.Op == OpScaleSpeed {
				speed = g.Link(l).SpeedKmh * v
			}
			if err := e.SetSpeed(l, speed); err != nil {
				a.bad(i, ed.Op, field, "link %s: %v", g.Link(l).ID, err)
				return
			}
		}
	case OpScaleFrequency, OpSetFrequency, OpSetServiceLimit:
		field, p := "factor", ed.Factor
		if ed.Op != OpScaleFrequency {
			field, p = "value", ed.Value
		}
		v, ok := a.number(i, ed, field, p, 0, ed.Op != OpSetServiceLimit)
		for _, sid := range a.services(i, ed) {
			if !ok {
				continue
			}
			svc := e.Service(sid)
			switch ed.Op {
			case OpSetServiceLimit:
				svc.CapacityTEU = v
			case OpSetFrequency:
				svc.PerWeek, svc.Days = v, 0
			case OpScaleFrequency:
				if v != 1 {
					// a timetable cannot be scaled: it becomes a frequency
					svc.PerWeek, svc.Days = svc.PerWeek*v, 0
				}
			}
			if svc.PerWeek > 168 {
				a.bad(i, ed.Op, field, "service %s would run %.0f times a week; at most 168", svc.ID, svc.PerWeek)
			}
		}
	case OpScaleRate:
		a.scaleRate(i, ed)
	case OpScaleSurcharge:
		a.scaleSurcharge(i, ed)
	case OpAddSurcharge:
		if ed.Surcharge == nil {
			a.bad(i, ed.Op, "surcharge", "value is required (the columns of surcharges.csv)")
			return
		}
		rep := &editReporter{a: a, i: i, op: ed.Op, prefix: "surcharge."}
		if sc, ok := network.ParseSurcharge(g, *ed.Surcharge, rep); ok {
			e.AddSurcharge(sc)
		}
	case OpAddNode:
		a.addNode(i, ed)
	case OpAddLink:
		a.addLink(i, ed)
	case OpAddService:
		a.addService(i, ed)
	case "":
		a.bad(i, "", "op", "an operation is required (one of %s)", opList())
	default:
		a.bad(i, ed.Op, "op", "unknown operation %q (expected one of %s)", ed.Op, opList())
	}
}

func opList() string {
	ops := make([]string, 0, len(Ops))
	for op := range Ops {
		ops = append(ops, op)
	}
	slices.Sort(ops)
	s := ""
	for j, op := range ops {
		if j > 0 {
			s += ", "
		}
		s += op
	}
	return s
}

// editReporter reports record problems as problems of edit i.
type editReporter struct {
	a      *applier
	i      int
	op     string
	prefix string
}

func (r *editReporter) Field(field, format string, args ...any) {
	r.a.bad(r.i, r.op, r.prefix+field, format, args...)
}

func (a *applier) scaleRate(i int, ed *Edit) {
	g := a.g()
	idx := slices.IndexFunc(g.RateSeries(), func(s network.RateSeries) bool { return s.ID == ed.Series })
	if ed.Series == "" {
		a.bad(i, ed.Op, "series", "value is required (a series id, see corridor rates list)")
	} else if idx < 0 {
		a.bad(i, ed.Op, "series", "unknown rate series %q", ed.Series)
	}
	f, ok := a.number(i, ed, "factor", ed.Factor, 0, true)
	var from, until network.Month
	var err error
	if ed.From == "" && ed.Until == "" {
		a.bad(i, ed.Op, "from", "give from and/or until (months YYYY-MM)")
		return
	}
	if ed.From != "" {
		if from, err = network.ParseMonth(ed.From); err != nil {
			a.bad(i, ed.Op, "from", "%v", err)
			return
		}
	}
	if ed.Until != "" {
		if until, err = network.ParseMonth(ed.Until); err != nil {
			a.bad(i, ed.Op, "until", "%v", err)
			return
		}
		if until <= from {
			a.bad(i, ed.Op, "until", "must be after from (%s), got %s", from, until)
			return
		}
	}
	if ok && idx >= 0 {
		a.e.ScaleRateSeries(idx, f, from, until)
	}
}

func (a *applier) scaleSurcharge(i int, ed *Edit) {
	g := a.g()
	if len(ed.Surcharges) == 0 {
		a.bad(i, ed.Op, "surcharges", "at least one surcharge id is required")
	}
	f, ok := a.number(i, ed, "factor", ed.Factor, 0, true)
	var from time.Time
	if ed.From != "" {
		t, err := network.ParseDay(ed.From)
		if err != nil {
			a.bad(i, ed.Op, "from", "%v", err)
			return
		}
		from = t
	}
	for _, id := range ed.Surcharges {
		j := slices.IndexFunc(g.Surcharges(), func(s network.Surcharge) bool { return s.ID == id })
		if j < 0 {
			a.bad(i, ed.Op, "surcharges", "unknown surcharge %q", id)
			continue
		}
		if ok {
			a.e.ScaleSurcharge(j, f, from)
		}
	}
}
