package network

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Reporter receives the problems the record rules find, naming the field
// (the CSV column name, e.g. "distance_km") and what is wrong. Each front
// end places the problem its own way: the CSV loader as file:line and
// column, the Builder as record kind and position, a scenario as
// edits[i].field, an importer as its record index.
type Reporter interface {
	Field(field, format string, args ...any)
}

// NodeRecord is a node as the front ends give it (a row of nodes.csv, a
// Builder node, a scenario's add_node): ids and names as strings, numbers
// already read. Zero numbers are absent values, except the border dwell
// times, which are nil when not given (a given 0 is a dwell of 0 hours).
type NodeRecord struct {
	ID                string
	Name              string
	Aliases           []string
	Kind              string // city, dry_port, seaport, border, junction, waypoint or chokepoint
	Country           string // ISO 3166-1 alpha-2
	Lon, Lat          float64
	HandlingHours     float64
	HandlingUSD       float64
	BorderPair        string // the id of the border node across the border
	BorderMedianHours *float64
	BorderP90Hours    *float64
	CapacityTEUYear   float64
	// ControlledBy lists the countries (ISO 3166-1 alpha-2) that control a
	// chokepoint: avoiding any of them closes it. Only chokepoints have it.
	ControlledBy []string
	Sources      []string
}

// LinkRecord is a link row: one directed link, or two when Direction is
// "both" or empty (the reverse gets the id ID+"~r").
type LinkRecord struct {
	ID              string
	From, To        string // node ids
	Mode            string // rail, road, sea, ferry or iww
	GaugeMM         int    // rail only
	DistanceKm      float64
	SpeedKmh        float64 // give SpeedKmh or Hours
	Hours           float64
	TariffFixedUSD  float64
	TariffUSDPerKm  float64
	Energy          string
	CapacityTEUYear float64
	Corridors       []string
	Direction       string // both (the default) or forward
	Sources         []string
}

// ServiceRecord is a service on one link row (and its twin): a timetable
// (Days, DepartureUTC) or a frequency (PerWeek).
type ServiceRecord struct {
	ID, Name, Operator string
	Link               string   // a link row id (not a "~r" reverse)
	Days               []string // weekday names: Mon, Tue, ...
	PerWeek            float64
	DepartureUTC       string // HH:MM; 12:00 when empty
	CapacityTEU        float64
	Reefer, DG         bool
	Sources            []string
}

// Check reports what is wrong with the record on its own, without the
// network it goes into (ids, kind, numbers, border fields).
func (r NodeRecord) Check(rep Reporter) { r.check(rep, false) }

// Check reports what is wrong with the record on its own, without the
// network it goes into (ids, mode, gauge, numbers, direction).
func (r LinkRecord) Check(rep Reporter) { r.check(rep) }

// Check reports what is wrong with the record on its own, without the
// network it goes into (ids, timetable or frequency, capacity).
func (r ServiceRecord) Check(rep Reporter) { r.check(rep) }

// required reports an empty value.
func required(rep Reporter, field, v string) bool {
	if strings.TrimSpace(v) == "" {
		rep.Field(field, "value is required")
		return false
	}
	return true
}

// checkIDField reports an id that is empty or not made of upper-case
// letters, digits, '-' and '_' (lower-case with lower).
func checkIDField(rep Reporter, field, v string, lower bool) bool {
	if !required(rep, field, v) {
		return false
	}
	if msg := checkID(v, lower); msg != "" {
		rep.Field(field, "%s, got %q", msg, v)
		return false
	}
	return true
}

func finite(rep Reporter, field string, x float64) bool {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		rep.Field(field, "expected a finite number, got %s", fmtNum(x))
		return false
	}
	return true
}

func nonNegative(rep Reporter, field string, x float64) {
	if finite(rep, field, x) && x < 0 {
		rep.Field(field, "must not be negative, got %s", fmtNum(x))
	}
}

