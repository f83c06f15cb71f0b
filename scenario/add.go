package scenario

import (
	"corridor/network"
)

// source is what added records cite: the scenario itself.
func (a *applier) source() []string { return []string{"scenario:" + a.s.Name} }

// field places the problems of one record of an edit: edits[i].<record>.<field>.
type field struct {
	a      *applier
	edit   int
	op     string
	record string // "node", "link" or "service"
}

// Field reports a problem with a field of the record (network.Reporter).
func (f field) Field(name, format string, args ...any) {
	f.a.bad(f.edit, f.op, f.record+"."+name, format, args...)
}

func (a *applier) addNode(i int, ed *Edit) {
	sp := ed.Node
	if sp == nil {
		a.bad(i, ed.Op, "node", "the node to add is required")
		return
	}
	n := a.e.AddNodeRecord(network.NodeRecord{ID: sp.ID, Name: sp.Name, Aliases: sp.Aliases, Kind: sp.Kind,
		Country: sp.Country, Lon: sp.Lon, Lat: sp.Lat, HandlingHours: sp.HandlingHours, HandlingUSD: sp.HandlingUSD,
		BorderPair: sp.BorderPair, BorderMedianHours: network.Given(sp.BorderMedianHours), BorderP90Hours: network.Given(sp.BorderP90Hours),
		CapacityTEUYear: sp.CapacityTEUYear, ControlledBy: sp.ControlledBy, Sources: a.source()}, field{a, i, ed.Op, "node"})
	if n != network.None {
		a.added[n] = i
	}
}

// check resolves the border pairs of added nodes and runs the graph-wide
// check, reporting at the edits that added the nodes.
func (a *applier) check() {
	a.e.Check(func(n network.NodeID) network.Reporter {
		i, ok := a.added[n]
		if !ok {
			return nil // a node of the base network, checked when it was loaded
		}
		return field{a, i, OpAddNode, "node"}
	})
}

func (a *applier) addLink(i int, ed *Edit) {
	sp := ed.Link
	if sp == nil {
		a.bad(i, ed.Op, "link", "the link to add is required")
		return
	}
	a.e.AddLinkRecord(network.LinkRecord{ID: sp.ID, From: sp.From, To: sp.To, Mode: sp.Mode, GaugeMM: sp.GaugeMM,
		DistanceKm: sp.DistanceKm, SpeedKmh: sp.SpeedKmh, Hours: sp.Hours, TariffFixedUSD: sp.TariffFixedUSD,
		TariffUSDPerKm: sp.TariffUSDPerKm, Energy: sp.Energy, CapacityTEUYear: sp.CapacityTEUYear,
		Corridors: sp.Corridors, Direction: sp.Direction, Sources: a.source()}, field{a, i, ed.Op, "link"})
}

func (a *applier) addService(i int, ed *Edit) {
	sp := ed.Service
	if sp == nil {
		a.bad(i, ed.Op, "service", "the service to add is required")
		return
	}
	r := network.ServiceRecord{ID: sp.ID, Name: sp.Name, Operator: sp.Operator, Link: sp.Link, Days: sp.Days,
		PerWeek: sp.PerWeek, DepartureUTC: sp.DepartureUTC, CapacityTEU: sp.CapacityTEU, Reefer: true, DG: true,
		Sources: a.source()}
	if sp.Reefer != nil {
		r.Reefer = *sp.Reefer
	}
	if sp.DG != nil {
		r.DG = *sp.DG
	}
	a.e.AddServiceRecord(r, field{a, i, ed.Op, "service"})
}
