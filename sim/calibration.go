package sim

import (
	"fmt"
	"math"
	"slices"

	"corridor/network"
)

// Calibration is every parameter of the simulation that is not in the
// network's data: running-time variability, how frequency-only services
// space their departures, background load, cancellations, and the spread of
// handling and dwell times. DefaultCalibration returns the sourced defaults;
// a caller may copy and change it (scenarios, tests).
//
// Figures marked "corridor-facts" cite rows of the project's research notes
// (the research notes in ../shared/research/corridor-facts.md, section and row named); figures
// marked "assumption" are modelling judgements with no published value
// behind them, stated so that they can be replaced when data appears.
type Calibration struct {
	// Links holds the link rules: for each link the first rule that matches
	// it applies (so region rules come before the per-mode defaults, and the
	// table must end with one rule per mode).
	Links []LinkRule
	// Nodes holds one rule per node kind (handling and dwell spread).
	Nodes []NodeRule
	// LoadConcentration is a+b of the Beta distribution of the share of a
	// departure's capacity that other cargo takes (its mean is the rule's
	// LoadFactor). 10 makes a departure with LoadFactor 0.9 have no room for
	// one FEU (2 TEU of 100) about one time in six.
	LoadConcentration float64
	// MaxMisses is how many departures in a row may be cancelled or full
	// before a replication is abandoned with an error (a cargo that never
	// fits would otherwise wait for ever).
	MaxMisses int
}

// LinkRule gives the parameters of the links it matches. A rule matches a
// link of its Mode whose two end nodes both lie in Countries (any country
// when Countries is empty; a node at sea has no country and so matches only
// an empty list).
type LinkRule struct {
	Name      string
	Mode      network.Mode
	Countries []string

	// RunCV is the coefficient of variation of the running time: a leg's
	// running time is its links' hours times one factor, lognormal with mean
	// 1 (the link hours are averages), drawn once per leg because delays of
	// one train or voyage are correlated along it. The leg's CV is the
	// hours-weighted mean of its links' CVs.
	RunCV float64
	// HeadwayCV describes departures of a frequency-only service (a service
	// with per_week but no timetable): gaps between departures are gamma
	// distributed with mean 168/per_week hours and this coefficient of
	// variation. 0 is a regular service with a random phase (the wait is
	// uniform on one headway), 1 is a Poisson process (exponential gaps; the
	// wait is exponential with the headway as mean). Timetabled services
	// keep their timetable.
	HeadwayCV float64
	// LoadFactor is the mean share of each departure's capacity taken by
	// other cargo; the shipment boards only if its TEU fit in the rest, or
	// waits for the next departure. 0 means capacity never binds.
	LoadFactor float64
	// CancelProb is the probability that a departure is cancelled (weather,
	// blank sailing); the shipment then waits for the next one.
	CancelProb float64

	Source string
}

// NodeRule gives the spread of the times spent at nodes of one kind. Times
// at a node are lognormal with the node's figure as median:
// mu = ln(median), sigma = ln(p90/median) / 1.2816 (1.2816 is the standard
// normal 90% quantile), so P50 and P90 of the draws are the median and p90.
type NodeRule struct {
	Kind network.NodeKind
	// HandlingP90Ratio is p90/median of the handling time of one
	// transshipment (the node's handling_hours is the median); 1 = fixed.
	HandlingP90Ratio float64
	// DwellSpread scales the sigma fitted to a border or canal node's
	// border_median_hours and border_p90_hours (1 = as fitted, 0 = always
	// the median).
	DwellSpread float64
	// DefaultDwellP90Ratio is p90/median for nodes with a dwell median but
	// no p90.
	DefaultDwellP90Ratio float64

	Source string
}

// z90 is the standard normal 90% quantile.
const z90 = 1.2815515655446004

