package scenario

import (
	"encoding/json"
	"fmt"
	"strings"

	"corridor/errcode"
	"corridor/network"
)

// Scenario is a named, described list of edits to a network.
type Scenario struct {
	Name        string   `json:"name"`
	Description string   `json:"description,omitempty"`
	Sources     []Source `json:"sources,omitempty"`
	Edits       []Edit   `json:"edits"`
}

// Source cites where a scenario's figures come from.
type Source struct {
	Title     string `json:"title"`
	Publisher string `json:"publisher,omitempty"`
	Year      int    `json:"year,omitempty"`
	URL       string `json:"url,omitempty"`
}

// The edit operations.
const (
	OpCloseNodes      = "close_nodes"      // nodes
	OpCloseLinks      = "close_links"      // links (a row id closes both directions; ID~r one)
	OpAvoidCountries  = "avoid_countries"  // countries
	OpAvoidGroups     = "avoid_groups"     // groups
	OpScaleCapacity   = "scale_capacity"   // factor; nodes or a link selector
	OpSetCapacity     = "set_capacity"     // value (TEU/year); nodes or a link selector
	OpSetDwell        = "set_dwell"        // nodes, median_hours, p90_hours
	OpScaleDwell      = "scale_dwell"      // nodes, factor
	OpScaleTariff     = "scale_tariff"     // factor; link selector
	OpSetTariff       = "set_tariff"       // fixed_usd and/or per_km_usd; link selector
	OpScaleSpeed      = "scale_speed"      // factor; link selector
	OpSetSpeed        = "set_speed"        // value (km/h); link selector
	OpAddNode         = "add_node"         // node
	OpAddLink         = "add_link"         // link
	OpAddService      = "add_service"      // service
	OpSetCarbonPrice  = "set_carbon_price" // value (USD per tonne CO2e)
	OpScaleFrequency  = "scale_frequency"  // factor; services or a link selector
	OpSetFrequency    = "set_frequency"    // value (departures per week); services or a link selector
	OpSetHandling     = "set_handling"     // nodes, hours and/or usd
	OpScaleHandling   = "scale_handling"   // nodes, factor
	OpSetServiceLimit = "set_service_capacity"
	OpScaleRate       = "scale_rate"      // series, factor, from and/or until (YYYY-MM)
	OpScaleSurcharge  = "scale_surcharge" // surcharges, factor, from (YYYY-MM-DD)
	OpAddSurcharge    = "add_surcharge"   // surcharge
)

// Ops lists every operation with the fields it takes, for messages and the schema.
var Ops = map[string]string{
	OpCloseNodes:      "nodes",
	OpCloseLinks:      "links",
	OpAvoidCountries:  "countries",
	OpAvoidGroups:     "groups",
	OpScaleCapacity:   "factor and nodes, or factor and a link selector (links, corridor, mode, country)",
	OpSetCapacity:     "value (TEU per year) and nodes, or value and a link selector",
	OpSetDwell:        "nodes, median_hours, p90_hours",
	OpScaleDwell:      "nodes, factor",
	OpScaleTariff:     "factor and a link selector",
	OpSetTariff:       "fixed_usd and/or per_km_usd, and a link selector",
	OpScaleSpeed:      "factor and a link selector",
	OpSetSpeed:        "value (km/h) and a link selector",
	OpAddNode:         "node",
	OpAddLink:         "link",
	OpAddService:      "service",
	OpSetCarbonPrice:  "value (USD per tonne CO2e)",
	OpScaleFrequency:  "factor and services, or factor and a link selector",
	OpSetFrequency:    "value (departures per week) and services, or value and a link selector",
	OpSetHandling:     "nodes, and hours and/or usd",
	OpScaleHandling:   "nodes, factor",
	OpSetServiceLimit: "value (TEU per departure) and services, or value and a link selector",
	OpScaleRate:       "series, factor, and from and/or until (months YYYY-MM, until exclusive)",
	OpScaleSurcharge:  "surcharges, factor, and optionally from (a day YYYY-MM-DD)",
	OpAddSurcharge:    "surcharge (the columns of surcharges.csv)",
}

// Edit is one change. Op says which; the other fields are its arguments
// (see Ops). A link selector is any of links, corridor, mode and country
// (a link matches when it matches every one given; country matches a link
// with either end in that country).
type Edit struct {
	Op   string `json:"op"`
	Note string `json:"note,omitempty"`

	Nodes     []string `json:"nodes,omitempty"`
	Links     []string `json:"links,omitempty"`
	Services  []string `json:"services,omitempty"`
	Corridor  string   `json:"corridor,omitempty"`
	Mode      string   `json:"mode,omitempty"`
	Country   string   `json:"country,omitempty"`
	Countries []string `json:"countries,omitempty"`
	Groups    []string `json:"groups,omitempty"`

	Factor      *float64 `json:"factor,omitempty"`
	Value       *float64 `json:"value,omitempty"`
	MedianHours *float64 `json:"median_hours,omitempty"`
	P90Hours    *float64 `json:"p90_hours,omitempty"`
	FixedUSD    *float64 `json:"fixed_usd,omitempty"`
	PerKmUSD    *float64 `json:"per_km_usd,omitempty"`
	Hours       *float64 `json:"hours,omitempty"`
	USD         *float64 `json:"usd,omitempty"`

	// Series, From and Until: scale_rate (months YYYY-MM; until exclusive);
	// Surcharges and From (a day YYYY-MM-DD): scale_surcharge.
	Series     string   `json:"series,omitempty"`
	From       string   `json:"from,omitempty"`
	Until      string   `json:"until,omitempty"`
	Surcharges []string `json:"surcharges,omitempty"`

	Node      *NodeSpec                `json:"node,omitempty"`
	Surcharge *network.SurchargeFields `json:"surcharge,omitempty"`
	Link      *LinkSpec                `json:"link,omitempty"`
	Service   *ServiceSpec             `json:"service,omitempty"`
}

