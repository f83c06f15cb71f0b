package route

import (
	"sort"
	"strconv"
	"strings"

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
// order they are returned, numbered from 1). It runs once per answer on
// at most a few dozen itineraries, so it simply compares all pairs.
func explain(its []Itinerary) {
	if len(its) == 0 {
		return
	}
	// order: indexes by hours, ties by position, for the time neighbours.
	order := make([]int, len(its))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return its[order[a]].Total.Hours < its[order[b]].Total.Hours })
	pos := make([]int, len(its))
	for p, i := range order {
		pos[i] = p
	}
	whys := make([]Why, len(its))
	for i := range its {
		w := &whys[i]
		w.Best, w.SecondBest = []string{}, []string{}
		var words []string
		for _, c := range criteria {
			switch denseRank(its, i, c.value) {
			case 1:
				w.Best = append(w.Best, c.name)
				words = append(words, c.best)
			case 2:
				w.SecondBest = append(w.SecondBest, c.name)
				words = append(words, c.second)
			}
		}
		w.Versus = make([]Versus, 0, 2)
		for _, p := range [2]int{pos[i] - 1, pos[i] + 1} {
			if p >= 0 && p < len(order) {
				w.Versus = append(w.Versus, compare(&its[i].Total, &its[order[p]].Total, order[p]+1))
			}
		}
		parts := make([]string, 0, 3)
		if len(words) > 0 {
			parts = append(parts, strings.Join(words, ", "))
		}
		for _, c := range w.Versus {
			parts = append(parts, c.Text)
		}
		w.Text = strings.Join(parts, "; ")
		its[i].Why = w
	}
}

// denseRank is the rank of its[i] by value among its, from 1: one more
// than the number of distinct values below its own.
func denseRank(its []Itinerary, i int, value func(*Total) float64) int {
	v := value(&its[i].Total)
	below := make([]float64, 0, len(its))
	for j := range its {
		if x := value(&its[j].Total); x < v && !containsFloat(below, x) {
			below = append(below, x)
		}
	}
	return len(below) + 1
}

func containsFloat(s []float64, x float64) bool {
	for _, v := range s {
		if v == x {
			return true
		}
	}
	return false
}

// compare writes a against b, the itinerary numbered n.
func compare(a, b *Total, n int) Versus {
	c := Versus{Itinerary: n, Hours: round(a.Hours-b.Hours, 2), CostUSD: round(a.CostUSD-b.CostUSD, 2), CO2eKg: round(a.CO2eKg-b.CO2eKg, 2)}
	parts := make([]string, 0, 3)
	if h := c.Hours; h <= -0.05 || h >= 0.05 {
		parts = append(parts, textfmt.Duration(abs(h))+pick(h < 0, " faster", " slower"))
	}
	if d := c.CostUSD; d <= -0.5 || d >= 0.5 {
		parts = append(parts, textfmt.Thousands(abs(d))+pick(d < 0, " USD cheaper", " USD dearer"))
	}
	if d := c.CO2eKg; d <= -0.5 || d >= 0.5 {
		parts = append(parts, textfmt.Thousands(abs(d))+pick(d < 0, " kg CO2e less", " kg CO2e more"))
	}
	if len(parts) == 0 {
		c.Text = "same time, cost and CO2e as #" + strconv.Itoa(n)
		return c
	}
	parts[0] += " than #" + strconv.Itoa(n)
	c.Text = strings.Join(parts, ", ")
	return c
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