// positive checks an optional number: 0 is absent, anything else must be > 0.
func positive(rep Reporter, field string, x float64) bool {
	if !finite(rep, field, x) {
		return false
	}
	if x < 0 {
		rep.Field(field, "must be greater than 0, got %s", fmtNum(x))
		return false
	}
	return x > 0
}

func within(rep Reporter, field string, x, lo, hi float64) {
	if finite(rep, field, x) && (x < lo || x > hi) {
		rep.Field(field, "must be between %s and %s, got %s", fmtNum(lo), fmtNum(hi), fmtNum(x))
	}
}

func (r NodeRecord) check(rep Reporter, countryOptional bool) NodeKind {
	checkIDField(rep, "id", r.ID, false)
	required(rep, "name", r.Name)
	var kind NodeKind
	if required(rep, "kind", r.Kind) {
		k, err := ParseNodeKind(r.Kind)
		if err != nil {
			rep.Field("kind", "%v", err)
		}
		kind = k
	}
	switch {
	case r.Country == "" && kind != 0 && !kind.AtSea() && !countryOptional:
		rep.Field("country", "value is required for a %s node (ISO 3166-1 alpha-2 code)", kind)
	case r.Country != "" && !IsISO3166(r.Country):
		rep.Field("country", "%q is not an ISO 3166-1 alpha-2 country code (two upper-case letters, e.g. KZ)", r.Country)
	}
	if len(r.ControlledBy) > 0 && kind != 0 && kind != Chokepoint {
		rep.Field("controlled_by", "only a chokepoint is controlled by countries (kind is %s); a node's own country is the country column", kind)
	}
	for i, c := range r.ControlledBy {
		switch {
		case !IsISO3166(c):
			rep.Field("controlled_by", "%q is not an ISO 3166-1 alpha-2 country code (two upper-case letters, e.g. EG)", c)
		case slices.Contains(r.ControlledBy[:i], c):
			rep.Field("controlled_by", "%s is listed twice", c)
		}
	}
	within(rep, "lon", r.Lon, -180, 180)
	within(rep, "lat", r.Lat, -90, 90)
	nonNegative(rep, "handling_hours", r.HandlingHours)
	nonNegative(rep, "handling_usd", r.HandlingUSD)
	nonNegative(rep, "capacity_teu_year", r.CapacityTEUYear)
	hasMed, hasP90 := r.BorderMedianHours != nil, r.BorderP90Hours != nil
	med, p90 := r.dwell()
	if hasMed {
		nonNegative(rep, "border_median_hours", med)
	}
	if hasP90 {
		nonNegative(rep, "border_p90_hours", p90)
	}
	switch {
	case kind == Border:
		if r.BorderPair == "" {
			rep.Field("border_pair", "a border node needs the id of the node across the border")
		}
		if !hasMed || !hasP90 {
			rep.Field("border_median_hours", "a border node needs border_median_hours and border_p90_hours")
		}
	case kind != 0:
		if r.BorderPair != "" {
			rep.Field("border_pair", "only border nodes have a border pair (kind is %s)", kind)
		}
		if (hasMed || hasP90) && kind != Chokepoint {
			rep.Field("border_median_hours", "only border and chokepoint nodes have border dwell times (kind is %s)", kind)
		}
		if hasMed != hasP90 {
			rep.Field("border_p90_hours", "give both border_median_hours and border_p90_hours, or neither")
		}
	}
	if hasMed && hasP90 && p90 < med {
		rep.Field("border_p90_hours", "p90 (%s h) must not be below the median (%s h)", fmtNum(p90), fmtNum(med))
	}
	return kind
}

// dwell returns the border dwell times, 0 for those not given.
func (r NodeRecord) dwell() (median, p90 float64) {
	if r.BorderMedianHours != nil {
		median = *r.BorderMedianHours
	}
	if r.BorderP90Hours != nil {
		p90 = *r.BorderP90Hours
	}
	return median, p90
}

// Given is x as an optional value: nil when x is 0 (not given), for
// NodeRecord's dwell times from front ends where 0 means absent.
func Given(x float64) *float64 {
	if x == 0 {
		return nil
	}
	return &x
}