// DefaultCalibration returns the sourced defaults (a new copy each call).
//
// The table, first matching link rule wins:
//
//	rule                   mode   countries          run CV  headway CV  load  cancel
//	Caspian rail ferries   ferry  KZ AZ TM RU IR     0.15    1.0         0.90  0.10
//	Caspian feeders        sea    KZ AZ TM RU IR     0.15    0.5         0.80  0.10
//	Black Sea feeders      sea    GE RO BG UA TR     0.15    0.5         0.85  0.05
//	Kazakhstan rail        rail   KZ                 0.20    0.5         0.70  0
//	Caucasus rail          rail   AZ GE              0.20    0.5         0.70  0
//	rail (default)         rail   any                0.10    0.5         0.70  0
//	sea (default)          sea    any                0.10    0           0.85  0.05
//	ferry (default)        ferry  any                0.15    1.0         0.80  0.05
//	road (default)         road   any                0.20    0.5         0.70  0
//	inland water (default) iww    any                0.15    0.5         0.70  0.02
//
// and per node kind (handling p90/median; dwell spread; p90/median when a
// dwell has no p90): seaport 2.0, dry port / city / junction 1.5, border 1.5
// with dwell fitted to the node's median and p90 (3.0 when p90 is missing),
// chokepoint dwell fitted likewise. Each row's Source says where it comes
// from.
func DefaultCalibration() *Calibration {
	caspian := []string{"KZ", "AZ", "TM", "RU", "IR"}
	return &Calibration{
		LoadConcentration: 10,
		MaxMisses:         1000,
		Links: []LinkRule{
			{
				Name: "Caspian rail ferries", Mode: network.Ferry, Countries: caspian,
				RunCV: 0.15, HeadwayCV: 1, LoadFactor: 0.9, CancelProb: 0.10,
				Source: "corridor-facts 3b: crossing 18–24 h incl. loading, up to ~30 h in bad weather (SR-Center) — " +
					"CV 0.15 on the 20 h link puts P90 at ~24 h and P99 at ~29 h; " +
					"3b 'Waiting / no fixed timetable': no fixed schedule, departures every 3–5 days or ~twice weekly, " +
					"waits of 2–3 days typical, up to 1 week or more (traveller reports; OECD/BSEC-URTA) — exponential gaps " +
					"(HeadwayCV 1) at 2 a week give a median wait of 2.4 days and a P90 of 8.1 days; " +
					"3b 'WB finding': delays caused by a shortage of vessels, and KTZ: the Caspian crossing is the main " +
					"limiting factor — load factor 0.9; 5 'Caspian weather': delays to departures — cancellation 0.10 " +
					"(assumption: no rate is published)",
			},
			{
				Name: "Caspian container feeders", Mode: network.Sea, Countries: caspian,
				RunCV: 0.15, HeadwayCV: 0.5, LoadFactor: 0.8, CancelProb: 0.10,
				Source: "corridor-facts 3b: crossing 18–24 h, up to ~30 h in bad weather (SR-Center); 'Container feeder': " +
					"Turkestan, 225 TEU, weekly, Aktau→Baku (UIC 2019) — a scheduled line, so gaps vary less than the " +
					"ferries' (HeadwayCV 0.5, assumption); load 0.8 (assumption: the 2 × 700 TEU and 6 new vessels planned " +
					"for 2027 in 3b say capacity is short); 5 'Caspian weather' — cancellation 0.10 (assumption)",
			},
			{
				Name: "Black Sea feeders", Mode: network.Sea, Countries: []string{"GE", "RO", "BG", "UA", "TR"},
				RunCV: 0.15, HeadwayCV: 0.5, LoadFactor: 0.85, CancelProb: 0.05,
				Source: "corridor-facts 3c: Batumi–Constanța feeder every 10 days (PortNews/ICTSI 2022), Poti–Constanța " +
					"210 TEU, 3 departures a month (Georgian Railway 2022) — one- or two-ship lines whose gaps vary " +
					"(HeadwayCV 0.5, assumption); voyage 5 days planned (TITR 2019), no observed spread (RunCV 0.15, " +
					"assumption); 3c: >9,000 TEU in Jan–Apr 2022 (+30%) on ~200 TEU ships and 2f: Constanța congested " +
					"after the 2022 diversion — load 0.85; cancellation 0.05 (assumption); 8.3: model the Black Sea " +
					"feeder with a large waiting-time variance",
			},
			{
				Name: "Kazakhstan rail", Mode: network.Rail, Countries: []string{"KZ"},
				RunCV: 0.20, HeadwayCV: 0.5, LoadFactor: 0.7,
				Source: "corridor-facts 3a: Kazakhstan MC transit 12 → 6 days (2022 → 2023) and the Almaty locomotive " +
					"change 'a delay source worth modelling'; 2g: Kazakhstan rail 2022 speed without delay 57.9 km/h " +
					"against 10.4 km/h with delay (CAREC CPMM) — running CV 0.20 (judgement from these); headway and " +
					"load as the rail default",
			},
			{
				Name: "Caucasus rail", Mode: network.Rail, Countries: []string{"AZ", "GE"},
				RunCV: 0.20, HeadwayCV: 0.5, LoadFactor: 0.7,
				Source: "corridor-facts 3a: BTK capacity 1–1.5 Mt/yr until 2024, part of the line at 2,400 m with winters " +
					"to −30 °C; 2g: Georgia–Azerbaijan crossings the most time-consuming road BCP — running CV 0.20 " +
					"(assumption)",
			},
			{
				Name: "rail (default)", Mode: network.Rail,
				RunCV: 0.10, HeadwayCV: 0.5, LoadFactor: 0.7,
				Source: "corridor-facts 1b: Northern rail T2T China→Poland 13–14 / 13–15 days (DHL via index1520, " +
					"Jan–Apr 2024), a ±7% spread outside congestion, which border dwell models — running CV 0.10; " +
					"block trains leave when full, so frequency-only rail services have irregular gaps (HeadwayCV 0.5) " +
					"and load 0.7 (assumptions)",
			},
			{
				Name: "sea (default)", Mode: network.Sea,
				RunCV: 0.10, HeadwayCV: 0, LoadFactor: 0.85, CancelProb: 0.05,
				Source: "corridor-facts 5: Asia–North Europe schedule reliability 34.9% (Jun 2024), global 53.3% with " +
					"late vessels 5.46 days late (Feb 2024, Sea-Intelligence) — CV 0.10 on a ~30-day voyage makes about " +
					"a third of voyages more than a day over the mean, late ones by ~3–4 days; liner loops keep weekly " +
					"fixed days (HeadwayCV 0: random phase, regular headway); load 0.85 and blank sailings 0.05 " +
					"(assumptions)",
			},
			{
				Name: "ferry (default)", Mode: network.Ferry,
				RunCV: 0.15, HeadwayCV: 1, LoadFactor: 0.8, CancelProb: 0.05,
				Source: "assumption, by analogy with the Caspian ferries (corridor-facts 3b) with less weather",
			},
			{
				Name: "road (default)", Mode: network.Road,
				RunCV: 0.20, HeadwayCV: 0.5, LoadFactor: 0.7,
				Source: "corridor-facts 2g: CAREC road 2022 speed without delay 42.0 km/h against 23.4 km/h with delay " +
					"(delays mostly at borders, which dwell models) — running CV 0.20 (assumption)",
			},
			{
				Name: "inland water (default)", Mode: network.InlandWater,
				RunCV: 0.15, HeadwayCV: 0.5, LoadFactor: 0.7, CancelProb: 0.02,
				Source: "assumption (no inland-waterway figures in corridor-facts)",
			},
		},
		Nodes: []NodeRule{
			{Kind: network.Seaport, HandlingP90Ratio: 2, DwellSpread: 1, DefaultDwellP90Ratio: 3,
				Source: "assumption: port dwell p90 twice the median; corridor-facts 2e: Poti/Batumi 'near full capacity' " +
					"(2019), 2f: Constanța congested after the 2022 diversion"},
			{Kind: network.DryPort, HandlingP90Ratio: 1.5, DwellSpread: 1, DefaultDwellP90Ratio: 3,
				Source: "assumption; corridor-facts 2b: Khorgos transshipment 9–10 → 19–20 trains/day (2022) shows the " +
					"capacity limits behind transshipment queues"},
			{Kind: network.City, HandlingP90Ratio: 1.5, DwellSpread: 1, DefaultDwellP90Ratio: 3, Source: "assumption, as dry ports"},
			{Kind: network.Junction, HandlingP90Ratio: 1.5, DwellSpread: 1, DefaultDwellP90Ratio: 3, Source: "assumption, as dry ports"},
			{Kind: network.Border, HandlingP90Ratio: 1.5, DwellSpread: 1, DefaultDwellP90Ratio: 3,
				Source: "dwell fitted to each border node's border_median_hours and border_p90_hours (their sources in " +
					"nodes.csv: CAREC CPMM, corridor-facts 2g; Małaszewicze 48/144 h gives P99 ≈ 15 days, as 2f's " +
					"'~10 days, up to 16' at peak congestion); p90/median 3 when p90 is missing, the ratio of most " +
					"bundled border nodes; gauge-change handling p90/median 1.5 (assumption)"},
			{Kind: network.Chokepoint, HandlingP90Ratio: 1, DwellSpread: 1, DefaultDwellP90Ratio: 3,
				Source: "canal and strait waits fitted to the node's median and p90 (nodes.csv)"},
			{Kind: network.Waypoint, HandlingP90Ratio: 1, DwellSpread: 1, DefaultDwellP90Ratio: 3, Source: "no handling at sea"},
		},
	}
}

