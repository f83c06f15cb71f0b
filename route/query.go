package route

import (
	"fmt"
	"math"
	"strconv"
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

// FEUTariffFactor is how many TEU tariffs one FEU pays (network.FEUTariffFactor).
const FEUTariffFactor = network.FEUTariffFactor

// Box is a container type. Its length sets Size (a 20' box is a TEU, the
// longer ones count as FEU for tariffs and capacity); its type sets the
// most goods one box may carry (MaxPayloadTonnes).
type Box uint8

// Box types. The zero Box means "the default for the Size": 20' for TEU,
// 40' for FEU.
const (
	Box20   Box = iota + 1 // 20' standard (ISO 668 1CC)
	Box40                  // 40' standard (ISO 668 1AA)
	Box40HC                // 40' high cube (ISO 668 1AAA)
	Box45                  // 45' high cube (ISO 668 1EEE)
)

var boxNames = [...]string{"", "20", "40", "40hc", "45"}

// String names the box as the CLI and API spell it: 20, 40, 40hc or 45.
func (b Box) String() string {
	if b != 0 && int(b) < len(boxNames) {
		return boxNames[b]
	}
	return fmt.Sprintf("box(%d)", uint8(b))
}

// ParseBox reads 20, 40, 40hc or 45 (case and a trailing ' or ft ignored).
func ParseBox(s string) (Box, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	t = strings.TrimSuffix(strings.TrimSuffix(t, "ft"), "'")
	t = strings.ReplaceAll(strings.ReplaceAll(t, "'", ""), " ", "")
	for i := 1; i < len(boxNames); i++ {
		if t == boxNames[i] {
			return Box(i), nil
		}
	}
	return 0, fmt.Errorf("unknown box %q (expected 20, 40, 40hc or 45)", s)
}

// Size is the tariff size of the box: TEU for a 20' box, FEU otherwise.
func (b Box) Size() Size {
	if b == Box20 {
		return TEU
	}
	return FEU
}

// label is how a message names the box: "20'", "40' high-cube reefer".
func (b Box) label(reefer bool) string {
	s := [...]string{"", "20'", "40'", "40' high-cube", "45' high-cube"}[b]
	if reefer {
		s += " reefer"
	}
	return s
}

// PayloadSource cites the payload limits of MaxPayloadTonnes.
const PayloadSource = "ISO 668 max gross 30.48 t less typical tare; freightutils.com/containers"

// MaxPayloadTonnes is the most goods one box of this type carries: the
// ISO 668 maximum gross mass (30,480 kg for every length) less a typical
// tare, as published in carriers' and forwarders' container tables
// (freightutils.com/containers, "Container Specifications", read 2026):
//
//	box            tare kg   max payload kg
//	20' standard    2,300       28,180
//	40' standard    3,750       26,730
//	40' high cube   3,940       26,540
//	45' high cube   4,820       25,660
//	20' reefer      3,080       27,400
//	40' reefer      4,800       25,680  (also used for a 40' high-cube reefer)
//
// No 45' reefer figure is published there: ok is false for it.
func MaxPayloadTonnes(b Box, reefer bool) (t float64, ok bool) {
	switch {
	case b == Box20 && reefer:
		return 27.40, true
	case (b == Box40 || b == Box40HC) && reefer:
		return 25.68, true
	case reefer:
		return 0, false
	case b == Box20:
		return 28.18, true
	case b == Box40:
		return 26.73, true
	case b == Box40HC:
		return 26.54, true
	case b == Box45:
		return 25.66, true
	}
	return 0, false
}

// Cargo is what is shipped.
type Cargo struct {
	Containers int     // number of boxes (>= 1)
	Size       Size    // TEU or FEU
	Box        Box     // box type; 0 = the default for Size (20' or 40')
	Tonnes     float64 // mass of the goods, all boxes together
	ValueUSD   float64 // value of the goods, for the value of time
	Reefer     bool    // refrigerated boxes: services that refuse reefers are skipped
	DG         bool    // dangerous goods: services that refuse DG are skipped
}

// DefaultCargo is one FEU carrying 12 tonnes of goods worth USD 50,000.
func DefaultCargo() Cargo {
	return Cargo{Containers: 1, Size: FEU, Tonnes: 12, ValueUSD: 50000}
}

// BoxType is the cargo's box: Box, or 20' for TEU and 40' for FEU when
// Box is not set.
func (c Cargo) BoxType() Box {
	switch {
	case c.Box != 0:
		return c.Box
	case c.Size == TEU:
		return Box20
	}
	return Box40
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
	// SegmentModes, when not empty, names the modes allowed on each
	// segment of the trip: origin to the first via node, each via node to
	// the next, the last via node to the destination (len(Via)+1 sets; an
	// empty set allows every mode). Modes still applies to all of them.
	// It describes a trip made leg by leg, e.g. rail to Astrakhan, then by
	// sea to Anzali (the observation check uses it).
	SegmentModes [][]network.Mode
	// Corridors, when not empty, allows only links carrying one of these tags
	// (plus untagged links); compare uses it to find the best of each corridor.
	Corridors []string
	// MaxTransshipments limits changes of mode or gauge; negative = no limit.
	MaxTransshipments int

	CarbonPriceUSDPerTonne float64 // added to cost_usd per tonne of CO2e (WTW)
	TimeValueRate          float64 // yearly; 0 means DefaultTimeValueRate
	MaxResults             int     // 0 = the whole Pareto front
	// Margins thin the Pareto front (fuzzy dominance; see Margins): an
	// itinerary is kept only when it beats every one kept before it by a
	// margin in some criterion. The zero value keeps the exact front;
	// Request sets DefaultMargins unless it asks for the full front.
	Margins Margins

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
		return &InputError{"from", "unknown place"}
	}
	if q.To < 0 || q.To >= n {
		return &InputError{"to", "unknown place"}
	}
	if q.From == q.To {
		return &InputError{"to", "origin and destination are the same place"}
	}
	for _, v := range q.Via {
		if v < 0 || v >= n {
			return &InputError{"via", "unknown place"}
		}
	}
	for _, v := range q.AvoidNodes {
		if v < 0 || v >= n {
			return &InputError{"avoid_nodes", "unknown place"}
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
	case c.Box > Box45:
		return &InputError{"cargo.box", "must be 20, 40, 40hc or 45"}
	case c.Box != 0 && c.Box.Size() != c.Size:
		return &InputError{"cargo.box", fmt.Sprintf("a %s box is not a %s", c.Box.label(false), sizeName(c.Size))}
	case !(c.Tonnes > 0):
		return &InputError{"cargo.tonnes", fmt.Sprintf("must be above 0, got %g", c.Tonnes)}
	}
	if err := c.checkPayload(); err != nil {
		return err
	}
	switch {
	case c.ValueUSD < 0 || c.ValueUSD != c.ValueUSD:
		return &InputError{"cargo.value_usd", "must not be negative"}
	case q.CarbonPriceUSDPerTonne < 0 || q.CarbonPriceUSDPerTonne != q.CarbonPriceUSDPerTonne:
		return &InputError{"carbon_price", "must not be negative"}
	case q.TimeValueRate < 0 || q.TimeValueRate > 10:
		return &InputError{"time_value_rate", "must be between 0 and 10 (a yearly rate)"}
	case q.MaxResults < 0:
		return &InputError{"max_results", "must not be negative"}
	case !q.Margins.valid():
		return &InputError{"margins", "must be finite and not negative"}
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
	if n := len(q.SegmentModes); n > 0 && n != len(q.Via)+1 {
		return &InputError{"segment_modes", fmt.Sprintf("%d sets of modes for %d segments (one more than the %d via nodes)", n, len(q.Via)+1, len(q.Via))}
	}
	for _, ms := range q.SegmentModes {
		for _, m := range ms {
			if m < network.Rail || m > network.InlandWater {
				return &InputError{"segment_modes", "unknown mode"}
			}
		}
	}
	return nil
}

// segmentMasks returns q's SegmentModes as a bit set of modes per segment
// (0: every mode), or nil when it has none.
func (q *Query) segmentMasks() []uint8 {
	if len(q.SegmentModes) == 0 {
		return nil
	}
	masks := make([]uint8, len(q.SegmentModes))
	for i, ms := range q.SegmentModes {
		for _, m := range ms {
			masks[i] |= 1 << m
		}
	}
	return masks
}

func sizeName(s Size) string {
	if s == TEU {
		return "TEU"
	}
	return "FEU"
}

// checkPayload refuses cargo heavier per box than its box type carries
// (MaxPayloadTonnes).
func (c Cargo) checkPayload() error {
	b := c.BoxType()
	limit, ok := MaxPayloadTonnes(b, c.Reefer)
	if !ok {
		return &InputError{"cargo.box", fmt.Sprintf("no payload limit is known for a %s box; choose 20, 40 or 40hc for reefer cargo", b.label(c.Reefer))}
	}
	per := c.Tonnes / float64(c.Containers)
	if per <= limit+1e-9 {
		return nil
	}
	return &InputError{"cargo.tonnes", fmt.Sprintf("%s t in %d %s is %s t per %s box; a %s box carries at most %s t (%s)",
		tons(c.Tonnes), c.Containers, sizeName(c.Size), tons(per), b.label(false), b.label(c.Reefer), tons(limit), PayloadSource)}
}

// tons writes a mass in tonnes with at most two decimals: 45, 26.73.
func tons(t float64) string {
	return strconv.FormatFloat(math.Round(t*100)/100, 'f', -1, 64)
}

// ClosedChokepoints lists the chokepoints that the query's avoided
// countries and groups close (a chokepoint is avoided with any country that
// controls it, network.Node.ControlledBy), each with a sentence for people:
// "avoiding EG closes the Suez Canal".
func (q *Query) ClosedChokepoints(g *network.Graph) (nodes []network.NodeID, notes []string) {
	avoid := q.avoidedCountries(g)
	if len(avoid) == 0 {
		return nil, nil
	}
	for i := 0; i < g.NumNodes(); i++ {
		n := g.Node(network.NodeID(i))
		if len(n.ControlledBy) == 0 {
			continue
		}
		var by []string
		for _, c := range n.ControlledBy {
			if avoid[c] {
				by = append(by, c)
			}
		}
		if len(by) == 0 {
			continue
		}
		nodes = append(nodes, network.NodeID(i))
		notes = append(notes, fmt.Sprintf("avoiding %s closes the %s", strings.Join(by, " and "), n.Name))
	}
	return nodes, notes
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