// linkFigures are a link record's values once read.
type linkFigures struct {
	mode          Mode
	gauge         Gauge
	energy        Energy
	hours, speed  float64
	both          bool
	distanceKnown bool
}

func (r LinkRecord) check(rep Reporter) linkFigures {
	var v linkFigures
	checkIDField(rep, "id", r.ID, false)
	if required(rep, "mode", r.Mode) {
		m, err := ParseMode(r.Mode)
		if err != nil {
			rep.Field("mode", "%v", err)
		}
		v.mode = m
	}
	switch g := Gauge(r.GaugeMM); {
	case r.GaugeMM != 0 && v.mode != Rail && v.mode != 0:
		rep.Field("gauge_mm", "only rail links have a gauge (mode is %s); leave it empty", v.mode)
	case r.GaugeMM != 0 && (r.GaugeMM < 0 || !slices.Contains(Gauges, g)):
		rep.Field("gauge_mm", "expected "+GaugeList+", got %q", strconv.Itoa(r.GaugeMM))
	case r.GaugeMM == 0 && v.mode == Rail:
		rep.Field("gauge_mm", "a rail link needs its gauge: "+GaugeList)
	default:
		v.gauge = g
	}
	if finite(rep, "distance_km", r.DistanceKm) {
		if r.DistanceKm <= 0 {
			rep.Field("distance_km", "must be greater than 0, got %s", fmtNum(r.DistanceKm))
		} else {
			v.distanceKnown = true
		}
	}
	switch {
	case r.SpeedKmh != 0 && r.Hours != 0:
		rep.Field("speed_kmh", "give speed_kmh or hours, not both")
	case r.SpeedKmh == 0 && r.Hours == 0:
		rep.Field("speed_kmh", "a link needs speed_kmh or hours")
	case r.SpeedKmh != 0:
		if positive(rep, "speed_kmh", r.SpeedKmh) {
			if r.SpeedKmh > 1000 {
				rep.Field("speed_kmh", "%s km/h is not a freight speed (expected at most 1000)", fmtNum(r.SpeedKmh))
			} else if v.distanceKnown {
				v.speed, v.hours = r.SpeedKmh, r.DistanceKm/r.SpeedKmh
			}
		}
	default:
		if positive(rep, "hours", r.Hours) && v.distanceKnown {
			v.hours, v.speed = r.Hours, r.DistanceKm/r.Hours
		}
	}
	nonNegative(rep, "tariff_fixed_usd", r.TariffFixedUSD)
	nonNegative(rep, "tariff_usd_per_km", r.TariffUSDPerKm)
	nonNegative(rep, "capacity_teu_year", r.CapacityTEUYear)
	if required(rep, "energy", r.Energy) {
		e, err := ParseEnergy(r.Energy)
		if err != nil {
			rep.Field("energy", "%v", err)
		}
		v.energy = e
	}
	switch r.Direction {
	case "", "both":
		v.both = true
	case "forward":
	default:
		rep.Field("direction", "expected both or forward, got %q", r.Direction)
	}
	return v
}

// serviceTimes are a service record's timetable or frequency once read.
type serviceTimes struct {
	days      Weekdays
	perWeek   float64
	departure int
}