// ZeroVariance returns a calibration without randomness from the
// calibration: fixed running, handling and dwell times (the data's figures
// and medians), no background load, no cancellations, regular headways.
// Timetabled services then reproduce the router's times exactly; a
// frequency-only service still has a random phase.
func ZeroVariance() *Calibration {
	c := DefaultCalibration()
	for i := range c.Links {
		r := &c.Links[i]
		r.RunCV, r.HeadwayCV, r.LoadFactor, r.CancelProb = 0, 0, 0, 0
	}
	for i := range c.Nodes {
		n := &c.Nodes[i]
		n.HandlingP90Ratio, n.DwellSpread = 1, 0
	}
	return c
}

// Clone returns a deep copy of c.
func (c *Calibration) Clone() *Calibration {
	d := *c
	d.Links = slices.Clone(c.Links)
	for i := range d.Links {
		d.Links[i].Countries = slices.Clone(c.Links[i].Countries)
	}
	d.Nodes = slices.Clone(c.Nodes)
	return &d
}

// Validate reports the first parameter out of range.
func (c *Calibration) Validate() error {
	bad := func(x, lo, hi float64) bool { return !(x >= lo && x <= hi) } // also NaN
	for _, m := range network.Modes {
		found := false
		for _, r := range c.Links {
			if r.Mode == m && len(r.Countries) == 0 {
				found = true
				break
			}
		}
		if !found {
			return fmt.Errorf("calibration: no default link rule for mode %s", m)
		}
	}
	for _, r := range c.Links {
		switch {
		case bad(r.RunCV, 0, 3):
			return fmt.Errorf("calibration: %s: RunCV %g out of [0, 3]", r.Name, r.RunCV)
		case bad(r.HeadwayCV, 0, 3):
			return fmt.Errorf("calibration: %s: HeadwayCV %g out of [0, 3]", r.Name, r.HeadwayCV)
		case bad(r.LoadFactor, 0, 0.99):
			return fmt.Errorf("calibration: %s: LoadFactor %g out of [0, 0.99]", r.Name, r.LoadFactor)
		case bad(r.CancelProb, 0, 0.9):
			return fmt.Errorf("calibration: %s: CancelProb %g out of [0, 0.9]", r.Name, r.CancelProb)
		}
	}
	for _, n := range c.Nodes {
		switch {
		case bad(n.HandlingP90Ratio, 1, 100):
			return fmt.Errorf("calibration: %s: HandlingP90Ratio %g out of [1, 100]", n.Kind, n.HandlingP90Ratio)
		case bad(n.DwellSpread, 0, 10):
			return fmt.Errorf("calibration: %s: DwellSpread %g out of [0, 10]", n.Kind, n.DwellSpread)
		case bad(n.DefaultDwellP90Ratio, 1, 100):
			return fmt.Errorf("calibration: %s: DefaultDwellP90Ratio %g out of [1, 100]", n.Kind, n.DefaultDwellP90Ratio)
		}
	}
	if bad(c.LoadConcentration, 0.1, 1e6) {
		return fmt.Errorf("calibration: LoadConcentration %g out of [0.1, 1e6]", c.LoadConcentration)
	}
	if c.MaxMisses < 1 {
		return fmt.Errorf("calibration: MaxMisses must be at least 1")
	}
	return nil
}

