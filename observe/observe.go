package observe

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"slices"
	"strconv"
	"strings"

	"corridor/network"
)

// File is the observations file of a network folder.
const File = "observations.csv"

// Kind is what an observation measures.
type Kind string

// The kinds.
const (
	TransitDays Kind = "transit_days"
	// VoyageDays is a scheduled voyage's port-to-port time: the trip's
	// time without the waits for departures (a published sailing time).
	VoyageDays Kind = "voyage_days"
	// TransitSpread is a published spread of transit times for one trip
	// ("between 18 and 35 days"): low and high are compared with the
	// simulated P10 and P90 of the corridor's fastest itinerary.
	TransitSpread Kind = "transit_spread_days"
	CostPerFEU    Kind = "cost_usd_per_feu"
	CostPerTEU    Kind = "cost_usd_per_teu"
	CO2ePerTEU    Kind = "co2e_kg_per_teu"
	DistanceKm    Kind = "distance_km"
	CrossingHours Kind = "crossing_hours"
	DwellHours    Kind = "dwell_hours"
	VolumeTEUYear Kind = "volume_teu_year"
)

// Kinds lists every kind, in output order.
var Kinds = []Kind{TransitDays, VoyageDays, TransitSpread, CostPerFEU, CostPerTEU, CO2ePerTEU, DistanceKm, CrossingHours, DwellHours, VolumeTEUYear}

// Observation is one published figure: what it measures, its value or
// range, when and where from.
type Observation struct {
	ID       string         `json:"id"`
	Kind     Kind           `json:"kind"`
	From     string         `json:"from"`
	To       string         `json:"to,omitempty"`
	Corridor string         `json:"corridor,omitempty"`
	Via      []string       `json:"via,omitempty"`
	Modes    []network.Mode `json:"-"`
	// SegmentModes are modes given segment by segment (the modes column
	// with "/" between segments: route.Query.SegmentModes); nil when the
	// column gives one set for the whole trip (Modes).
	SegmentModes [][]network.Mode `json:"-"`
	Month        network.Month    `json:"month"`
	Low          float64          `json:"low"`
	High         float64          `json:"high"`
	Sources      []string         `json:"source"`
	Note         string           `json:"note,omitempty"`
	Line         int              `json:"-"` // in observations.csv
}

var columns = []string{"id", "kind", "from", "to", "corridor", "via", "modes", "month", "low", "high", "source", "note"}

// Load reads the observations of the network folder fsys, checked against
// g: every problem is reported with its line and column in a
// *network.ValidationError. A folder without the file has none.
func Load(fsys fs.FS, name string, g *network.Graph) ([]Observation, error) {
	f, err := fsys.Open(File)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", File, err)
	}
	defer f.Close()
	return Read(f, name, g)
}