func (r ServiceRecord) check(rep Reporter) serviceTimes {
	var v serviceTimes
	checkIDField(rep, "id", r.ID, false)
	required(rep, "name", r.Name)
	hasPer := positive(rep, "per_week", r.PerWeek)
	switch {
	case len(r.Days) > 0 && r.PerWeek != 0:
		rep.Field("days", "give days (a timetable) or per_week (a frequency), not both")
	case len(r.Days) == 0 && r.PerWeek == 0:
		rep.Field("days", "a service needs days (e.g. Mon;Thu) or per_week (e.g. 2)")
	case len(r.Days) > 0:
		for _, d := range r.Days {
			wd, ok := weekdayByName[strings.ToLower(strings.TrimSpace(d))]
			if !ok {
				rep.Field("days", "unknown weekday %q (expected Mon, Tue, Wed, Thu, Fri, Sat or Sun)", d)
				continue
			}
			v.days |= 1 << uint(wd)
		}
		v.perWeek = float64(v.days.Count())
		v.departure = 12 * 60
		if r.DepartureUTC != "" {
			m, ok := parseClock(r.DepartureUTC)
			if !ok {
				rep.Field("departure_utc", "expected a time HH:MM (00:00 to 23:59), got %q", r.DepartureUTC)
			}
			v.departure = m
		}
	case hasPer:
		if r.PerWeek > 7*24 {
			rep.Field("per_week", "%s departures a week is more than one an hour; expected at most 168", fmtNum(r.PerWeek))
		}
		v.perWeek = r.PerWeek
		if r.DepartureUTC != "" {
			rep.Field("departure_utc", "a departure time needs days; a per_week service has no fixed time")
		}
	}
	positive(rep, "capacity_teu", r.CapacityTEU)
	return v
}

// counter counts the problems passed on to a Reporter.
type counter struct {
	Reporter
	n int
}

func (c *counter) Field(field, format string, args ...any) {
	c.n++
	c.Reporter.Field(field, format, args...)
}

// tableNames name the tables in messages about references ("unknown node
// "X" (not in nodes.csv)"): the CSV loader's file names, or plain names.
type tableNames struct{ sources, groups, countries, corridors, nodes, links string }

var (
	csvTables   = tableNames{SourcesFile, GroupsFile, CountriesFile, CorridorsFile, NodesFile, LinksFile}
	plainTables = tableNames{"sources", "groups", "countries", "corridors", "nodes", "links"}
)

// assembly adds records to a graph once they pass the rules: the one path
// of the CSV loader, the Builder and an Editor (scenarios). It checks what a
// record refers to (sources, countries, corridors, nodes, links, duplicate
// ids), creates reverse links, and at the end resolves border pairs and
// runs the graph-wide check.
type assembly struct {
	g      *Graph
	tables tableNames
	// countryOptional lets nodes of any kind go without a country (imported
	// networks often do not know them).
	countryOptional bool
	// ownSources skips the source check: an Editor's records cite the
	// scenario that adds them.
	ownSources bool
	// change is called before the graph's tables are changed (an Editor
	// copies the tables it shares with its base).
	change func()

	corridors map[string]bool // nil until first needed
	pairs     []pendingPair
	// mentioned are the nodes named by link records, added or refused: a
	// node whose only link was refused is not reported as isolated too.
	mentioned map[NodeID]bool
	// refused are the ids of records refused for a problem of their own:
	// a reference to one is not reported again ("unknown node").
	refused map[string]bool
}

func newAssembly(g *Graph, tables tableNames) *assembly {
	return &assembly{g: g, tables: tables, mentioned: map[NodeID]bool{}, refused: map[string]bool{}}
}

// pendingPair remembers a border_pair reference until every node is known.
type pendingPair struct {
	node NodeID
	pair string
}

func (a *assembly) changing() {
	if a.change != nil {
		a.change()
	}
}

func (a *assembly) checkSources(rep Reporter, ids []string) {
	if a.ownSources {
		return
	}
	if len(ids) == 0 {
		rep.Field("source", "every record needs a source (an id from %s)", a.tables.sources)
	}
	for _, id := range ids {
		if _, ok := a.g.sourceIndex[id]; !ok && !a.refused["source:"+id] {
			rep.Field("source", "unknown source %q (not in %s)", id, a.tables.sources)
		}
	}
}

func (a *assembly) hasCorridor(tag string) bool {
	if a.corridors == nil || len(a.corridors) != len(a.g.corridors) {
		a.corridors = make(map[string]bool, len(a.g.corridors))
		for _, c := range a.g.corridors {
			a.corridors[c.Tag] = true
		}
	}
	return a.corridors[tag]
}

