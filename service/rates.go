package service

import (
	"math"

	"corridor/errcode"
	"corridor/network"
)

// RateSeriesInfo describes a rate series for the CLI and the API.
type RateSeriesInfo struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Unit    string `json:"unit"`
	Lane    string `json:"lane,omitempty"`
	Drives  string `json:"drives,omitempty"` // the links it prices; empty: reference only
	RefFrom string `json:"ref_from,omitempty"`
	RefTo   string `json:"ref_to,omitempty"`
	// BaseUSD and HandlingUSD are the reference trip's static tariffs and
	// handling per FEU (see network.RateSeries).
	BaseUSD     float64             `json:"base_usd_per_feu"`
	HandlingUSD float64             `json:"handling_usd_per_feu"`
	Published   int                 `json:"published_values"`
	FirstMonth  string              `json:"first_month,omitempty"`
	LastMonth   string              `json:"last_month,omitempty"`
	Sources     []string            `json:"source"`
	Note        string              `json:"note,omitempty"`
	Values      []network.RatePoint `json:"values,omitempty"` // month by month (RateSeries only)
}

func seriesInfo(g *network.Graph, s *network.RateSeries) RateSeriesInfo {
	r2 := func(x float64) float64 { return math.Round(x*100) / 100 }
	j := RateSeriesInfo{ID: s.ID, Name: s.Name, Unit: network.RateUnit, Lane: s.Lane.Text, Drives: s.Drives.Text,
		BaseUSD: r2(s.BaseUSD), HandlingUSD: r2(s.HandlingUSD), Published: len(s.Values), Sources: s.Sources, Note: s.Note}
	if s.RefFrom >= 0 && s.RefTo >= 0 {
		j.RefFrom, j.RefTo = g.Node(s.RefFrom).ID, g.Node(s.RefTo).ID
	}
	if len(s.Values) > 0 {
		j.FirstMonth, j.LastMonth = s.Values[0].Month.String(), s.Values[len(s.Values)-1].Month.String()
	}
	return j
}

// RateSeriesList describes every rate series of g, in file order.
func RateSeriesList(g *network.Graph) []RateSeriesInfo {
	out := []RateSeriesInfo{}
	for i := range g.RateSeries() {
		out = append(out, seriesInfo(g, &g.RateSeries()[i]))
	}
	return out
}

// RateSeries describes series id of g with its values month by month from
// from to to (YYYY-MM; empty: its first or last published month). Unknown
// series are errcode.NotFound, bad months errcode.Invalid.
func RateSeries(g *network.Graph, id, from, to string) (RateSeriesInfo, error) {
	s, ok := g.RateSeriesByID(id)
	if !ok {
		var ids []string
		for _, r := range g.RateSeries() {
			ids = append(ids, r.ID)
		}
		return RateSeriesInfo{}, errcode.Field(errcode.NotFound, "series", "no rate series %q (series: %s)", id, joinOr(ids))
	}
	j := seriesInfo(g, s)
	if len(s.Values) == 0 {
		return j, nil
	}
	lo, hi := s.Values[0].Month, s.Values[len(s.Values)-1].Month
	var err error
	if from != "" {
		if lo, err = network.ParseMonth(from); err != nil {
			return j, errcode.Field(errcode.Invalid, "from", "%v", err)
		}
	}
	if to != "" {
		if hi, err = network.ParseMonth(to); err != nil {
			return j, errcode.Field(errcode.Invalid, "to", "%v", err)
		}
	}
	if hi < lo {
		return j, errcode.Field(errcode.Invalid, "to", "%s is before from %s", hi, lo)
	}
	j.Values = s.Range(lo, hi)
	return j, nil
}

func joinOr(ids []string) string {
	if len(ids) == 0 {
		return "none"
	}
	out := ids[0]
	for _, id := range ids[1:] {
		out += ", " + id
	}
	return out
}
