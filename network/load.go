package network

import (
	"fmt"
	"io/fs"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"
)

// The file names of a network folder.
const (
	SourcesFile   = "sources.csv"
	GroupsFile    = "groups.csv"
	CountriesFile = "countries.csv"
	CorridorsFile = "corridors.csv"
	NodesFile     = "nodes.csv"
	LinksFile     = "links.csv"
	ServicesFile  = "services.csv"
)

var (
	sourceCols   = []column{{"id", true}, {"title", true}, {"publisher", true}, {"year", true}, {"url", false}, {"note", false}}
	groupCols    = []column{{"code", true}, {"name", true}, {"source", true}}
	countryCols  = []column{{"code", true}, {"name", true}, {"groups", false}, {"source", true}}
	corridorCols = []column{{"tag", true}, {"name", true}, {"description", false}, {"source", true}}
	nodeCols     = []column{{"id", true}, {"name", true}, {"aliases", false}, {"kind", true}, {"country", true},
		{"lon", true}, {"lat", true}, {"handling_hours", false}, {"handling_usd", false}, {"border_pair", false},
		{"border_median_hours", false}, {"border_p90_hours", false}, {"capacity_teu_year", false}, {"source", true}}
	linkCols = []column{{"id", true}, {"from", true}, {"to", true}, {"mode", true}, {"gauge_mm", false},
		{"distance_km", true}, {"speed_kmh", false}, {"hours", false}, {"tariff_fixed_usd", false},
		{"tariff_usd_per_km", false}, {"energy", true}, {"capacity_teu_year", false}, {"corridors", false},
		{"direction", false}, {"source", true}}
	serviceCols = []column{{"id", true}, {"name", true}, {"operator", false}, {"link", true}, {"days", false},
		{"per_week", false}, {"departure_utc", false}, {"capacity_teu", false}, {"reefer", false}, {"dg", false},
		{"source", true}}
)

// Load reads and validates the network in folder dir. On bad data it returns
// a *ValidationError listing every problem with its file, line and column.
func Load(dir string) (*Graph, error) {
	st, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("network folder: %w", err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("network folder %s: not a directory", dir)
	}
	return LoadFS(os.DirFS(dir), dir)
}

// LoadFS reads and validates a network from the root of fsys; name is used in
// error messages.
func LoadFS(fsys fs.FS, name string) (*Graph, error) {
	l := &loader{fsys: fsys, g: &Graph{}}
	l.load()
	if len(l.ps) > 0 {
		l.ps.sort()
		return nil, &ValidationError{Dir: name, Problems: l.ps}
	}
	l.g.buildIndexes()
	return l.g, nil
}

type loader struct {
	fsys fs.FS
	g    *Graph
	ps   problems

	corridorIndex map[string]bool
	nodeLine      []int // line of each node row
	linkRowLine   map[string]int
}

func (l *loader) load() {
	g := l.g
	g.sourceIndex = map[string]int{}
	g.groupIndex = map[string]int{}
	g.countryIndex = map[string]int{}
	g.nodeIndex = map[string]NodeID{}
	g.linkIndex = map[string]LinkID{}
	g.serviceIndex = map[string]ServiceID{}
	l.corridorIndex = map[string]bool{}
	l.linkRowLine = map[string]int{}

	l.loadSources()
	l.loadGroups()
	l.loadCountries()
	l.loadCorridors()
	l.loadNodes()
	l.loadLinks()
	l.loadServices()
	l.checkGraph()
}

// sourcesOf reads the "source" column: at least one known source id.
func (l *loader) sourcesOf(f fields) []string {
	ids := f.list("source")
	if len(ids) == 0 {
		f.bad("source", "every record needs a source (an id from %s)", SourcesFile)
		return nil
	}
	for _, id := range ids {
		if _, ok := l.g.sourceIndex[id]; !ok {
			f.bad("source", "unknown source %q (not in %s)", id, SourcesFile)
		}
	}
	return ids
}

// dupe reports a duplicate key and returns true when key was seen before.
func dupe[V any](f fields, col, key string, seen map[string]V) bool {
	if _, ok := seen[key]; ok && key != "" {
		f.bad(col, "duplicate %s %q", col, key)
		return true
	}
	return false
}

