package route

import (
	"fmt"
	"math"
	"time"
	"unicode/utf8"

	"corridor/network"
)

// Request limits. Resolve checks them before it looks up any place, so the
// command line, the HTTP API and the queue worker share them; the API's
// OpenAPI document states the same numbers (maxItems, maxLength, minimum,
// maximum).
const (
	MaxVia         = 10              // places in via
	MaxListItems   = 50              // avoid_nodes, avoid_countries, avoid_groups, modes
	MaxRefLength   = 200             // characters in a place reference (id, name or lon,lat) or a code
	MaxContainers  = 10000           // feu or teu
	MaxValueUSD    = 1e12            // cargo.value_usd
	MaxTonnes      = 1e6             // cargo.tonnes (the payload per box limits it further)
	MaxCarbonPrice = 10000           // carbon_price, USD per tonne CO2e
	MaxTimeValue   = 10              // time_value_rate, a yearly rate
	MaxResults     = 1000            // max_results
	MaxTransfers   = 100             // max_transshipments
	MinYear        = network.MinYear // depart, first year
	MaxYear        = network.MaxYear // depart, last year
)

// checkLimits refuses a request beyond the limits above; it does no other
// work, so an oversized request costs nothing more than its decoding.
func (r *Request) checkLimits() error {
	long := func(field, s string) error {
		if len(s) > MaxRefLength && utf8.RuneCountInString(s) > MaxRefLength {
			return &InputError{field, fmt.Sprintf("at most %d characters, got %d", MaxRefLength, utf8.RuneCountInString(s))}
		}
		return nil
	}
	list := func(field string, l []string, max int) error {
		if len(l) > max {
			return &InputError{field, fmt.Sprintf("at most %d items, got %d", max, len(l))}
		}
		for _, s := range l {
			if err := long(field, s); err != nil {
				return err
			}
		}
		return nil
	}
	if err := long("from", r.From); err != nil {
		return err
	}
	if err := long("to", r.To); err != nil {
		return err
	}
	if err := long("depart", r.Depart); err != nil {
		return err
	}
	if err := long("objective", r.Objective); err != nil {
		return err
	}
	for _, l := range []struct {
		field string
		l     []string
		max   int
	}{{"via", r.Via, MaxVia}, {"avoid_nodes", r.AvoidNodes, MaxListItems}, {"avoid_countries", r.AvoidCountries, MaxListItems},
		{"avoid_groups", r.AvoidGroups, MaxListItems}, {"modes", r.Modes, MaxListItems}} {
		if err := list(l.field, l.l, l.max); err != nil {
			return err
		}
	}
	if len(r.SegmentModes) > MaxVia+1 {
		return &InputError{"segment_modes", fmt.Sprintf("at most %d lists, got %d", MaxVia+1, len(r.SegmentModes))}
	}
	for _, ms := range r.SegmentModes {
		if err := list("segment_modes", ms, MaxListItems); err != nil {
			return err
		}
	}
	between := func(field string, v, lo, hi float64) error {
		if math.IsNaN(v) || v < lo || v > hi {
			return &InputError{field, fmt.Sprintf("must be between %g and %g, got %g", lo, hi, v)}
		}
		return nil
	}
	if c := r.Cargo; c != nil {
		if err := long("cargo.box", c.Box); err != nil {
			return err
		}
		if n := deref(c.FEU); n > MaxContainers {
			return &InputError{"cargo.feu", fmt.Sprintf("must be at most %d, got %d", MaxContainers, n)}
		}
		if n := deref(c.TEU); n > MaxContainers {
			return &InputError{"cargo.teu", fmt.Sprintf("must be at most %d, got %d", MaxContainers, n)}
		}
		if c.Tonnes != nil {
			if err := between("cargo.tonnes", *c.Tonnes, 0, MaxTonnes); err != nil {
				return err
			}
		}
		if c.ValueUSD != nil {
			if err := between("cargo.value_usd", *c.ValueUSD, 0, MaxValueUSD); err != nil {
				return err
			}
		}
	}
	if err := between("carbon_price", r.CarbonPrice, 0, MaxCarbonPrice); err != nil {
		return err
	}
	if err := between("time_value_rate", r.TimeValueRate, 0, MaxTimeValue); err != nil {
		return err
	}
	if r.MaxResults < 0 || r.MaxResults > MaxResults {
		return &InputError{"max_results", fmt.Sprintf("must be between 0 and %d, got %d", MaxResults, r.MaxResults)}
	}
	if m := r.MaxTransshipments; m != nil && (*m < 0 || *m > MaxTransfers) {
		return &InputError{"max_transshipments", fmt.Sprintf("must be between 0 and %d, got %d", MaxTransfers, *m)}
	}
	return nil
}

// checkDepart refuses a departure outside MinYear..MaxYear.
func checkDepart(t time.Time) error {
	if y := t.Year(); y < MinYear || y > MaxYear {
		return &InputError{"depart", fmt.Sprintf("must be in the years %d to %d, got %d", MinYear, MaxYear, y)}
	}
	return nil
}
