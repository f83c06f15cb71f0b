package network

import (
	"fmt"
	"math"
	"strings"
)

// NodeID is the compact index of a node inside one Graph (0..NumNodes-1).
// String ids (UN/LOCODE and the like) are used outside the program; NodeIDs
// are only meaningful for the Graph that issued them.
type NodeID int32

// LinkID is the compact index of a directed link inside one Graph.
type LinkID int32

// ServiceID is the compact index of a service inside one Graph.
type ServiceID int32

// None marks an absent NodeID or LinkID (for example a node without a border pair).
const None = -1

// Mode is a transport mode.
type Mode uint8

// The transport modes. The zero value is not a mode.
const (
	Rail Mode = iota + 1
	Road
	Sea
	Ferry
	InlandWater
)

// Modes lists every mode in a fixed order.
var Modes = []Mode{Rail, Road, Sea, Ferry, InlandWater}

var modeNames = [...]string{"", "rail", "road", "sea", "ferry", "iww"}

// String returns the mode's name as written in the data files.
func (m Mode) String() string {
	if int(m) < len(modeNames) && m != 0 {
		return modeNames[m]
	}
	return fmt.Sprintf("mode(%d)", uint8(m))
}

// ParseMode reads a mode name: rail, road, sea, ferry or iww (inland waterway).
func ParseMode(s string) (Mode, error) {
	for i := 1; i < len(modeNames); i++ {
		if s == modeNames[i] {
			return Mode(i), nil
		}
	}
	return 0, fmt.Errorf("unknown mode %q (expected one of %s)", s, strings.Join(modeNames[1:], ", "))
}

// Gauge is a rail track gauge in millimetres; 0 means "not rail".
type Gauge uint16

// The rail gauges on the corridors.
const (
	Standard Gauge = 1435 // China, EU, Türkiye, Iran
	Russian  Gauge = 1520 // former USSR, Mongolia
	Iberian  Gauge = 1668 // Spain, Portugal
	Broad    Gauge = 1676 // India, Pakistan (Indian broad gauge)
)

// Gauges lists the gauges a rail link may have.
var Gauges = []Gauge{Standard, Russian, Iberian, Broad}

// GaugeList is the accepted gauges as text for messages: "1435, 1520, 1668 or 1676".
const GaugeList = "1435, 1520, 1668 or 1676"

// HandlingOnto is the handling time of a transshipment onto legs of a
// mode (and rail gauge; 0 for any).
type HandlingOnto struct {
	Mode  Mode
	Gauge Gauge
	Hours float64
}

// HandlingFor is the time of a transshipment here onto a leg of mode and
// gauge: a gauge-change terminal may be slower one way than the other.
func (n *Node) HandlingFor(mode Mode, gauge Gauge) float64 {
	for i := range n.HandlingOnto {
		if o := &n.HandlingOnto[i]; o.Mode == mode && (o.Gauge == 0 || o.Gauge == gauge) {
			return o.Hours
		}
	}
	return n.HandlingHours
}

// MinHandlingHours is the least handling time here in any direction.
func (n *Node) MinHandlingHours() float64 {
	h := n.HandlingHours
	for _, o := range n.HandlingOnto {
		h = min(h, o.Hours)
	}
	return h
}

// NodeKind is what a node is.
type NodeKind uint8

// The node kinds.
const (
	City       NodeKind = iota + 1 // city rail/road terminal
	DryPort                        // inland container terminal
	Seaport                        // sea or lake port
	Border                         // border crossing station (one side of it)
	Junction                       // rail or road junction
	Waypoint                       // sea-lane waypoint
	Chokepoint                     // strait or canal that a query can close
)

var kindNames = [...]string{"", "city", "dry_port", "seaport", "border", "junction", "waypoint", "chokepoint"}

// String returns the kind's name as written in the data files.
func (k NodeKind) String() string {
	if int(k) < len(kindNames) && k != 0 {
		return kindNames[k]
	}
	return fmt.Sprintf("kind(%d)", uint8(k))
}

// ParseNodeKind reads a node kind name.
func ParseNodeKind(s string) (NodeKind, error) {
	for i := 1; i < len(kindNames); i++ {
		if s == kindNames[i] {
			return NodeKind(i), nil
		}
	}
	return 0, fmt.Errorf("unknown kind %q (expected one of %s)", s, strings.Join(kindNames[1:], ", "))
}

// AtSea reports whether nodes of this kind may lie in international waters
// (and so may have no country).
func (k NodeKind) AtSea() bool { return k == Waypoint || k == Chokepoint }

// Energy is the traction or fuel of a link: the basis of its CO2e intensity.
type Energy uint8

// The energies.
const (
	Electric Energy = iota + 1
	Diesel
	FuelOil // heavy fuel oil or VLSFO in deep-sea and short-sea ships
	MGO     // marine gas oil (small ferries)
	LNG
	Mixed // electric and diesel traction on one line
)

