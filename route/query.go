package route

import (
	"fmt"
	"strings"
	"time"

	"corridor/errcode"
	"corridor/network"
)

// Size is a container size.
type Size uint8

// Container sizes.
const (
	TEU Size = iota + 1 // 20-foot container
	FEU                 // 40-foot container
)

// FEUTariffFactor is how many TEU tariffs one FEU pays. Rail and sea
// tariffs for a 40-foot box are typically 1.5–1.8 times the 20-foot rate,
// not twice; 1.6 is used throughout (the bundled network's tariffs are per TEU).
const FEUTariffFactor = 1.6

// Cargo is what is shipped.
type Cargo struct {
	Containers int     // number of boxes (>= 1)
	Size       Size    // TEU or FEU
	Tonnes     float64 // mass of the goods, all boxes together
	ValueUSD   float64 // value of the goods, for the value of time
	Reefer     bool    // refrigerated boxes: services that refuse reefers are skipped
	DG         bool    // dangerous goods: services that refuse DG are skipped
}

// DefaultCargo is one FEU carrying 12 tonnes of goods worth USD 50,000.
func DefaultCargo() Cargo {
	return Cargo{Containers: 1, Size: FEU, Tonnes: 12, ValueUSD: 50000}
}

// TEUs is the cargo's size in TEU (an FEU is 2 TEU of capacity).
func (c Cargo) TEUs() float64 {
	if c.Size == FEU {
		return 2 * float64(c.Containers)
	}
	return float64(c.Containers)
}

// tariffUnits is the number of TEU tariffs the cargo pays.
func (c Cargo) tariffUnits() float64 {
	if c.Size == FEU {
		return FEUTariffFactor * float64(c.Containers)
	}
	return float64(c.Containers)
}

// Objective chooses the "best" itinerary of a set.
type Objective uint8

// Objectives.
const (
	Fastest     Objective = iota + 1 // fewest hours
	Cheapest                         // least cost_usd
	Greenest                         // least CO2e
	Generalised                      // least generalised cost: money + value of time + carbon
)

var objectiveNames = [...]string{"", "time", "cost", "co2e", "generalised"}

// String names the objective as the CLI and API spell it.
func (o Objective) String() string {
	if int(o) < len(objectiveNames) && o != 0 {
		return objectiveNames[o]
	}
	return fmt.Sprintf("objective(%d)", uint8(o))
}

// ParseObjective reads time, cost, co2e or generalised.
func ParseObjective(s string) (Objective, error) {
	for i := 1; i < len(objectiveNames); i++ {
		if s == objectiveNames[i] {
			return Objective(i), nil
		}
	}
	return 0, fmt.Errorf("unknown objective %q (expected time, cost, co2e or generalised)", s)
}

// DefaultTimeValueRate is the yearly rate at which goods in transit lose
// value (capital cost plus obsolescence), used for the value of time:
// value_usd * rate * hours / 8760. 15% a year sits in the range used in
// freight appraisal for manufactured goods; override it per query.
const DefaultTimeValueRate = 0.15

// Query asks for routes from one node to another.
type Query struct {
	From, To network.NodeID
	Via      []network.NodeID // visited in this order
	Depart   time.Time        // departure from From (UTC); sets timetable waits
	Cargo    Cargo

	AvoidCountries []string         // ISO codes whose nodes may not be used
	AvoidGroups    []string         // group codes (EAEU, ...) whose members' nodes may not be used
	AvoidNodes     []network.NodeID // nodes that may not be used (chokepoints, ports, borders)
	Modes          []network.Mode   // allowed modes; empty = all
	// Corridors, when not empty, allows only links carrying one of these tags
	// (plus untagged links); compare uses it to find the best of each corridor.
	Corridors []string
	// MaxTransshipments limits changes of mode or gauge; negative = no limit.
	MaxTransshipments int

	CarbonPriceUSDPerTonne float64 // added to cost_usd per tonne of CO2e (WTW)
	TimeValueRate          float64 // yearly; 0 means DefaultTimeValueRate
	MaxResults             int     // 0 = the whole Pareto front

	// excluded marks passages (bit 1<<network.Passage) the search may not
	// use: Compare's per-corridor searches (route/corridor.go).
	excluded uint8
}