// linkRule returns the first rule matching link k.
func (c *Calibration) linkRule(g *network.Graph, k *network.Link) *LinkRule {
	from, to := g.Node(k.From).Country, g.Node(k.To).Country
	for i := range c.Links {
		r := &c.Links[i]
		if r.Mode != k.Mode {
			continue
		}
		if len(r.Countries) == 0 || slices.Contains(r.Countries, from) && slices.Contains(r.Countries, to) {
			return r
		}
	}
	return nil // Validate guarantees a default per mode
}

// nodeRule returns the rule for a node kind (a neutral one when absent).
func (c *Calibration) nodeRule(kind network.NodeKind) NodeRule {
	for _, n := range c.Nodes {
		if n.Kind == kind {
			return n
		}
	}
	return NodeRule{Kind: kind, HandlingP90Ratio: 1, DwellSpread: 1, DefaultDwellP90Ratio: 3}
}

// logn is a lognormal time: the median, and sigma of its logarithm (0 = fixed).
type logn struct {
	median, sigma float64
}

// fitLogn fits a lognormal to a median and a p90 (p90 <= median gives a fixed time).
func fitLogn(median, p90 float64) logn {
	if !(median > 0) || !(p90 > median) {
		return logn{median: math.Max(median, 0)}
	}
	return logn{median: median, sigma: math.Log(p90/median) / z90}
}

// runSigma is the sigma of a lognormal factor with mean 1 and coefficient
// of variation cv: sigma² = ln(1 + cv²).
func runSigma(cv float64) float64 { return math.Sqrt(math.Log1p(cv * cv)) }