var energyNames = [...]string{"", "electric", "diesel", "fuel_oil", "mgo", "lng", "mixed"}

// String returns the energy's name as written in the data files.
func (e Energy) String() string {
	if int(e) < len(energyNames) && e != 0 {
		return energyNames[e]
	}
	return fmt.Sprintf("energy(%d)", uint8(e))
}

// ParseEnergy reads an energy name.
func ParseEnergy(s string) (Energy, error) {
	for i := 1; i < len(energyNames); i++ {
		if s == energyNames[i] {
			return Energy(i), nil
		}
	}
	return 0, fmt.Errorf("unknown energy %q (expected one of %s)", s, strings.Join(energyNames[1:], ", "))
}

// Node is a place in the network: a terminal, port, border station, junction
// or sea waypoint.
type Node struct {
	ID      string // external id, UN/LOCODE where one exists
	Name    string
	Aliases []string
	Kind    NodeKind
	Country string // ISO 3166-1 alpha-2; empty only for nodes in international waters
	Lon     float64
	Lat     float64

	// HandlingHours and HandlingUSD are the time and cost (per TEU) of one
	// transshipment here: a change of mode or of rail gauge.
	HandlingHours float64
	HandlingUSD   float64
	// HandlingOnto are directional handling times, from calibration rows
	// with an onto condition: a transshipment onto a leg they name takes
	// their hours instead of HandlingHours (see HandlingFor). Usually nil.
	HandlingOnto []HandlingOnto

	// BorderPair is the node across the border (None when not a border node).
	BorderPair NodeID
	// BorderMedianHours and BorderP90Hours describe the dwell when crossing
	// here (or passing a canal); both are zero when unknown or not applicable.
	BorderMedianHours float64
	BorderP90Hours    float64

	CapacityTEUYear float64 // 0 when unknown
	// ControlledBy lists the countries that control a chokepoint (Suez: EG;
	// Bab-el-Mandeb: YE, DJ, ER). A query avoiding any of them avoids the
	// chokepoint (see InCountry); empty for every other node.
	ControlledBy []string
	Sources      []string
	// Closed is set by a scenario that closes the node (never by the loader).
	Closed bool
}

// Transships reports whether a container can change mode or rail gauge
// here. A terminal (city, dry port, seaport) always can; a junction,
// border station, waypoint or chokepoint only when it has a transshipment
// figure (handling hours or cost): a junction without one is where lines
// meet, not a terminal, so a route cannot hop from rail to road there for
// free.
func (n *Node) Transships() bool {
	switch n.Kind {
	case City, DryPort, Seaport:
		return true
	}
	return n.HandlingHours > 0 || n.HandlingUSD > 0
}

// InCountry reports whether avoiding the countries in avoid excludes the
// node: its own country, or a country that controls it (a chokepoint), is
// in avoid. It returns the first such country.
func (n *Node) InCountry(avoid map[string]bool) (string, bool) {
	if avoid[n.Country] && n.Country != "" {
		return n.Country, true
	}
	for _, c := range n.ControlledBy {
		if avoid[c] {
			return c, true
		}
	}
	return "", false
}

// Link is a directed connection between two nodes by one mode.
type Link struct {
	ID       string // external id; the reverse of a two-way row is ID + "~r"
	From, To NodeID
	Mode     Mode
	Gauge    Gauge // rail only
	// DistanceKm is the length along the line.
	DistanceKm float64
	// Hours is the running time; SpeedKmh is DistanceKm/Hours.
	Hours    float64
	SpeedKmh float64
	// TariffFixedUSD (per TEU per use) and TariffUSDPerKm (per TEU-km) make the
	// link's price: fixed + per_km * distance.
	TariffFixedUSD  float64
	TariffUSDPerKm  float64
	Energy          Energy
	CapacityTEUYear float64 // 0 when unknown
	Corridors       []string
	Sources         []string
	// GridGCO2ePerKWh is the grid intensity (g CO2e per kWh) of the
	// electricity that electric traction on the link draws, set when the
	// link is added from the countries of its two ends (see
	// LinkGridIntensity); 0 when neither end's country has one.
	GridGCO2ePerKWh float64
	// Twin is the link in the other direction made from the same row, or None.
	Twin LinkID
	// Reverse is true for the second link made from a two-way row.
	Reverse bool
	// Closed is set by a scenario that closes the link (never by the loader).
	Closed bool
}

// Cost returns the link's tariff in USD per TEU.
func (l *Link) Cost() float64 { return l.TariffFixedUSD + l.TariffUSDPerKm*l.DistanceKm }