// nodeRef resolves a node id field.
func (a *assembly) nodeRef(rep Reporter, field, id string) (NodeID, bool) {
	if !required(rep, field, id) {
		return None, false
	}
	n, ok := a.g.nodeIndex[id]
	if !ok {
		if !a.refused["node:"+id] {
			rep.Field(field, "unknown node %q (not in %s)", id, a.tables.nodes)
		}
		return None, false
	}
	return n, true
}

// duplicate reports an id that is taken.
func duplicate[V any](rep Reporter, id string, index map[string]V) bool {
	return duplicateIn(rep, "id", id, index)
}

// duplicateIn reports a key of field that is taken ("duplicate code ...").
func duplicateIn[V any](rep Reporter, field, key string, index map[string]V) bool {
	if _, dup := index[key]; dup && key != "" {
		rep.Field(field, "duplicate %s %q", field, key)
		return true
	}
	return false
}

// source checks a cited source and adds it. Sources are sorted by id when
// the graph is complete (sortTables).
func (a *assembly) source(s Source, rep Reporter) {
	c := &counter{Reporter: rep}
	checkIDField(c, "id", s.ID, true)
	required(c, "title", s.Title)
	required(c, "publisher", s.Publisher)
	within(c, "year", float64(s.Year), MinYear, MaxYear)
	if s.URL != "" && !strings.HasPrefix(s.URL, "http://") && !strings.HasPrefix(s.URL, "https://") {
		c.Field("url", "expected an http(s) URL, got %q", s.URL)
	}
	duplicate(c, s.ID, a.g.sourceIndex)
	admit(a, c, "source", s.ID, a.g.sourceIndex, &a.g.sources, s)
}

// group checks a country group and adds it.
func (a *assembly) group(gr Group, rep Reporter) {
	c := &counter{Reporter: rep}
	checkIDField(c, "code", gr.Code, false)
	required(c, "name", gr.Name)
	a.checkSources(c, gr.Sources)
	duplicateIn(c, "code", gr.Code, a.g.groupIndex)
	admit(a, c, "group", gr.Code, a.g.groupIndex, &a.g.groups, gr)
}

// country checks a country and adds it. Countries are sorted by code when
// the graph is complete (sortTables).
func (a *assembly) country(ct Country, rep Reporter) {
	c := &counter{Reporter: rep}
	if required(c, "code", ct.Code) && !IsISO3166(ct.Code) {
		c.Field("code", "%q is not an ISO 3166-1 alpha-2 country code (two upper-case letters, e.g. KZ)", ct.Code)
	}
	required(c, "name", ct.Name)
	for _, gc := range ct.Groups {
		if _, ok := a.g.groupIndex[gc]; !ok && !a.refused["group:"+gc] {
			c.Field("groups", "unknown group %q (not in %s)", gc, a.tables.groups)
		}
	}
	checkGrid(c, ct.GridGCO2ePerKWh, ct.GridYear)
	a.checkSources(c, ct.Sources)
	duplicateIn(c, "code", ct.Code, a.g.countryIndex)
	admit(a, c, "country", ct.Code, a.g.countryIndex, &a.g.countries, ct)
}

// MaxGridGCO2ePerKWh bounds a country's grid intensity: above any
// all-coal grid (lifecycle coal generation is about 820 g CO2e/kWh in the
// IPCC AR5 medians that Ember uses), so a larger value is a unit error
// (kg or t per MWh given as g per kWh, or per kWh of heat).
const MaxGridGCO2ePerKWh = 1500

// checkGrid checks a country's grid intensity and its year: both empty
// (zero), or an intensity in (0, MaxGridGCO2ePerKWh] with the year it
// describes.
func checkGrid(rep Reporter, g float64, year int) {
	switch {
	case g < 0:
		rep.Field("grid_gco2e_per_kwh", "must not be negative, got %s (leave empty when not known)", fmtNum(g))
	case g > MaxGridGCO2ePerKWh:
		rep.Field("grid_gco2e_per_kwh", "must be at most %d g CO2e/kWh, got %s (a unit error?)", MaxGridGCO2ePerKWh, fmtNum(g))
	}
	switch {
	case g != 0 && year == 0:
		rep.Field("grid_year", "value is required with grid_gco2e_per_kwh (the year the intensity describes)")
	case g == 0 && year != 0:
		rep.Field("grid_year", "given without grid_gco2e_per_kwh")
	case year != 0:
		within(rep, "grid_year", float64(year), 1990, 2100)
	}
}

