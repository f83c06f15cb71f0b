package scenario

import (
	"unicode/utf8"
)

// Scenario limits, checked by Apply (and so Validate) before any edit is
// applied; the API's OpenAPI document and the JSON Schema state them too.
const (
	MaxEdits       = 1000  // edits in a scenario
	MaxEditItems   = 1000  // nodes, links, services, countries or groups in one edit
	MaxRefLength   = 200   // characters in one reference (a place, link or service id)
	MaxProblems    = 100   // problems reported before Apply stops looking
	MaxNumber      = 1e9   // any number argument (factors, capacities, tariffs, speeds, hours)
	MaxCarbonPrice = 10000 // set_carbon_price value, USD per tonne CO2e (route.MaxCarbonPrice)
)

// checkLimits reports edits beyond the limits; it returns false when the
// scenario is too large to look at further.
func (a *applier) checkLimits() bool {
	s := a.s
	if len(s.Edits) > MaxEdits {
		a.bad(-1, "", "edits", "at most %d edits, got %d", MaxEdits, len(s.Edits))
		return false
	}
	ok := true
	for i := range s.Edits {
		ed := &s.Edits[i]
		for _, l := range []struct {
			field string
			refs  []string
		}{{"nodes", ed.Nodes}, {"links", ed.Links}, {"services", ed.Services}, {"countries", ed.Countries}, {"groups", ed.Groups}} {
			if len(l.refs) > MaxEditItems {
				a.bad(i, ed.Op, l.field, "at most %d items, got %d", MaxEditItems, len(l.refs))
				ok = false
				continue
			}
			for _, r := range l.refs {
				if len(r) > MaxRefLength && utf8.RuneCountInString(r) > MaxRefLength {
					a.bad(i, ed.Op, l.field, "a reference has at most %d characters, got %d", MaxRefLength, utf8.RuneCountInString(r))
					ok = false
					break
				}
			}
		}
	}
	return ok
}

// full says whether Apply has found enough problems to stop looking.
func (a *applier) full() bool { return len(a.problems) >= MaxProblems }