// CostKnown reports whether the link has a tariff: a fixed or a distance
// charge above zero. A link with neither (both tariff columns empty, an
// imported lane without a tariff property) has an unknown cost, which
// front ends show as unknown, never as 0 (docs/DATA.md: an empty field
// means "not known").
func (l *Link) CostKnown() bool { return l.TariffFixedUSD > 0 || l.TariffUSDPerKm > 0 }

// HasCorridor reports whether the link carries the corridor tag.
func (l *Link) HasCorridor(tag string) bool {
	for _, c := range l.Corridors {
		if c == tag {
			return true
		}
	}
	return false
}

// Weekdays is a set of days of the week, bit 0 = Sunday (as time.Weekday).
type Weekdays uint8

// Has reports whether day d (0 = Sunday) is in the set.
func (w Weekdays) Has(d int) bool { return w&(1<<uint(d)) != 0 }

// Count is the number of days in the set.
func (w Weekdays) Count() int {
	n := 0
	for d := 0; d < 7; d++ {
		if w.Has(d) {
			n++
		}
	}
	return n
}

var dayNames = [...]string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}

// String lists the days as written in the data files ("Mon;Thu").
func (w Weekdays) String() string {
	var parts []string
	for d := 1; d <= 7; d++ { // Monday first, as timetables do
		if w.Has(d % 7) {
			parts = append(parts, dayNames[d%7])
		}
	}
	return strings.Join(parts, ";")
}

// Service is a scheduled operation on one or two links (a ferry line, liner
// or block train): either a fixed timetable (Days and DepartureMinute) or a
// frequency only (PerWeek).
type Service struct {
	ID       string
	Name     string
	Operator string
	Links    []LinkID // the row's link, and its twin for a two-way link
	// Days is the timetable; zero for a frequency-only service.
	Days Weekdays
	// DepartureMinute is the departure time in minutes after 00:00 UTC on each of Days.
	DepartureMinute int
	// PerWeek is departures per week: len(Days) for a timetable, the given
	// frequency otherwise.
	PerWeek     float64
	CapacityTEU float64 // per departure; 0 when unknown
	Reefer      bool    // accepts reefer containers
	DG          bool    // accepts dangerous goods
	Sources     []string
	// WaitScale multiplies the expected wait for a frequency-only service
	// (half the headway), set by a service_wait calibration parameter
	// (params.go): a ferry that sails when full keeps boxes waiting
	// longer than its frequency says. 0 means 1.
	WaitScale float64
}

// ExpectedWaitHours is the mean wait for a frequency-only service of
// perWeek departures: half the headway, times WaitScale.
func (s *Service) ExpectedWaitHours(perWeek float64) float64 {
	w := 168 / perWeek / 2
	if s.WaitScale > 0 {
		w *= s.WaitScale
	}
	return w
}

// Timetabled reports whether the service has fixed departure days.
func (s *Service) Timetabled() bool { return s.Days != 0 }

// minutesPerWeek is the length of the timetable's cycle.
const minutesPerWeek = 7 * 1440

// NextDeparture returns the hours from weekMinute (minutes since Sunday
// 00:00 UTC; any multiple of a week may be added) to the service's next
// timetabled departure at or after it. Departures fewer than minWait
// minutes after weekMinute do not count: minWait 0 takes a departure at
// weekMinute itself; a positive minWait skips one just missed. It is +Inf
// for a service without a timetable.
//
// The router and the simulation both wait with it, so that a simulation
// without variance reproduces the router's times bit for bit.
func (s *Service) NextDeparture(weekMinute, minWait float64) float64 {
	now := math.Mod(weekMinute, minutesPerWeek)
	best := math.Inf(1)
	for d := 0; d < 7; d++ {
		if !s.Days.Has(d) {
			continue
		}
		w := float64(d*1440+s.DepartureMinute) - now
		if w < 0 {
			w += minutesPerWeek
		}
		if w < minWait {
			w += minutesPerWeek
		}
		best = min(best, w)
	}
	return best / 60
}

// Country is a country that nodes can lie in.
type Country struct {
	Code   string // ISO 3166-1 alpha-2
	Name   string
	Groups []string
	// GridGCO2ePerKWh is the greenhouse-gas intensity of the country's
	// electricity generation in g CO2e per kWh, lifecycle (generation
	// including upstream fuel supply; see docs/DATA.md), and GridYear the
	// year it describes. Zero means not known: electric traction there uses
	// the default (EU-average) factor.
	GridGCO2ePerKWh float64
	GridYear        int
	Sources         []string
}

// Group is a named group of countries (SCO, EU, EAEU, ...).
type Group struct {
	Code    string
	Name    string
	Sources []string
}

// Corridor is a corridor tag that links may carry.
type Corridor struct {
	Tag         string
	Name        string
	Description string
	Sources     []string
}

// Source is a cited publication, dataset or operator statement.
type Source struct {
	ID        string
	Title     string
	Publisher string
	Year      int
	URL       string
	Note      string
}
