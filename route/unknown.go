package route

import "encoding/json"

// Unknown values are null, never 0. A link without a tariff has an unknown
// cost (network.Link.CostKnown); a leg over such a link, and the total of
// its itinerary, show cost_usd (and the total's generalised_usd, which
// adds to it) as null in JSON. The numbers kept in CostUSD count only the
// known tariffs, so that the search can still order itineraries.

// MarshalJSON writes the leg, with cost_usd null when it is unknown.
func (l Leg) MarshalJSON() ([]byte, error) {
	type plain Leg // no methods: no recursion
	if !l.CostUnknown {
		return json.Marshal(plain(l))
	}
	return json.Marshal(struct {
		plain
		CostUSD *float64 `json:"cost_usd"`
	}{plain: plain(l)})
}

// MarshalJSON writes the total, with cost_usd and generalised_usd null
// when the cost is unknown.
func (t Total) MarshalJSON() ([]byte, error) {
	type plain Total
	if !t.CostUnknown {
		return json.Marshal(plain(t))
	}
	return json.Marshal(struct {
		plain
		CostUSD        *float64 `json:"cost_usd"`
		GeneralisedUSD *float64 `json:"generalised_usd"`
	}{plain: plain(t)})
}
