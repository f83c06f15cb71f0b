package route

import (
	"encoding/json"
	"math"
	"strconv"
	"time"
	"unicode/utf8"
)

// AppendItinerariesJSON appends its as encoding/json encodes them (HTML
// escaping on, as json.Marshal and json.Encoder by default), byte for byte,
// without reflection: the route answer spends most of its encoding time in
// its itineraries. ok is false when a number is not finite, which
// encoding/json refuses: encode with it then to get its error.
// TestItinerariesJSON compares the two on the bundled network; a field
// added to an itinerary's types must be added here too (the test counts
// the fields).
func AppendItinerariesJSON(b []byte, its []Itinerary) (out []byte, ok bool) {
	e := jsonEnc{b: b, ok: true}
	if its == nil {
		e.null()
		return e.b, true
	}
	e.b = append(e.b, '[')
	for i := range its {
		if i > 0 {
			e.b = append(e.b, ',')
		}
		e.itinerary(&its[i])
	}
	e.b = append(e.b, ']')
	return e.b, e.ok
}

// jsonEnc appends JSON to b; ok turns false at a non-finite number.
type jsonEnc struct {
	b  []byte
	ok bool
}

func (e *jsonEnc) null() { e.b = append(e.b, "null"...) }

// key appends `"name":` after a comma unless first.
func (e *jsonEnc) key(name string, first bool) {
	if !first {
		e.b = append(e.b, ',')
	}
	e.b = append(e.b, '"')
	e.b = append(e.b, name...)
	e.b = append(e.b, '"', ':')
}

// str appends s as encoding/json does with HTML escaping: plain text as
// it is, anything it would escape (control characters, quotes, backslashes,
// <, >, &, invalid UTF-8, U+2028 and U+2029) through encoding/json itself.
func (e *jsonEnc) str(s string) {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if !jsonPlain[c] {
				e.marshalStr(s)
				return
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError || r == '\u2028' || r == '\u2029' {
			e.marshalStr(s)
			return
		}
		i += size
	}
	e.b = append(e.b, '"')
	e.b = append(e.b, s...)
	e.b = append(e.b, '"')
}

// jsonPlain marks the ASCII bytes encoding/json writes as they are (with
// HTML escaping).
var jsonPlain = func() (t [utf8.RuneSelf]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return t
}()

// marshalStr appends s through encoding/json.
func (e *jsonEnc) marshalStr(s string) {
	q, _ := json.Marshal(s)
	e.b = append(e.b, q...)
}

func (e *jsonEnc) strs(ss []string) { array(e, ss, func(s *string) { e.str(*s) }) }

// array appends s, each element written by elem, or null for a nil s.
func array[T any](e *jsonEnc, s []T, elem func(*T)) {
	if s == nil {
		e.null()
		return
	}
	e.b = append(e.b, '[')
	for i := range s {
		if i > 0 {
			e.b = append(e.b, ',')
		}
		elem(&s[i])
	}
	e.b = append(e.b, ']')
}

// num appends f as encoding/json does (ES6 number formatting).
func (e *jsonEnc) num(f float64) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		e.ok = false
		e.b = append(e.b, '0')
		return
	}
	if e.decimal(f) {
		return
	}
	abs, format := math.Abs(f), byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	e.b = strconv.AppendFloat(e.b, f, format, -1, 64)
	if format == 'e' { // e-09 → e-9
		if n := len(e.b); n >= 4 && e.b[n-4] == 'e' && e.b[n-3] == '-' && e.b[n-2] == '0' {
			e.b[n-2] = e.b[n-1]
			e.b = e.b[:n-1]
		}
	}
}

