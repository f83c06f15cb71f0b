package scenario

import (
	"math"
	"slices"

	"corridor/network"
)

// source is what added records cite: the scenario itself.
func (a *applier) source() []string { return []string{"scenario:" + a.s.Name} }

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

func (a *applier) addNode(i int, ed *Edit) {
	sp := ed.Node
	if sp == nil {
		a.bad(i, ed.Op, "node", "the node to add is required")
		return
	}
	g := a.g()
	before := len(a.problems)
	bad := func(field, format string, args ...any) { a.bad(i, ed.Op, "node."+field, format, args...) }
	if err := network.CheckID(sp.ID); err != nil {
		bad("id", "%v", err)
	} else if _, dup := g.NodeByID(sp.ID); dup {
		bad("id", "node %s already exists", sp.ID)
	}
	if sp.Name == "" {
		bad("name", "value is required")
	}
	kind, err := network.ParseNodeKind(sp.Kind)
	if err != nil {
		bad("kind", "%v", err)
	}
	switch {
	case sp.Country == "" && !kind.AtSea():
		bad("country", "value is required (ISO 3166-1 alpha-2)")
	case sp.Country != "":
		if _, ok := g.Country(sp.Country); !ok {
			bad("country", "%q is not a country of this network", sp.Country)
		}
	}
	if !finite(sp.Lon) || sp.Lon < -180 || sp.Lon > 180 {
		bad("lon", "must be between -180 and 180, got %g", sp.Lon)
	}
	if !finite(sp.Lat) || sp.Lat < -90 || sp.Lat > 90 {
		bad("lat", "must be between -90 and 90, got %g", sp.Lat)
	}
	for f, v := range map[string]float64{"handling_hours": sp.HandlingHours, "handling_usd": sp.HandlingUSD,
		"border_median_hours": sp.BorderMedianHours, "border_p90_hours": sp.BorderP90Hours, "capacity_teu_year": sp.CapacityTEUYear} {
		if !finite(v) || v < 0 {
			bad(f, "must not be negative, got %g", v)
		}
	}
	if sp.BorderP90Hours < sp.BorderMedianHours {
		bad("border_p90_hours", "must not be below border_median_hours")
	}
	pair := network.NodeID(network.None)
	deferPair := false
	if kind == network.Border {
		p, ok := g.NodeByID(sp.BorderPair)
		switch {
		case sp.BorderPair == "":
			bad("border_pair", "a border node needs the id of the node across the border")
		case !ok:
			deferPair = true // may be added by a later edit; checked at the end
		case g.Node(p).Kind != network.Border:
			bad("border_pair", "%q is a %s node, not a border node", sp.BorderPair, g.Node(p).Kind)
		default:
			pair = p
		}
	} else if sp.BorderPair != "" {
		bad("border_pair", "only border nodes have a border pair")
	}
	if len(a.problems) > before {
		return
	}
	n, err := a.e.AddNode(network.Node{ID: sp.ID, Name: sp.Name, Aliases: sp.Aliases, Kind: kind, Country: sp.Country,
		Lon: sp.Lon, Lat: sp.Lat, HandlingHours: sp.HandlingHours, HandlingUSD: sp.HandlingUSD, BorderPair: pair,
		BorderMedianHours: sp.BorderMedianHours, BorderP90Hours: sp.BorderP90Hours, CapacityTEUYear: sp.CapacityTEUYear,
		Sources: a.source()})
	if err != nil {
		bad("id", "%v", err)
		return
	}
	if pair != network.None && a.g().Node(pair).BorderPair == network.None {
		a.e.Node(pair).BorderPair = n
	}
	if deferPair {
		a.pending = append(a.pending, pendingPair{edit: i, node: n, pair: sp.BorderPair})
	}
}

// pendingPair is an added border node whose pair was not known when it was added.
type pendingPair struct {
	edit int
	node network.NodeID
	pair string
}

// resolvePairs links border nodes whose pair was added after them.
func (a *applier) resolvePairs() {
	g := a.g()
	for _, p := range a.pending {
		other, ok := g.NodeByID(p.pair)
		switch {
		case !ok:
			a.bad(p.edit, OpAddNode, "node.border_pair", "unknown node %q", p.pair)
		case g.Node(other).Kind != network.Border:
			a.bad(p.edit, OpAddNode, "node.border_pair", "%q is a %s node, not a border node", p.pair, g.Node(other).Kind)
		default:
			a.e.Node(p.node).BorderPair = other
			if g.Node(other).BorderPair == network.None {
				a.e.Node(other).BorderPair = p.node
			}
		}
	}
}