// LinkGridIntensity returns the grid intensity (g CO2e/kWh) for electric
// traction between nodes in countries a and b of g: the mean of the two
// countries' intensities for a cross-border link (the energy of a link
// across a border is drawn on both sides; the split is not known, so each
// side counts half), the one known value when only one end's country has
// an intensity, and 0 when neither has (or a node is in no country).
func LinkGridIntensity(g *Graph, a, b string) float64 {
	ga, gb := g.gridOf(a), g.gridOf(b)
	switch {
	case ga > 0 && gb > 0:
		return (ga + gb) / 2
	case ga > 0:
		return ga
	}
	return gb
}

func (g *Graph) gridOf(code string) float64 {
	if code == "" {
		return 0
	}
	if i, ok := g.countryIndex[code]; ok {
		return g.countries[i].GridGCO2ePerKWh
	}
	return 0
}

// corridor checks a corridor tag and adds it.
func (a *assembly) corridor(co Corridor, rep Reporter) {
	c := &counter{Reporter: rep}
	checkIDField(c, "tag", co.Tag, true)
	required(c, "name", co.Name)
	a.checkSources(c, co.Sources)
	if a.hasCorridor(co.Tag) {
		c.Field("tag", "duplicate tag %q", co.Tag)
	}
	if c.n > 0 {
		if !a.hasCorridor(co.Tag) && co.Tag != "" {
			a.refused["corridor:"+co.Tag] = true
		}
		return
	}
	a.g.corridors = append(a.g.corridors, co)
}

// admit adds v to table under key unless its record had problems; the key
// of a refused record is remembered, so that references to it are not
// reported again.
func admit[V any](a *assembly, c *counter, kind, key string, index map[string]int, table *[]V, v V) {
	if c.n > 0 {
		refuse(a, kind, key, index)
		return
	}
	index[key] = len(*table)
	*table = append(*table, v)
}

// sortTables puts sources and countries in id order, as Graph promises.
func (a *assembly) sortTables() {
	g := a.g
	sort.Slice(g.sources, func(i, j int) bool { return g.sources[i].ID < g.sources[j].ID })
	for i, s := range g.sources {
		g.sourceIndex[s.ID] = i
	}
	sort.Slice(g.countries, func(i, j int) bool { return g.countries[i].Code < g.countries[j].Code })
	for i, c := range g.countries {
		g.countryIndex[c.Code] = i
	}
}

// refuse remembers the id of a refused record, unless another record has it.
func refuse[V any](a *assembly, kind, id string, index map[string]V) {
	if _, taken := index[id]; !taken && id != "" {
		a.refused[kind+":"+id] = true
	}
}

// node checks r and adds it; it returns None when r has a problem.
func (a *assembly) node(r NodeRecord, rep Reporter) NodeID {
	c := &counter{Reporter: rep}
	kind := r.check(c, a.countryOptional)
	if r.Country != "" && IsISO3166(r.Country) {
		if _, ok := a.g.countryIndex[r.Country]; !ok && !a.refused["country:"+r.Country] {
			c.Field("country", "country %q is not in %s", r.Country, a.tables.countries)
		}
	}
	for _, code := range r.ControlledBy {
		if !IsISO3166(code) {
			continue
		}
		if _, ok := a.g.countryIndex[code]; !ok && !a.refused["country:"+code] {
			c.Field("controlled_by", "country %q is not in %s", code, a.tables.countries)
		}
	}
	a.checkSources(c, r.Sources)
	duplicate(c, r.ID, a.g.nodeIndex)
	if c.n > 0 {
		refuse(a, "node", r.ID, a.g.nodeIndex)
		return None
	}
	a.changing()
	id := NodeID(len(a.g.nodes))
	med, p90 := r.dwell()
	a.g.nodeIndex[r.ID] = id
	a.g.nodes = append(a.g.nodes, Node{ID: r.ID, Name: r.Name, Aliases: r.Aliases, Kind: kind, Country: r.Country,
		Lon: r.Lon, Lat: r.Lat, HandlingHours: r.HandlingHours, HandlingUSD: r.HandlingUSD, BorderPair: None,
		BorderMedianHours: med, BorderP90Hours: p90, CapacityTEUYear: r.CapacityTEUYear, ControlledBy: r.ControlledBy, Sources: r.Sources})
	if kind == Border {
		a.pairs = append(a.pairs, pendingPair{id, r.BorderPair})
	}
	return id
}