// NewQuery returns a query with the defaults: one FEU of 12 t, no limits,
// departing at depart.
func NewQuery(from, to network.NodeID, depart time.Time) Query {
	return Query{From: from, To: to, Depart: depart.UTC(), Cargo: DefaultCargo(), MaxTransshipments: -1}
}

// InputError is a query that cannot be run as given; Field names the part.
type InputError struct {
	Field string
	Msg   string
}

func (e *InputError) Error() string { return e.Field + ": " + e.Msg }

// ErrorCode classifies the error: errcode.Invalid.
func (e *InputError) ErrorCode() errcode.Code { return errcode.Invalid }

// ErrorDetails names the field at fault.
func (e *InputError) ErrorDetails() []errcode.Detail {
	return []errcode.Detail{{Field: e.Field, Reason: e.Msg}}
}

// check validates the query against the graph.
func (q *Query) check(g *network.Graph) error {
	n := network.NodeID(g.NumNodes())
	if q.From < 0 || q.From >= n {
		return &InputError{"from", "unknown node"}
	}
	if q.To < 0 || q.To >= n {
		return &InputError{"to", "unknown node"}
	}
	if q.From == q.To {
		return &InputError{"to", "origin and destination are the same node"}
	}
	for _, v := range q.Via {
		if v < 0 || v >= n {
			return &InputError{"via", "unknown node"}
		}
	}
	for _, v := range q.AvoidNodes {
		if v < 0 || v >= n {
			return &InputError{"avoid_nodes", "unknown node"}
		}
	}
	c := q.Cargo
	switch {
	case c.Containers < 1:
		return &InputError{"cargo.containers", fmt.Sprintf("must be at least 1, got %d", c.Containers)}
	case c.Containers > 10000:
		return &InputError{"cargo.containers", fmt.Sprintf("must be at most 10000, got %d", c.Containers)}
	case c.Size != TEU && c.Size != FEU:
		return &InputError{"cargo.size", "must be TEU or FEU"}
	case !(c.Tonnes > 0) || c.Tonnes > 30*c.TEUs():
		return &InputError{"cargo.tonnes", fmt.Sprintf("must be above 0 and at most 30 t per TEU (%.0f t here), got %g", 30*c.TEUs(), c.Tonnes)}
	case c.ValueUSD < 0 || c.ValueUSD != c.ValueUSD:
		return &InputError{"cargo.value_usd", "must not be negative"}
	case q.CarbonPriceUSDPerTonne < 0 || q.CarbonPriceUSDPerTonne != q.CarbonPriceUSDPerTonne:
		return &InputError{"carbon_price", "must not be negative"}
	case q.TimeValueRate < 0 || q.TimeValueRate > 10:
		return &InputError{"time_value_rate", "must be between 0 and 10 (a yearly rate)"}
	case q.MaxResults < 0:
		return &InputError{"max_results", "must not be negative"}
	}
	for _, code := range q.AvoidCountries {
		if _, ok := g.Country(code); !ok {
			if network.IsISO3166(code) {
				continue // a real country with no node: avoiding it changes nothing
			}
			return &InputError{"avoid_countries", fmt.Sprintf("%q is not an ISO 3166-1 alpha-2 country code", code)}
		}
	}
	for _, code := range q.AvoidGroups {
		if _, ok := g.GroupMembers(code); !ok {
			var known []string
			for _, gr := range g.Groups() {
				known = append(known, gr.Code)
			}
			return &InputError{"avoid_groups", fmt.Sprintf("unknown group %q (known: %s)", code, strings.Join(known, ", "))}
		}
	}
	known := map[string]bool{}
	for _, c := range g.Corridors() {
		known[c.Tag] = true
	}
	for _, c := range q.Corridors {
		if !known[c] {
			return &InputError{"corridors", fmt.Sprintf("unknown corridor tag %q", c)}
		}
	}
	for _, m := range q.Modes {
		if m < network.Rail || m > network.InlandWater {
			return &InputError{"modes", "unknown mode"}
		}
	}
	return nil
}

// avoidedCountries returns the set of country codes the query avoids.
func (q *Query) avoidedCountries(g *network.Graph) map[string]bool {
	out := map[string]bool{}
	for _, c := range q.AvoidCountries {
		out[c] = true
	}
	for _, gr := range q.AvoidGroups {
		members, _ := g.GroupMembers(gr)
		for _, c := range members {
			out[c] = true
		}
	}
	return out
}
