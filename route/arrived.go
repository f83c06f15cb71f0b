package route

import "slices"

// arrivedSet holds the criteria of the labels in the target state's bag
// (the arrived labels), sorted by cost, for the pruning test of every new
// label (prunedByResults): only the arrived labels that cost no more than
// the new label's optimistic completion can dominate it, and the least
// CO2e among them tells most often that none does. Measured on the load
// generator's route workload, about 38% of the arrived labels pass the
// cost test of a check, and the hours test passes nearly always (the
// A* order brings arrivals early), so scanning every arrived label cost
// three to four times the comparisons.
type arrivedSet struct {
	target int32 // the state whose bag this mirrors
	stale  bool  // the bag changed since fill
	// Per arrived label, by increasing cost: its criteria and
	// transshipments, and minCO2[i], the least CO2e of labels 0 to i.
	cost, hours, co2, minCO2 []float64
	xfers                    []int16
	order                    []bagEntry // scratch for fill
}

func (a *arrivedSet) clear() {
	a.cost, a.hours, a.co2, a.minCO2, a.xfers = a.cost[:0], a.hours[:0], a.co2[:0], a.minCO2[:0], a.xfers[:0]
	a.stale = false
}

// fill copies the criteria of the labels of bag, sorted by cost.
func (a *arrivedSet) fill(bag []bagEntry) {
	a.order = append(a.order[:0], bag...)
	slices.SortFunc(a.order, func(x, y bagEntry) int {
		switch {
		case x.cost < y.cost:
			return -1
		case x.cost > y.cost:
			return 1
		}
		return 0
	})
	a.clear()
	m := 0.0
	for i := range a.order {
		l := &a.order[i]
		a.cost = append(a.cost, l.cost)
		a.hours = append(a.hours, l.hours)
		a.co2 = append(a.co2, l.co2)
		a.xfers = append(a.xfers, l.xfers)
		if i == 0 || l.co2 < m {
			m = l.co2
		}
		a.minCO2 = append(a.minCO2, m)
	}
}

// add inserts the criteria of l, a label that joined the bag, in their
// place by cost.
func (a *arrivedSet) add(l *label) {
	i := 0
	for i < len(a.cost) && a.cost[i] <= l.cost {
		i++
	}
	a.cost = slices.Insert(a.cost, i, l.cost)
	a.hours = slices.Insert(a.hours, i, l.hours)
	a.co2 = slices.Insert(a.co2, i, l.co2)
	a.xfers = slices.Insert(a.xfers, i, l.xfers)
	a.minCO2 = slices.Insert(a.minCO2, i, 0)
	m := l.co2
	if i > 0 {
		m = min(m, a.minCO2[i-1])
	}
	for j := i; j < len(a.co2); j++ {
		m = min(m, a.co2[j])
		a.minCO2[j] = m
	}
}

// dominated reports whether an arrived label has hours, cost and CO2e of
// at most h, c and e (and, with xfers, no more transshipments than x): the
// same test as dominates against each arrived label, in any order.
func (a *arrivedSet) dominated(h, c, e float64, x int16, xfers bool) bool {
	// k: the number of arrived labels that cost at most c.
	lo, hi := 0, len(a.cost)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if a.cost[mid] <= c {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	k := lo
	if k == 0 || !(a.minCO2[k-1] <= e) {
		return false
	}
	for i := k - 1; i >= 0; i-- { // (from the most costly: found sooner, measured)
		if b2u(a.co2[i] <= e)&b2u(a.hours[i] <= h) != 0 && (!xfers || a.xfers[i] <= x) {
			return true
		}
	}
	return false
}
