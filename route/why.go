package route

import (
	"cmp"
	"slices"
	"strconv"

	"corridor/internal/textfmt"
)

// Why says why an itinerary is in an answer: the criteria it is best or
// second best on among the itineraries returned, and how it trades off
// against its nearest competitors.
type Why struct {
	// Best and SecondBest name criteria: time, cost, co2e, generalised.
	// Ranks are dense: itineraries tied on a value share its rank, and
	// the next value down is second best.
	Best       []string `json:"best"`
	SecondBest []string `json:"second_best"`
	// Versus compares it with its nearest competitors in time: the next
	// faster and the next slower itinerary of the answer (fewer at the ends).
	Versus []Versus `json:"versus"`
	// Text is the line for people, e.g. "fastest, second cheapest; 3 d 2 h
	// faster than #3, 540 USD dearer, 120 kg CO2e more".
	Text string `json:"text"`
}

// Versus is an itinerary against another of the same answer.
type Versus struct {
	Itinerary int `json:"itinerary"` // the other's number in the answer, from 1
	// Hours, CostUSD and CO2eKg are this itinerary's figure minus the
	// other's: negative means faster, cheaper, greener.
	Hours   float64 `json:"hours"`
	CostUSD float64 `json:"cost_usd"`
	CO2eKg  float64 `json:"co2e_kg"`
	Text    string  `json:"text"` // e.g. "3 d 2 h faster than #3, 540 USD dearer, 120 kg CO2e more"
}

// criterion is one of the figures an itinerary is judged on.
type criterion struct {
	name, best, second string
	value              func(*Total) float64
}

var criteria = [...]criterion{
	{"time", "fastest", "second fastest", func(t *Total) float64 { return t.Hours }},
	{"cost", "cheapest", "second cheapest", func(t *Total) float64 { return t.CostUSD }},
	{"co2e", "lowest CO2e", "second lowest CO2e", func(t *Total) float64 { return t.CO2eKg }},
	{"generalised", "lowest generalised cost", "second lowest generalised cost", func(t *Total) float64 { return t.GeneralisedUSD }},
}

// explain sets Why on each itinerary of an answer (its itineraries in the
// order they are returned, numbered from 1). It runs once per answer, after
// the itineraries are built, and allocates a fixed number of slices per
// answer: the texts are written into one buffer and cut from one string.
func explain(its []Itinerary) {
	n := len(its)
	if n == 0 {
		return
	}
	// order: indexes by hours, ties by position, for the time neighbours;
	// pos: each itinerary's place in order.
	order := make([]int, 2*n)
	order, pos := order[:n], order[n:]
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(its[a].Total.Hours, its[b].Total.Hours) })
	for p, i := range order {
		pos[i] = p
	}
	// ranks[c*n+i] is the dense rank of its[i] on criteria[c]: one more
	// than the number of distinct values below its own.
	ranks := make([]int, len(criteria)*n)
	vals := make([]float64, n)
	for c, cr := range criteria {
		for i := range its {
			vals[i] = cr.value(&its[i].Total)
		}
		slices.Sort(vals)
		distinct := slices.Compact(vals)
		for i := range its {
			r, _ := slices.BinarySearch(distinct, cr.value(&its[i].Total))
			ranks[c*n+i] = r + 1
		}
		vals = vals[:n]
	}
	whys := make([]Why, n)
	names := make([]string, len(criteria)*n)
	versus := make([]Versus, 0, 2*n)
	offs := make([]int, 0, 6*n) // [start, end) of each why's text, then of each of its comparisons
	text := make([]byte, 0, 200*n)
	for i := range its {
		w := &whys[i]
		nm := names[len(criteria)*i : len(criteria)*(i+1)]
		nb, ns := 0, 0
		for c := range criteria {
			if ranks[c*n+i] == 1 {
				nm[nb] = criteria[c].name
				nb++
			}
		}
		start := len(text)
		for c, cr := range criteria {
			switch ranks[c*n+i] {
			case 1:
				text = appendSep(text, start, ", ")
				text = append(text, cr.best...)
			case 2:
				nm[nb+ns] = cr.name
				ns++
				text = appendSep(text, start, ", ")
				text = append(text, cr.second...)
			}
		}
		w.Best, w.SecondBest = nm[:nb:nb], nm[nb:nb+ns:nb+ns]
		offs = append(offs, start)
		first := len(versus)
		for _, p := range [2]int{pos[i] - 1, pos[i] + 1} {
			if p < 0 || p >= n {
				continue
			}
			j := order[p]
			a, b := &its[i].Total, &its[j].Total
			v := Versus{Itinerary: j + 1, Hours: round(a.Hours-b.Hours, 2), CostUSD: round(a.CostUSD-b.CostUSD, 2), CO2eKg: round(a.CO2eKg-b.CO2eKg, 2)}
			text = appendSep(text, start, "; ")
			offs = append(offs, len(text))
			text = appendVersus(text, &v)
			offs = append(offs, len(text))
			versus = append(versus, v)
		}
		offs = append(offs, len(text))
		w.Versus = versus[first:len(versus):len(versus)]
	}
	all := string(text)
	k := 0
	for i := range whys {
		w := &whys[i]
		start := offs[k]
		k++
		for j := range w.Versus {
			w.Versus[j].Text = all[offs[k]:offs[k+1]]
			k += 2
		}
		w.Text = all[start:offs[k]]
		k++
		its[i].Why = w
	}
}

// appendSep appends sep to dst unless nothing follows start yet.
func appendSep(dst []byte, start int, sep string) []byte {
	if len(dst) > start {
		dst = append(dst, sep...)
	}
	return dst
}

// appendVersus appends v's text: "3 d 2 h faster than #3, 540 USD dearer,
// 120 kg CO2e more"; differences under 0.05 h, or of 0.5 USD or kg or less,
// are left out (as are those that round to 0), and "same time, cost and CO2e as #3"
// when all are.
func appendVersus(dst []byte, v *Versus) []byte {
	wrote := false
	sep := func() {
		if wrote {
			dst = append(dst, ", "...)
		}
	}
	thanN := func() {
		if !wrote {
			dst = append(dst, " than #"...)
			dst = strconv.AppendInt(dst, int64(v.Itinerary), 10)
		}
		wrote = true
	}
	if h := v.Hours; abs(h) >= 0.05 {
		dst = textfmt.AppendDuration(dst, abs(h))
		dst = append(dst, pick(h < 0, " faster", " slower")...)
		thanN()
	}
	if d := v.CostUSD; abs(d) > 0.5 {
		sep()
		dst = textfmt.AppendThousands(dst, abs(d))
		dst = append(dst, pick(d < 0, " USD cheaper", " USD dearer")...)
		thanN()
	}
	if d := v.CO2eKg; abs(d) > 0.5 {
		sep()
		dst = textfmt.AppendThousands(dst, abs(d))
		dst = append(dst, pick(d < 0, " kg CO2e less", " kg CO2e more")...)
		thanN()
	}
	if !wrote {
		dst = append(dst, "same time, cost and CO2e as #"...)
		dst = strconv.AppendInt(dst, int64(v.Itinerary), 10)
	}
	return dst
}

func pick(cond bool, yes, no string) string {
	if cond {
		return yes
	}
	return no
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