func (l *loader) loadSources() {
	t := readTable(l.fsys, SourcesFile, false, sourceCols, &l.ps)
	for _, r := range t.rows {
		f := fields{r, &l.ps}
		s := Source{
			ID:        f.id("id", true),
			Title:     f.str("title", true),
			Publisher: f.str("publisher", true),
			URL:       f.str("url", false),
			Note:      f.str("note", false),
		}
		if y, ok := f.num("year", true, 1900, 2100); ok {
			if y != math.Trunc(y) {
				f.bad("year", "expected a whole year, got %s", r.get("year"))
			}
			s.Year = int(y)
		}
		if s.URL != "" && !strings.HasPrefix(s.URL, "http://") && !strings.HasPrefix(s.URL, "https://") {
			f.bad("url", "expected an http(s) URL, got %q", s.URL)
		}
		if s.ID == "" || dupe(f, "id", s.ID, l.g.sourceIndex) {
			continue
		}
		l.g.sourceIndex[s.ID] = len(l.g.sources)
		l.g.sources = append(l.g.sources, s)
	}
	sort.Slice(l.g.sources, func(i, j int) bool { return l.g.sources[i].ID < l.g.sources[j].ID })
	for i, s := range l.g.sources {
		l.g.sourceIndex[s.ID] = i
	}
}

func (l *loader) loadGroups() {
	t := readTable(l.fsys, GroupsFile, true, groupCols, &l.ps)
	for _, r := range t.rows {
		f := fields{r, &l.ps}
		gr := Group{Code: f.id("code", false), Name: f.str("name", true), Sources: l.sourcesOf(f)}
		if gr.Code == "" || dupe(f, "code", gr.Code, l.g.groupIndex) {
			continue
		}
		l.g.groupIndex[gr.Code] = len(l.g.groups)
		l.g.groups = append(l.g.groups, gr)
	}
}

func (l *loader) loadCountries() {
	t := readTable(l.fsys, CountriesFile, false, countryCols, &l.ps)
	for _, r := range t.rows {
		f := fields{r, &l.ps}
		c := Country{Code: f.str("code", true), Name: f.str("name", true), Groups: f.list("groups"), Sources: l.sourcesOf(f)}
		if c.Code != "" && !IsISO3166(c.Code) {
			f.bad("code", "%q is not an ISO 3166-1 alpha-2 country code (two upper-case letters, e.g. KZ)", c.Code)
			continue
		}
		for _, gc := range c.Groups {
			if _, ok := l.g.groupIndex[gc]; !ok {
				f.bad("groups", "unknown group %q (not in %s)", gc, GroupsFile)
			}
		}
		if c.Code == "" || dupe(f, "code", c.Code, l.g.countryIndex) {
			continue
		}
		l.g.countryIndex[c.Code] = len(l.g.countries)
		l.g.countries = append(l.g.countries, c)
	}
	sort.Slice(l.g.countries, func(i, j int) bool { return l.g.countries[i].Code < l.g.countries[j].Code })
	for i, c := range l.g.countries {
		l.g.countryIndex[c.Code] = i
	}
}

func (l *loader) loadCorridors() {
	t := readTable(l.fsys, CorridorsFile, true, corridorCols, &l.ps)
	for _, r := range t.rows {
		f := fields{r, &l.ps}
		c := Corridor{Tag: f.str("tag", true), Name: f.str("name", true), Description: f.str("description", false), Sources: l.sourcesOf(f)}
		if c.Tag != "" {
			if msg := checkID(c.Tag, true); msg != "" {
				f.bad("tag", "%s, got %q", msg, c.Tag)
				continue
			}
		}
		if c.Tag == "" || dupe(f, "tag", c.Tag, l.corridorIndex) {
			continue
		}
		l.corridorIndex[c.Tag] = true
		l.g.corridors = append(l.g.corridors, c)
	}
}

// pendingPair remembers a border_pair reference until every node is known.
type pendingPair struct {
	node NodeID
	pair string
	r    row
}