// NodeSpec is a node to add (the columns of nodes.csv).
type NodeSpec struct {
	ID                string   `json:"id"`
	Name              string   `json:"name"`
	Aliases           []string `json:"aliases,omitempty"`
	Kind              string   `json:"kind"`
	Country           string   `json:"country"`
	Lon               float64  `json:"lon"`
	Lat               float64  `json:"lat"`
	HandlingHours     float64  `json:"handling_hours,omitempty"`
	HandlingUSD       float64  `json:"handling_usd,omitempty"`
	BorderPair        string   `json:"border_pair,omitempty"`
	BorderMedianHours float64  `json:"border_median_hours,omitempty"`
	BorderP90Hours    float64  `json:"border_p90_hours,omitempty"`
	CapacityTEUYear   float64  `json:"capacity_teu_year,omitempty"`
	ControlledBy      []string `json:"controlled_by,omitempty"` // chokepoints: the countries controlling it
}

// LinkSpec is a link to add (the columns of links.csv).
type LinkSpec struct {
	ID              string   `json:"id"`
	From            string   `json:"from"`
	To              string   `json:"to"`
	Mode            string   `json:"mode"`
	GaugeMM         int      `json:"gauge_mm,omitempty"`
	DistanceKm      float64  `json:"distance_km"`
	SpeedKmh        float64  `json:"speed_kmh,omitempty"`
	Hours           float64  `json:"hours,omitempty"`
	TariffFixedUSD  float64  `json:"tariff_fixed_usd,omitempty"`
	TariffUSDPerKm  float64  `json:"tariff_usd_per_km,omitempty"`
	Energy          string   `json:"energy"`
	CapacityTEUYear float64  `json:"capacity_teu_year,omitempty"`
	Corridors       []string `json:"corridors,omitempty"`
	Direction       string   `json:"direction,omitempty"` // both (default) or forward
}

// ServiceSpec is a service to add (the columns of services.csv).
type ServiceSpec struct {
	ID           string   `json:"id"`
	Name         string   `json:"name"`
	Operator     string   `json:"operator,omitempty"`
	Link         string   `json:"link"`
	Days         []string `json:"days,omitempty"`
	PerWeek      float64  `json:"per_week,omitempty"`
	DepartureUTC string   `json:"departure_utc,omitempty"`
	CapacityTEU  float64  `json:"capacity_teu,omitempty"`
	Reefer       *bool    `json:"reefer,omitempty"`
	DG           *bool    `json:"dg,omitempty"`
}

// Problem is one thing wrong with a scenario: which edit (-1 for the
// scenario itself), which field, and what was expected.
type Problem struct {
	Edit  int    `json:"edit"`
	Op    string `json:"op,omitempty"`
	Field string `json:"field"`
	Msg   string `json:"message"`
}

// Path names the field as edits[i].field, or the scenario's own field.
func (p Problem) Path() string {
	if p.Edit < 0 {
		return p.Field
	}
	return fmt.Sprintf("edits[%d].%s", p.Edit, p.Field)
}

// String formats the problem as "edits[1] (add_link): link.to: unknown place ...".
func (p Problem) String() string {
	if p.Edit < 0 {
		return p.Field + ": " + p.Msg
	}
	return fmt.Sprintf("edits[%d] (%s): %s: %s", p.Edit, p.Op, p.Field, p.Msg)
}

// Error is a scenario that cannot be applied: every problem found.
type Error struct {
	Scenario string
	Problems []Problem
}

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "scenario %q: %d problem", e.Scenario, len(e.Problems))
	if len(e.Problems) != 1 {
		b.WriteString("s")
	}
	for _, p := range e.Problems {
		b.WriteString("\n  ")
		b.WriteString(p.String())
	}
	return b.String()
}

// ErrorCode classifies the error: errcode.Invalid.
func (e *Error) ErrorCode() errcode.Code { return errcode.Invalid }

// ErrorDetails names every problem: its field (Problem.Path) and message.
func (e *Error) ErrorDetails() []errcode.Detail {
	out := make([]errcode.Detail, len(e.Problems))
	for i, p := range e.Problems {
		out[i] = errcode.Detail{Field: p.Path(), Reason: p.Msg}
	}
	return out
}

// MarshalIndent is the canonical JSON form of a scenario.
func (s *Scenario) MarshalIndent() ([]byte, error) { return json.MarshalIndent(s, "", "  ") }