// Read parses observations from r (the format of observations.csv).
func Read(r io.Reader, name string, g *network.Graph) ([]Observation, error) {
	var ps []network.Problem
	bad := func(line int, col, format string, args ...any) {
		ps = append(ps, network.Problem{File: File, Line: line, Column: col, Msg: fmt.Sprintf(format, args...)})
	}
	cr := csv.NewReader(r)
	cr.Comment = '#'
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, &network.ValidationError{Dir: name, Problems: []network.Problem{{File: File, Line: 1, Msg: fmt.Sprintf("expected a header row: %v", err)}}}
	}
	idx := map[string]int{}
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		if !slices.Contains(columns, h) {
			bad(1, h, "unknown column (expected columns: %s)", strings.Join(columns, ", "))
			continue
		}
		idx[h] = i
	}
	for _, c := range columns {
		if _, ok := idx[c]; !ok && c != "note" && c != "via" && c != "modes" && c != "corridor" && c != "to" {
			bad(1, c, "required column is missing from the header")
		}
	}
	if len(ps) > 0 {
		return nil, &network.ValidationError{Dir: name, Problems: ps}
	}
	var out []Observation
	seen := map[string]bool{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line, err = pe.StartLine, pe.Err
			}
			bad(line, "", "CSV syntax: %v", err)
			break
		}
		line, _ := cr.FieldPos(0)
		if len(rec) != len(header) {
			bad(line, "", "row has %d fields, the header has %d", len(rec), len(header))
			continue
		}
		get := func(c string) string {
			if i, ok := idx[c]; ok {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		o := Observation{ID: get("id"), Kind: Kind(get("kind")), From: get("from"), To: get("to"), Corridor: get("corridor"), Note: get("note"), Line: line}
		switch {
		case o.ID == "":
			bad(line, "id", "value is required")
		case seen[o.ID]:
			bad(line, "id", "observation %q appears twice", o.ID)
		}
		seen[o.ID] = true
		if !slices.Contains(Kinds, o.Kind) {
			bad(line, "kind", "expected one of %s, got %q", kindList(), o.Kind)
		}
		node := func(col, id string, required bool) {
			if id == "" {
				if required {
					bad(line, col, "value is required (a node id)")
				}
				return
			}
			if _, ok := g.NodeByID(id); !ok {
				bad(line, col, "unknown node %q", id)
			}
		}
		node("from", o.From, true)
		pair := o.Kind != CrossingHours && o.Kind != DwellHours && o.Kind != VolumeTEUYear // a volume may be a node's throughput
		node("to", o.To, pair)
		if o.Corridor != "" && !g.HasCorridor(o.Corridor) {
			bad(line, "corridor", "unknown corridor tag %q", o.Corridor)
		}
		for _, v := range splitList(get("via")) {
			node("via", v, true)
			o.Via = append(o.Via, v)
		}
		parseModes := func(list string) []network.Mode {
			var ms []network.Mode
			for _, m := range splitList(list) {
				mode, err := network.ParseMode(m)
				if err != nil {
					bad(line, "modes", "%v", err)
					continue
				}
				ms = append(ms, mode)
			}
			return ms
		}
		if modes := get("modes"); strings.Contains(modes, "/") {
			segs := strings.Split(modes, "/")
			if len(segs) != len(o.Via)+1 {
				bad(line, "modes", "%d segments of modes (split by \"/\") for a trip of %d (one more than the %d via nodes)", len(segs), len(o.Via)+1, len(o.Via))
			}
			for _, seg := range segs {
				o.SegmentModes = append(o.SegmentModes, parseModes(seg))
			}
		} else {
			o.Modes = parseModes(modes)
		}
		if o.Month, err = network.ParseMonth(get("month")); err != nil {
			bad(line, "month", "%v", err)
		}
		num := func(col string) float64 {
			x, err := strconv.ParseFloat(get(col), 64)
			if err != nil || math.IsNaN(x) || math.IsInf(x, 0) || x < 0 {
				bad(line, col, "expected a finite number ≥ 0, got %q", get(col))
				return 0
			}
			return x
		}
		o.Low, o.High = num("low"), num("high")
		if o.High < o.Low {
			bad(line, "high", "is below low (%g)", o.Low)
		} else if o.Kind == TransitSpread && !(o.High > o.Low) {
			bad(line, "high", "a spread needs high above low (%g)", o.Low)
		}
		o.Sources = splitList(get("source"))
		if len(o.Sources) == 0 {
			bad(line, "source", "every observation needs a source (an id from sources.csv)")
		}
		for _, s := range o.Sources {
			if _, ok := g.Source(s); !ok {
				bad(line, "source", "unknown source %q (not in sources.csv)", s)
			}
		}
		out = append(out, o)
	}
	if len(ps) > 0 {
		return nil, &network.ValidationError{Dir: name, Problems: ps}
	}
	return out, nil
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ";") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func kindList() string {
	s := make([]string, len(Kinds))
	for i, k := range Kinds {
		s[i] = string(k)
	}
	return strings.Join(s, ", ")
}