func (l *loader) loadNodes() {
	t := readTable(l.fsys, NodesFile, false, nodeCols, &l.ps)
	var pairs []pendingPair
	for _, r := range t.rows {
		f := fields{r, &l.ps}
		n := Node{
			ID:         f.id("id", false),
			Name:       f.str("name", true),
			Aliases:    f.list("aliases"),
			Country:    f.str("country", false),
			BorderPair: None,
			Sources:    l.sourcesOf(f),
		}
		if k := f.str("kind", true); k != "" {
			kind, err := ParseNodeKind(k)
			if err != nil {
				f.bad("kind", "%v", err)
			}
			n.Kind = kind
		}
		switch {
		case n.Country == "" && n.Kind != 0 && !n.Kind.AtSea():
			f.bad("country", "value is required for a %s node (ISO 3166-1 alpha-2 code)", n.Kind)
		case n.Country == "":
		case !IsISO3166(n.Country):
			f.bad("country", "%q is not an ISO 3166-1 alpha-2 country code (two upper-case letters, e.g. KZ)", n.Country)
		default:
			if _, ok := l.g.countryIndex[n.Country]; !ok {
				f.bad("country", "country %q is not in %s", n.Country, CountriesFile)
			}
		}
		n.Lon, _ = f.num("lon", true, -180, 180)
		n.Lat, _ = f.num("lat", true, -90, 90)
		n.HandlingHours = f.nonNegative("handling_hours")
		n.HandlingUSD = f.nonNegative("handling_usd")
		n.CapacityTEUYear = f.nonNegative("capacity_teu_year")
		n.BorderMedianHours = f.nonNegative("border_median_hours")
		n.BorderP90Hours = f.nonNegative("border_p90_hours")
		hasMed, hasP90 := r.get("border_median_hours") != "", r.get("border_p90_hours") != ""
		pair := f.str("border_pair", false)
		switch {
		case n.Kind == Border:
			if pair == "" {
				f.bad("border_pair", "a border node needs the id of the node across the border")
			}
			if !hasMed || !hasP90 {
				f.bad("border_median_hours", "a border node needs border_median_hours and border_p90_hours")
			}
		case n.Kind != 0:
			if pair != "" {
				f.bad("border_pair", "only border nodes have a border pair (kind is %s)", n.Kind)
			}
			if (hasMed || hasP90) && n.Kind != Chokepoint {
				f.bad("border_median_hours", "only border and chokepoint nodes have border dwell times (kind is %s)", n.Kind)
			}
			if hasMed != hasP90 {
				f.bad("border_p90_hours", "give both border_median_hours and border_p90_hours, or neither")
			}
		}
		if hasMed && hasP90 && n.BorderP90Hours < n.BorderMedianHours {
			f.bad("border_p90_hours", "p90 (%s h) must not be below the median (%s h)", r.get("border_p90_hours"), r.get("border_median_hours"))
		}
		if n.ID == "" || dupe(f, "id", n.ID, l.g.nodeIndex) {
			continue
		}
		id := NodeID(len(l.g.nodes))
		l.g.nodeIndex[n.ID] = id
		l.g.nodes = append(l.g.nodes, n)
		l.nodeLine = append(l.nodeLine, r.line)
		if pair != "" && n.Kind == Border {
			pairs = append(pairs, pendingPair{id, pair, r})
		}
	}
	for _, p := range pairs {
		f := fields{p.r, &l.ps}
		other, ok := l.g.nodeIndex[p.pair]
		switch {
		case !ok:
			f.bad("border_pair", "unknown node %q", p.pair)
		case other == p.node:
			f.bad("border_pair", "a border node cannot be its own pair")
		case l.g.nodes[other].Kind != Border:
			f.bad("border_pair", "%q is a %s node, not a border node", p.pair, l.g.nodes[other].Kind)
		case l.g.nodes[other].Country == l.g.nodes[p.node].Country:
			f.bad("border_pair", "%q is in the same country (%s); a border pair joins two countries", p.pair, l.g.nodes[p.node].Country)
		default:
			l.g.nodes[p.node].BorderPair = other
		}
	}
}