func (a *applier) addLink(i int, ed *Edit) {
	sp := ed.Link
	if sp == nil {
		a.bad(i, ed.Op, "link", "the link to add is required")
		return
	}
	g := a.g()
	before := len(a.problems)
	bad := func(field, format string, args ...any) { a.bad(i, ed.Op, "link."+field, format, args...) }
	if err := network.CheckID(sp.ID); err != nil {
		bad("id", "%v", err)
	} else if _, dup := g.LinkByID(sp.ID); dup {
		bad("id", "link %s already exists", sp.ID)
	}
	from, okF := g.NodeByID(sp.From)
	if !okF {
		bad("from", "unknown node %q", sp.From)
	}
	to, okT := g.NodeByID(sp.To)
	if !okT {
		bad("to", "unknown node %q", sp.To)
	}
	if okF && okT && from == to {
		bad("to", "a link cannot start and end at the same node")
	}
	mode, err := network.ParseMode(sp.Mode)
	if err != nil {
		bad("mode", "%v", err)
	}
	gauge := network.Gauge(sp.GaugeMM)
	switch {
	case mode == network.Rail && !slices.Contains(network.Gauges, gauge):
		bad("gauge_mm", "a rail link needs 1435, 1520 or 1668, got %d", sp.GaugeMM)
	case mode != network.Rail && sp.GaugeMM != 0:
		bad("gauge_mm", "only rail links have a gauge")
	}
	if !finite(sp.DistanceKm) || sp.DistanceKm <= 0 {
		bad("distance_km", "must be greater than 0, got %g", sp.DistanceKm)
	}
	hours := 0.0
	switch {
	case sp.SpeedKmh != 0 && sp.Hours != 0:
		bad("speed_kmh", "give speed_kmh or hours, not both")
	case sp.SpeedKmh > 0 && sp.SpeedKmh <= 1000 && finite(sp.DistanceKm):
		hours = sp.DistanceKm / sp.SpeedKmh
	case sp.Hours > 0 && finite(sp.Hours):
		hours = sp.Hours
	default:
		bad("speed_kmh", "a link needs speed_kmh (0–1000) or hours (> 0)")
	}
	for f, v := range map[string]float64{"tariff_fixed_usd": sp.TariffFixedUSD, "tariff_usd_per_km": sp.TariffUSDPerKm, "capacity_teu_year": sp.CapacityTEUYear} {
		if !finite(v) || v < 0 {
			bad(f, "must not be negative, got %g", v)
		}
	}
	energy, err := network.ParseEnergy(sp.Energy)
	if err != nil {
		bad("energy", "%v", err)
	}
	for _, c := range sp.Corridors {
		if !slices.ContainsFunc(g.Corridors(), func(x network.Corridor) bool { return x.Tag == c }) {
			bad("corridors", "unknown corridor tag %q", c)
		}
	}
	both := true
	switch sp.Direction {
	case "", "both":
	case "forward":
		both = false
	default:
		bad("direction", "expected both or forward, got %q", sp.Direction)
	}
	if len(a.problems) > before {
		return
	}
	k := network.Link{ID: sp.ID, From: from, To: to, Mode: mode, Gauge: gauge, DistanceKm: sp.DistanceKm, Hours: hours,
		SpeedKmh: sp.DistanceKm / hours, TariffFixedUSD: sp.TariffFixedUSD, TariffUSDPerKm: sp.TariffUSDPerKm, Energy: energy,
		CapacityTEUYear: sp.CapacityTEUYear, Corridors: sp.Corridors, Sources: a.source()}
	if _, err := a.e.AddLink(k, both); err != nil {
		bad("id", "%v", err)
	}
}

func (a *applier) addService(i int, ed *Edit) {
	sp := ed.Service
	if sp == nil {
		a.bad(i, ed.Op, "service", "the service to add is required")
		return
	}
	g := a.g()
	before := len(a.problems)
	bad := func(field, format string, args ...any) { a.bad(i, ed.Op, "service."+field, format, args...) }
	if err := network.CheckID(sp.ID); err != nil {
		bad("id", "%v", err)
	} else if _, dup := g.ServiceByID(sp.ID); dup {
		bad("id", "service %s already exists", sp.ID)
	}
	if sp.Name == "" {
		bad("name", "value is required")
	}
	l, ok := g.LinkByID(sp.Link)
	if !ok {
		bad("link", "unknown link %q", sp.Link)
	}
	svc := network.Service{ID: sp.ID, Name: sp.Name, Operator: sp.Operator, Reefer: true, DG: true, CapacityTEU: sp.CapacityTEU, Sources: a.source()}
	if sp.Reefer != nil {
		svc.Reefer = *sp.Reefer
	}
	if sp.DG != nil {
		svc.DG = *sp.DG
	}
	switch {
	case len(sp.Days) > 0 && sp.PerWeek != 0:
		bad("days", "give days (a timetable) or per_week (a frequency), not both")
	case len(sp.Days) > 0:
		days, err := network.ParseDays(sp.Days)
		if err != nil {
			bad("days", "%v", err)
		}
		svc.Days, svc.PerWeek, svc.DepartureMinute = days, float64(days.Count()), 12*60
		if sp.DepartureUTC != "" {
			m, err := network.ParseClock(sp.DepartureUTC)
			if err != nil {
				bad("departure_utc", "%v", err)
			}
			svc.DepartureMinute = m
		}
	case sp.PerWeek > 0 && sp.PerWeek <= 168:
		svc.PerWeek = sp.PerWeek
	default:
		bad("days", "a service needs days (e.g. [\"Mon\",\"Thu\"]) or per_week (more than 0, at most 168)")
	}
	if !finite(sp.CapacityTEU) || sp.CapacityTEU < 0 {
		bad("capacity_teu", "must not be negative")
	}
	if len(a.problems) > before {
		return
	}
	if _, err := a.e.AddService(svc, l); err != nil {
		bad("id", "%v", err)
	}
}