// decimal appends f, when it is a decimal of at most three places below
// 1e15 in magnitude, as strconv's shortest 'f' formatting does, and
// reports whether it did. Itineraries round their figures to one or two
// places (see roundItinerary), which makes them such decimals, and this
// is cheaper than the shortest digits search. f is the double nearest
// n/10^k when n/10^k == f, division being correctly rounded; every other
// decimal of at most k places lies at least 10^-k away while doubles below
// 1e15/10^k are less than 10^-k/4 apart, so no shorter decimal rounds to
// f and the digits of n, k of them after the point, are the shortest.
// Zero (and -0) is left to strconv.
func (e *jsonEnc) decimal(f float64) bool {
	abs := math.Abs(f)
	if !(abs > 0 && abs < 1e15) {
		return false
	}
	for k, p := range pow10 {
		x := abs*p + 0.5
		if x >= 1e15 {
			return false
		}
		u := uint64(x) // the nearest integer to abs·p, or next to it at a tie
		if float64(u)/p != abs {
			continue
		}
		if f < 0 {
			e.b = append(e.b, '-')
		}
		var buf [24]byte
		i := len(buf)
		for j := 0; j < k; j++ {
			i--
			buf[i] = byte('0' + u%10)
			u /= 10
		}
		if k > 0 {
			i--
			buf[i] = '.'
		}
		for {
			i--
			buf[i] = byte('0' + u%10)
			u /= 10
			if u == 0 {
				break
			}
		}
		e.b = append(e.b, buf[i:]...)
		return true
	}
	return false
}

func (e *jsonEnc) numPtr(f *float64) {
	if f == nil {
		e.null()
		return
	}
	e.num(*f)
}

func (e *jsonEnc) int(i int) { e.b = strconv.AppendInt(e.b, int64(i), 10) }

func (e *jsonEnc) bool(v bool) { e.b = strconv.AppendBool(e.b, v) }

// time appends t as time.Time.MarshalJSON does (RFC 3339 with nanoseconds).
func (e *jsonEnc) time(t time.Time) {
	if y := t.Year(); y < 0 || y > 9999 {
		e.ok = false // MarshalJSON's error
		return
	}
	e.b = append(e.b, '"')
	e.b = t.AppendFormat(e.b, time.RFC3339Nano)
	e.b = append(e.b, '"')
}

// The F methods append a field after others: a comma, its key, its value.

func (e *jsonEnc) strF(name string, v string) {
	e.key(name, false)
	e.str(v)
}

func (e *jsonEnc) numF(name string, v float64) {
	e.key(name, false)
	e.num(v)
}

func (e *jsonEnc) intF(name string, v int) {
	e.key(name, false)
	e.int(v)
}

func (e *jsonEnc) boolF(name string, v bool) {
	e.key(name, false)
	e.bool(v)
}

func (e *jsonEnc) numPtrF(name string, v *float64) {
	e.key(name, false)
	e.numPtr(v)
}

func (e *jsonEnc) strsF(name string, v []string) {
	e.key(name, false)
	e.strs(v)
}

func (e *jsonEnc) timeF(name string, v time.Time) {
	e.key(name, false)
	e.time(v)
}

func (e *jsonEnc) nodeRef(n *NodeRef) {
	e.b = append(e.b, '{')
	e.key("id", true)
	e.str(n.ID)
	e.strF("name", n.Name)
	e.b = append(e.b, '}')
}

func (e *jsonEnc) itinerary(it *Itinerary) {
	e.b = append(e.b, '{')
	e.key("corridor", true)
	e.str(it.Corridor)
	e.strF("summary", it.Summary)
	e.timeF("departure", it.Departure)
	e.timeF("arrival", it.Arrival)
	e.key("total", false)
	e.total(&it.Total)
	e.strsF("countries", it.Countries)
	e.key("legs", false)
	array(e, it.Legs, e.leg)
	e.key("borders", false)
	array(e, it.Borders, e.crossing)
	if it.Why != nil {
		e.key("why", false)
		e.why(it.Why)
	}
	if it.Rates != nil {
		e.key("rates", false)
		e.rates(it.Rates)
	}
	if len(it.Dated) > 0 {
		e.key("dated_params", false)
		array(e, it.Dated, e.dated)
	}
	e.b = append(e.b, '}')
}

func (e *jsonEnc) dated(d *DatedParam) {
	e.b = append(e.b, '{')
	e.key("id", true)
	e.str(d.ID)
	e.strF("kind", d.Kind)
	if d.From != "" {
		e.strF("from", d.From)
	}
	if d.To != "" {
		e.strF("to", d.To)
	}
	e.numF("value", d.Value)
	e.b = append(e.b, '}')
}