func (l *loader) loadLinks() {
	t := readTable(l.fsys, LinksFile, false, linkCols, &l.ps)
	for _, r := range t.rows {
		f := fields{r, &l.ps}
		k := Link{ID: f.id("id", false), Twin: None, Sources: l.sourcesOf(f)}
		from, fromOK := l.nodeRef(f, "from")
		to, toOK := l.nodeRef(f, "to")
		if fromOK && toOK && from == to {
			f.bad("to", "a link cannot start and end at the same node (%s)", r.get("from"))
		}
		k.From, k.To = from, to
		if m := f.str("mode", true); m != "" {
			mode, err := ParseMode(m)
			if err != nil {
				f.bad("mode", "%v", err)
			}
			k.Mode = mode
		}
		if gs := r.get("gauge_mm"); gs != "" {
			gv, err := strconv.Atoi(gs)
			switch {
			case k.Mode != Rail && k.Mode != 0:
				f.bad("gauge_mm", "only rail links have a gauge (mode is %s); leave it empty", k.Mode)
			case err != nil || (Gauge(gv) != Standard && Gauge(gv) != Russian && Gauge(gv) != Iberian):
				f.bad("gauge_mm", "expected 1435, 1520 or 1668, got %q", gs)
			default:
				k.Gauge = Gauge(gv)
			}
		} else if k.Mode == Rail {
			f.bad("gauge_mm", "a rail link needs its gauge: 1435, 1520 or 1668")
		}
		k.DistanceKm, _ = f.positive("distance_km", true)
		speed, hasSpeed := f.positive("speed_kmh", false)
		hours, hasHours := f.positive("hours", false)
		switch {
		case r.get("speed_kmh") != "" && r.get("hours") != "":
			f.bad("speed_kmh", "give speed_kmh or hours, not both")
		case r.get("speed_kmh") == "" && r.get("hours") == "":
			f.bad("speed_kmh", "a link needs speed_kmh or hours")
		case hasSpeed && speed > 1000:
			f.bad("speed_kmh", "%s km/h is not a freight speed (expected at most 1000)", r.get("speed_kmh"))
		case hasSpeed && k.DistanceKm > 0:
			k.SpeedKmh, k.Hours = speed, k.DistanceKm/speed
		case hasHours && k.DistanceKm > 0:
			k.Hours, k.SpeedKmh = hours, k.DistanceKm/hours
		}
		k.TariffFixedUSD = f.nonNegative("tariff_fixed_usd")
		k.TariffUSDPerKm = f.nonNegative("tariff_usd_per_km")
		k.CapacityTEUYear = f.nonNegative("capacity_teu_year")
		if e := f.str("energy", true); e != "" {
			en, err := ParseEnergy(e)
			if err != nil {
				f.bad("energy", "%v", err)
			}
			k.Energy = en
		}
		k.Corridors = f.list("corridors")
		for _, c := range k.Corridors {
			if !l.corridorIndex[c] {
				f.bad("corridors", "unknown corridor tag %q (not in %s)", c, CorridorsFile)
			}
		}
		both := true
		switch d := r.get("direction"); d {
		case "", "both":
		case "forward":
			both = false
		default:
			f.bad("direction", "expected both or forward, got %q", d)
		}
		if k.ID == "" || dupe(f, "id", k.ID, l.linkRowLine) {
			continue
		}
		l.linkRowLine[k.ID] = r.line
		id := LinkID(len(l.g.links))
		l.g.linkIndex[k.ID] = id
		if both {
			k.Twin = id + 1
		}
		l.g.links = append(l.g.links, k)
		if both {
			rev := k
			rev.ID = k.ID + "~r"
			rev.From, rev.To = k.To, k.From
			rev.Twin, rev.Reverse = id, true
			l.g.linkIndex[rev.ID] = id + 1
			l.g.links = append(l.g.links, rev)
		}
	}
}

// nodeRef resolves a node id column.
func (l *loader) nodeRef(f fields, col string) (NodeID, bool) {
	v := f.str(col, true)
	if v == "" {
		return None, false
	}
	n, ok := l.g.nodeIndex[v]
	if !ok {
		f.bad(col, "unknown node %q (not in %s)", v, NodesFile)
		return None, false
	}
	return n, true
}

