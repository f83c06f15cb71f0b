package network

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"strconv"
	"strings"
)

// Stats summarises a network.
type Stats struct {
	Nodes    int `json:"nodes"`
	Links    int `json:"links"` // directed links
	Services int `json:"services"`
	// TimetabledServices counts services with fixed weekly departure days.
	TimetabledServices int `json:"timetabled_services"`
	// WithCapacity counts node and link rows (a two-way row once) that carry a published capacity.
	WithCapacity int      `json:"with_capacity"`
	Countries    []string `json:"countries"` // codes of countries with at least one node
	// NodesByCountry counts nodes per country code (international waters not counted).
	NodesByCountry map[string]int `json:"nodes_by_country"`
	// GroupNodes gives, for each country group, the node count of every
	// member (0 for a member without a node).
	GroupNodes      map[string]map[string]int `json:"group_nodes"`
	Modes           map[string]int            `json:"modes"`     // directed links per mode
	Corridors       map[string]int            `json:"corridors"` // directed links per corridor tag
	Kinds           map[string]int            `json:"kinds"`     // nodes per kind
	BorderCrossings int                       `json:"border_crossings"`
	Sources         int                       `json:"sources"`
	LengthKm        float64                   `json:"length_km"` // sum of the link rows' lengths (a two-way row once)
}

// Stats computes the network's summary.
func (g *Graph) Stats() Stats {
	s := Stats{
		Nodes:     len(g.nodes),
		Links:     len(g.links),
		Services:  len(g.services),
		Countries: g.UsedCountries(),
		Modes:     map[string]int{},
		Corridors: map[string]int{},
		Kinds:     map[string]int{},
		Sources:   len(g.sources),

		NodesByCountry: map[string]int{},
	}
	for i := range g.services {
		if g.services[i].Timetabled() {
			s.TimetabledServices++
		}
	}
	for _, c := range g.corridors {
		s.Corridors[c.Tag] = 0
	}
	for i := range g.links {
		k := &g.links[i]
		s.Modes[k.Mode.String()]++
		for _, c := range k.Corridors {
			s.Corridors[c]++
		}
		if !k.Reverse {
			s.LengthKm += k.DistanceKm
			if k.CapacityTEUYear > 0 {
				s.WithCapacity++
			}
		}
	}
	s.LengthKm = float64(int64(s.LengthKm + 0.5))
	for i := range g.nodes {
		n := &g.nodes[i]
		s.Kinds[n.Kind.String()]++
		if n.Country != "" {
			s.NodesByCountry[n.Country]++
		}
		if n.CapacityTEUYear > 0 {
			s.WithCapacity++
		}
		if n.BorderPair != None && (NodeID(i) < n.BorderPair || g.nodes[n.BorderPair].BorderPair != NodeID(i)) {
			s.BorderCrossings++
		}
	}
	s.GroupNodes = make(map[string]map[string]int, len(g.groups))
	for _, gr := range g.groups {
		members, _ := g.GroupMembers(gr.Code)
		m := make(map[string]int, len(members))
		for _, c := range members {
			m[c] = s.NodesByCountry[c]
		}
		s.GroupNodes[gr.Code] = m
	}
	return s
}

type geoFeature struct {
	Type       string         `json:"type"`
	Geometry   geoGeometry    `json:"geometry"`
	Properties map[string]any `json:"properties"`
}

type geoGeometry struct {
	Type        string `json:"type"`
	Coordinates any    `json:"coordinates"`
}

