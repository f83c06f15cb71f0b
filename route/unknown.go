package route

import "encoding/json"

// Unknown values are null, never 0. A link without a tariff has an unknown
// cost (network.Link.CostKnown); a leg over such a link, and the total of
// its itinerary, show cost_usd (and the total's generalised_usd, which
// adds to it) as null in JSON. The numbers kept in CostUSD count only the
// known tariffs, so that the search can still order itineraries.
//
// The JSON fields are pointers (Leg.Cost, Total.Cost, Total.Generalised)
// set once an itinerary is complete, pointing into one small array per
// itinerary: encoding needs no MarshalJSON (whose output encoding/json
// would scan again), and decoding restores the numbers (UnmarshalJSON).

// setJSONCosts points the JSON cost fields of it at its numbers, or leaves
// them nil where the cost is unknown.
func setJSONCosts(it *Itinerary) {
	buf := make([]float64, 2+len(it.Legs))
	t := &it.Total
	t.Cost, t.Generalised = nil, nil
	if !t.CostUnknown {
		buf[0], buf[1] = t.CostUSD, t.GeneralisedUSD
		t.Cost, t.Generalised = &buf[0], &buf[1]
	}
	for i := range it.Legs {
		l := &it.Legs[i]
		l.Cost = nil
		if !l.CostUnknown {
			buf[2+i] = l.CostUSD
			l.Cost = &buf[2+i]
		}
	}
}

// UnmarshalJSON reads a leg; a null cost_usd is an unknown cost.
func (l *Leg) UnmarshalJSON(b []byte) error {
	type plain Leg // no methods: no recursion
	if err := json.Unmarshal(b, (*plain)(l)); err != nil {
		return err
	}
	l.CostUSD, l.CostUnknown = 0, l.Cost == nil
	if l.Cost != nil {
		l.CostUSD = *l.Cost
	}
	return nil
}

// UnmarshalJSON reads a total; a null cost_usd is an unknown cost.
func (t *Total) UnmarshalJSON(b []byte) error {
	type plain Total
	if err := json.Unmarshal(b, (*plain)(t)); err != nil {
		return err
	}
	t.CostUSD, t.GeneralisedUSD, t.CostUnknown = 0, 0, t.Cost == nil
	if t.Cost != nil {
		t.CostUSD = *t.Cost
	}
	if t.Generalised != nil {
		t.GeneralisedUSD = *t.Generalised
	}
	return nil
}