// link checks r and adds its links; it returns the first link, or None
// when r has a problem.
func (a *assembly) link(r LinkRecord, rep Reporter) LinkID {
	c := &counter{Reporter: rep}
	from, fromOK := a.nodeRef(c, "from", r.From)
	to, toOK := a.nodeRef(c, "to", r.To)
	if fromOK && toOK && from == to {
		c.Field("to", "a link cannot start and end at the same node (%s)", r.From)
	}
	for _, n := range []NodeID{from, to} {
		if n != None {
			a.mentioned[n] = true // not isolated, even when this record is refused
		}
	}
	v := r.check(c)
	for _, tag := range r.Corridors {
		if !a.hasCorridor(tag) && !a.refused["corridor:"+tag] {
			c.Field("corridors", "unknown corridor tag %q (not in %s)", tag, a.tables.corridors)
		}
	}
	a.checkSources(c, r.Sources)
	duplicate(c, r.ID, a.g.linkIndex)
	if c.n > 0 || !fromOK || !toOK {
		refuse(a, "link", r.ID, a.g.linkIndex)
		return None
	}
	return a.addLinkRow(Link{ID: r.ID, From: from, To: to, Mode: v.mode, Gauge: v.gauge, DistanceKm: r.DistanceKm,
		Hours: v.hours, SpeedKmh: v.speed, TariffFixedUSD: r.TariffFixedUSD, TariffUSDPerKm: r.TariffUSDPerKm,
		Energy: v.energy, CapacityTEUYear: r.CapacityTEUYear, Corridors: r.Corridors, Sources: r.Sources,
		GridGCO2ePerKWh: LinkGridIntensity(a.g, a.g.nodes[from].Country, a.g.nodes[to].Country)}, v.both)
}

// addLinkRow appends link k and, when both is set, its reverse (id
// k.ID+"~r", ends swapped); the two are each other's Twin. It returns k's id.
// This is the one place where reverse links are made.
func (a *assembly) addLinkRow(k Link, both bool) LinkID {
	a.changing()
	id := LinkID(len(a.g.links))
	k.Twin, k.Reverse = None, false
	if both {
		k.Twin = id + 1
	}
	a.g.links = append(a.g.links, k)
	a.g.linkIndex[k.ID] = id
	if both {
		rev := k
		rev.ID = k.ID + "~r"
		rev.From, rev.To = k.To, k.From
		rev.Twin, rev.Reverse = id, true
		a.g.links = append(a.g.links, rev)
		a.g.linkIndex[rev.ID] = id + 1
	}
	return id
}