func (e *jsonEnc) total(t *Total) {
	e.b = append(e.b, '{')
	e.key("hours", true)
	e.num(t.Hours)
	e.numF("days", t.Days)
	e.numPtrF("cost_usd", t.Cost)
	e.numF("co2e_kg", t.CO2eKg)
	e.numF("co2e_ttw_kg", t.CO2eTTWKg)
	e.numF("co2e_wtt_kg", t.CO2eWTTKg)
	e.numF("distance_km", t.DistanceKm)
	e.intF("border_crossings", t.BorderCrossings)
	e.intF("transshipments", t.Transshipments)
	e.intF("gauge_changes", t.GaugeChanges)
	e.numF("wait_hours", t.WaitHours)
	e.numF("border_hours", t.BorderHours)
	e.numF("handling_hours", t.HandlingHours)
	e.numF("carbon_usd", t.CarbonUSD)
	e.numF("time_value_usd", t.TimeValueUSD)
	e.numPtrF("generalised_usd", t.Generalised)
	e.key("breakdown", false)
	array(e, t.Breakdown, func(c *CostLine) {
		e.b = append(e.b, '{')
		e.key("kind", true)
		e.str(c.Kind)
		if c.ID != "" {
			e.strF("id", c.ID)
		}
		e.strF("name", c.Name)
		e.numF("usd", c.USD)
		e.b = append(e.b, '}')
	})
	e.b = append(e.b, '}')
}

func (e *jsonEnc) leg(l *Leg) {
	e.b = append(e.b, '{')
	e.key("from", true)
	e.nodeRef(&l.From)
	e.key("to", false)
	e.nodeRef(&l.To)
	e.strF("mode", l.Mode)
	if l.GaugeMM != 0 {
		e.intF("gauge_mm", l.GaugeMM)
	}
	if l.Service != "" {
		e.strF("service", l.Service)
	}
	e.strF("wait_basis", l.WaitBasis.String())
	e.strsF("corridors", l.Corridors)
	if len(l.Via) > 0 {
		e.strsF("via", l.Via)
	}
	e.strsF("links", l.Links)
	e.numF("distance_km", l.DistanceKm)
	e.numF("hours", l.Hours)
	e.numF("wait_hours", l.WaitHours)
	e.numF("handling_hours", l.HandlingHours)
	e.numF("border_hours", l.BorderHours)
	e.numPtrF("cost_usd", l.Cost)
	e.numF("co2e_kg", l.CO2eKg)
	e.timeF("departure", l.Departure)
	e.timeF("arrival", l.Arrival)
	e.key("coordinates", false)
	array(e, l.Coordinates, func(c *[2]float64) {
		e.b = append(e.b, '[')
		e.num(c[0])
		e.b = append(e.b, ',')
		e.num(c[1])
		e.b = append(e.b, ']')
	})
	e.b = append(e.b, '}')
}

func (e *jsonEnc) crossing(c *Crossing) {
	e.b = append(e.b, '{')
	e.key("leg", true)
	e.int(c.Leg)
	e.key("at", false)
	e.nodeRef(&c.At)
	e.strF("from_country", c.FromCountry)
	e.strF("to_country", c.ToCountry)
	e.strF("mode", c.Mode)
	e.boolF("by_sea", c.BySea)
	e.numF("dwell_hours", c.DwellHours)
	e.b = append(e.b, '}')
}

func (e *jsonEnc) why(w *Why) {
	e.b = append(e.b, '{')
	e.key("best", true)
	e.strs(w.Best)
	e.strsF("second_best", w.SecondBest)
	e.key("versus", false)
	array(e, w.Versus, func(v *Versus) {
		e.b = append(e.b, '{')
		e.key("itinerary", true)
		e.int(v.Itinerary)
		e.numF("hours", v.Hours)
		e.numF("cost_usd", v.CostUSD)
		e.numF("co2e_kg", v.CO2eKg)
		e.strF("text", v.Text)
		e.b = append(e.b, '}')
	})
	e.strF("text", w.Text)
	e.b = append(e.b, '}')
}

func (e *jsonEnc) rates(r *Rates) {
	e.b = append(e.b, '{')
	e.key("month", true)
	e.str(r.Month)
	e.key("series", false)
	array(e, r.Series, func(s *RateUse) {
		e.b = append(e.b, '{')
		e.key("id", true)
		e.str(s.ID)
		e.strF("name", s.Name)
		e.strF("month", s.Month)
		e.numF("usd_per_feu", s.USD)
		e.strF("basis", s.Basis)
		e.numF("factor", s.Factor)
		e.b = append(e.b, '}')
	})
	e.b = append(e.b, '}')
}