var weekdayByName = map[string]int{"sun": 0, "mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6}

func (l *loader) loadServices() {
	t := readTable(l.fsys, ServicesFile, true, serviceCols, &l.ps)
	for _, r := range t.rows {
		f := fields{r, &l.ps}
		s := Service{
			ID:       f.id("id", false),
			Name:     f.str("name", true),
			Operator: f.str("operator", false),
			Reefer:   f.boolean("reefer", true),
			DG:       f.boolean("dg", true),
			Sources:  l.sourcesOf(f),
		}
		if ref := f.str("link", true); ref != "" {
			lid, ok := l.g.linkIndex[ref]
			if !ok || strings.HasSuffix(ref, "~r") {
				f.bad("link", "unknown link %q (not in %s)", ref, LinksFile)
			} else {
				s.Links = append(s.Links, lid)
				if tw := l.g.links[lid].Twin; tw != None {
					s.Links = append(s.Links, tw)
				}
			}
		}
		days := f.list("days")
		perWeek, hasPer := f.positive("per_week", false)
		switch {
		case len(days) > 0 && r.get("per_week") != "":
			f.bad("days", "give days (a timetable) or per_week (a frequency), not both")
		case len(days) == 0 && r.get("per_week") == "":
			f.bad("days", "a service needs days (e.g. Mon;Thu) or per_week (e.g. 2)")
		case len(days) > 0:
			for _, d := range days {
				wd, ok := weekdayByName[strings.ToLower(d)]
				if !ok {
					f.bad("days", "unknown weekday %q (expected Mon, Tue, Wed, Thu, Fri, Sat or Sun)", d)
					continue
				}
				s.Days |= 1 << uint(wd)
			}
			s.PerWeek = float64(s.Days.Count())
			s.DepartureMinute = 12 * 60
			if dep := r.get("departure_utc"); dep != "" {
				m, ok := parseClock(dep)
				if !ok {
					f.bad("departure_utc", "expected a time HH:MM (00:00 to 23:59), got %q", dep)
				}
				s.DepartureMinute = m
			}
		case hasPer:
			if perWeek > 7*24 {
				f.bad("per_week", "%s departures a week is more than one an hour; expected at most 168", r.get("per_week"))
			}
			s.PerWeek = perWeek
			if r.get("departure_utc") != "" {
				f.bad("departure_utc", "a departure time needs days; a per_week service has no fixed time")
			}
		}
		if c, ok := f.positive("capacity_teu", false); ok {
			s.CapacityTEU = c
		}
		if s.ID == "" || dupe(f, "id", s.ID, l.g.serviceIndex) {
			continue
		}
		l.g.serviceIndex[s.ID] = ServiceID(len(l.g.services))
		l.g.services = append(l.g.services, s)
	}
}

func parseClock(s string) (int, bool) {
	h, m, ok := strings.Cut(s, ":")
	if !ok || len(h) != 2 || len(m) != 2 {
		return 0, false
	}
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if err1 != nil || err2 != nil || hh < 0 || hh > 23 || mm < 0 || mm > 59 {
		return 0, false
	}
	return hh*60 + mm, true
}

// checkGraph runs the checks that need the whole network: border pairs must
// be joined by a link, and every node must have a link.
func (l *loader) checkGraph() {
	g := l.g
	touched := make([]bool, len(g.nodes))
	joined := map[[2]NodeID]bool{}
	for i := range g.links {
		k := &g.links[i]
		if k.From == None || k.To == None {
			continue
		}
		touched[k.From], touched[k.To] = true, true
		joined[[2]NodeID{k.From, k.To}] = true
	}
	for i := range g.nodes {
		n := &g.nodes[i]
		if !touched[i] {
			l.ps.add(NodesFile, l.nodeLine[i], "id", "node %s has no links (every node must be reachable)", n.ID)
		}
		p := n.BorderPair
		if p == None {
			continue
		}
		back := g.nodes[p].BorderPair
		if back != None && back != NodeID(i) {
			l.ps.add(NodesFile, l.nodeLine[i], "border_pair", "%s names %s as its pair, but %s names %s", n.ID, g.nodes[p].ID, g.nodes[p].ID, g.nodes[back].ID)
		}
		if back == NodeID(i) && p < NodeID(i) {
			continue // the pair was checked from its other side
		}
		if !joined[[2]NodeID{NodeID(i), p}] && !joined[[2]NodeID{p, NodeID(i)}] {
			l.ps.add(NodesFile, l.nodeLine[i], "border_pair", "border pair %s–%s is unreachable: no link joins the two sides", n.ID, g.nodes[p].ID)
		}
	}
}

// CheckID reports what is wrong with an upper-case id (nodes, links,
// services), or nil when it is valid.
func CheckID(id string) error {
	if msg := checkID(id, false); msg != "" {
		return fmt.Errorf("%s, got %q", msg, id)
	}
	return nil
}

// ParseDays reads a list of weekday names (Mon, Tue, ...).
func ParseDays(days []string) (Weekdays, error) {
	var w Weekdays
	for _, d := range days {
		wd, ok := weekdayByName[strings.ToLower(strings.TrimSpace(d))]
		if !ok {
			return 0, fmt.Errorf("unknown weekday %q (expected Mon, Tue, Wed, Thu, Fri, Sat or Sun)", d)
		}
		w |= 1 << uint(wd)
	}
	return w, nil
}

// ParseClock reads a time of day HH:MM into minutes after midnight.
func ParseClock(s string) (int, error) {
	m, ok := parseClock(s)
	if !ok {
		return 0, fmt.Errorf("expected a time HH:MM (00:00 to 23:59), got %q", s)
	}
	return m, nil
}