// service checks r and adds it; it returns None when r has a problem.
func (a *assembly) service(r ServiceRecord, rep Reporter) ServiceID {
	c := &counter{Reporter: rep}
	v := r.check(c)
	lid := LinkID(None)
	if required(c, "link", r.Link) {
		l, ok := a.g.linkIndex[r.Link]
		switch {
		case !ok && a.refused["link:"+r.Link]:
			c.n++ // reported with the link
		case !ok || a.g.links[l].Reverse:
			c.Field("link", "unknown link %q (not in %s)", r.Link, a.tables.links)
		default:
			lid = l
		}
	}
	a.checkSources(c, r.Sources)
	duplicate(c, r.ID, a.g.serviceIndex)
	if c.n > 0 {
		return None
	}
	a.changing()
	s := Service{ID: r.ID, Name: r.Name, Operator: r.Operator, Links: []LinkID{lid}, Days: v.days,
		DepartureMinute: v.departure, PerWeek: v.perWeek, CapacityTEU: r.CapacityTEU, Reefer: r.Reefer, DG: r.DG,
		Sources: r.Sources}
	if tw := a.g.links[lid].Twin; tw != None {
		s.Links = append(s.Links, tw)
	}
	id := ServiceID(len(a.g.services))
	a.g.serviceIndex[r.ID] = id
	a.g.services = append(a.g.services, s)
	return id
}

// finish resolves the border pairs of the nodes added and runs the
// graph-wide check (CheckGraph). at places the problems of a node; it may
// return nil for nodes whose problems are not to be reported.
func (a *assembly) finish(at func(NodeID) Reporter) {
	for _, p := range a.pairs {
		rep := at(p.node)
		if rep == nil {
			continue
		}
		other, ok := a.g.nodeIndex[p.pair]
		n := &a.g.nodes[p.node]
		switch {
		case !ok && a.refused["node:"+p.pair]:
		case !ok:
			rep.Field("border_pair", "unknown node %q", p.pair)
		case other == p.node:
			rep.Field("border_pair", "a border node cannot be its own pair")
		case a.g.nodes[other].Kind != Border:
			rep.Field("border_pair", "%q is a %s node, not a border node", p.pair, a.g.nodes[other].Kind)
		case a.g.nodes[other].Country == n.Country:
			rep.Field("border_pair", "%q is in the same country (%s); a border pair joins two countries", p.pair, n.Country)
		default:
			a.changing()
			a.g.nodes[p.node].BorderPair = other
		}
	}
	a.pairs = nil
	checkGraph(a.g, at, a.mentioned)
}

// CheckGraph runs the checks that need the whole network: every node has a
// link, border pairs name each other and are joined by a link. at places
// the problems found at a node (the field is "id" or "border_pair"); it
// may return nil for nodes not to be reported on (a scenario reports on the
// nodes it adds). The CSV loader, the Builder and scenarios all run it.
func CheckGraph(g *Graph, at func(NodeID) Reporter) { checkGraph(g, at, nil) }

func checkGraph(g *Graph, at func(NodeID) Reporter, mentioned map[NodeID]bool) {
	touched := make([]bool, len(g.nodes))
	for n := range mentioned {
		touched[n] = true
	}
	joined := map[[2]NodeID]bool{}
	for i := range g.links {
		k := &g.links[i]
		if k.From == None || k.To == None {
			continue
		}
		touched[k.From], touched[k.To] = true, true
		joined[[2]NodeID{min(k.From, k.To), max(k.From, k.To)}] = true
	}
	for i := range g.nodes {
		n := &g.nodes[i]
		id := NodeID(i)
		rep := at(id)
		if rep == nil {
			continue
		}
		if !touched[i] {
			rep.Field("id", "node %s has no links (every node must be reachable)", n.ID)
		}
		p := n.BorderPair
		if p == None {
			continue
		}
		back := g.nodes[p].BorderPair
		if back != None && back != id {
			rep.Field("border_pair", "%s names %s as its pair, but %s names %s", n.ID, g.nodes[p].ID, g.nodes[p].ID, g.nodes[back].ID)
		}
		if back == id && p < id && at(p) != nil {
			continue // the pair is checked from its other side
		}
		if !joined[[2]NodeID{min(id, p), max(id, p)}] {
			rep.Field("border_pair", "border pair %s–%s is unreachable: no link joins the two sides", n.ID, g.nodes[p].ID)
		}
	}
}

// formatClock writes minutes after midnight as HH:MM.
func formatClock(minute int) string {
	return fmt.Sprintf("%02d:%02d", minute/60, minute%60)
}