// WriteGeoJSON writes the network as a GeoJSON FeatureCollection (RFC 7946):
// a Point for every node and a LineString for every directed link, each
// with its attributes as properties.
func (g *Graph) WriteGeoJSON(w io.Writer) error {
	features := make([]geoFeature, 0, len(g.nodes)+len(g.links))
	for i := range g.nodes {
		n := &g.nodes[i]
		p := map[string]any{
			"feature": "node", "id": n.ID, "name": n.Name, "kind": n.Kind.String(),
			"country": n.Country, "handling_hours": n.HandlingHours, "handling_usd": n.HandlingUSD,
			"source": strings.Join(n.Sources, ";"),
		}
		if len(n.Aliases) > 0 {
			p["aliases"] = n.Aliases
		}
		if n.BorderPair != None {
			p["border_pair"] = g.nodes[n.BorderPair].ID
		}
		if n.BorderMedianHours > 0 || n.BorderP90Hours > 0 {
			p["border_median_hours"], p["border_p90_hours"] = n.BorderMedianHours, n.BorderP90Hours
		}
		if n.CapacityTEUYear > 0 {
			p["capacity_teu_year"] = n.CapacityTEUYear
		}
		if len(n.ControlledBy) > 0 {
			p["controlled_by"] = n.ControlledBy
		}
		features = append(features, geoFeature{"Feature", geoGeometry{"Point", [2]float64{n.Lon, n.Lat}}, p})
	}
	for i := range g.links {
		k := &g.links[i]
		a, b := &g.nodes[k.From], &g.nodes[k.To]
		p := map[string]any{
			"feature": "link", "id": k.ID, "from": a.ID, "to": b.ID, "mode": k.Mode.String(),
			"distance_km": k.DistanceKm, "hours": round3(k.Hours), "speed_kmh": round3(k.SpeedKmh),
			"tariff_fixed_usd": k.TariffFixedUSD, "tariff_usd_per_km": k.TariffUSDPerKm,
			"cost_usd_per_teu": round3(k.Cost()), "energy": k.Energy.String(),
			"corridors": nonNil(k.Corridors), "source": strings.Join(k.Sources, ";"),
		}
		if k.Gauge != 0 {
			p["gauge_mm"] = int(k.Gauge)
		}
		if k.CapacityTEUYear > 0 {
			p["capacity_teu_year"] = k.CapacityTEUYear
		}
		if svcs := g.ServicesOn(LinkID(i)); len(svcs) > 0 {
			names := make([]string, len(svcs))
			for j, s := range svcs {
				names[j] = g.services[s].ID
			}
			p["services"] = names
		}
		coords := [][2]float64{{a.Lon, a.Lat}, {b.Lon, b.Lat}}
		features = append(features, geoFeature{"Feature", geoGeometry{"LineString", coords}, p})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	return enc.Encode(struct {
		Type     string       `json:"type"`
		Features []geoFeature `json:"features"`
	}{"FeatureCollection", features})
}

// LinkTableHeader is the header of the flat links table written by WriteLinkTable.
var LinkTableHeader = []string{"id", "from", "from_name", "from_country", "to", "to_name", "to_country",
	"mode", "gauge_mm", "distance_km", "hours", "speed_kmh", "cost_usd_per_teu", "energy", "corridors", "services", "source"}

// WriteLinkTable writes every directed link as one CSV row with its end
// nodes' names and countries: a flat table for spreadsheets.
func (g *Graph) WriteLinkTable(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(LinkTableHeader); err != nil {
		return err
	}
	for i := range g.links {
		k := &g.links[i]
		a, b := &g.nodes[k.From], &g.nodes[k.To]
		gauge := ""
		if k.Gauge != 0 {
			gauge = strconv.Itoa(int(k.Gauge))
		}
		var svc []string
		for _, s := range g.ServicesOn(LinkID(i)) {
			svc = append(svc, g.services[s].ID)
		}
		rec := []string{k.ID, a.ID, a.Name, a.Country, b.ID, b.Name, b.Country, k.Mode.String(), gauge,
			ftoa(k.DistanceKm), ftoa(round3(k.Hours)), ftoa(round3(k.SpeedKmh)), ftoa(round3(k.Cost())),
			k.Energy.String(), strings.Join(k.Corridors, ";"), strings.Join(svc, ";"), strings.Join(k.Sources, ";")}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func ftoa(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

func round3(x float64) float64 { return float64(int64(x*1000+0.5)) / 1000 }

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
