package emissions

import "corridor/network"

// Intensity is an emission intensity in grams CO2e per tonne-km of cargo,
// split into tank-to-wheel and well-to-tank.
type Intensity struct {
	TTW, WTT float64
}

// WTW returns the well-to-wheel intensity, TTW + WTT.
func (i Intensity) WTW() float64 { return i.TTW + i.WTT }

// Factor is one row of the factor table: a stable key (such as
// "rail-electric" or "sea-deep-asia-europe"), its intensity and the citation
// of its source, including any conversion made.
type Factor struct {
	Key       string
	Intensity Intensity
	Source    string
}

// CO2e is an amount of emissions in kilograms CO2e, split into tank-to-wheel
// and well-to-tank.
type CO2e struct {
	TTW, WTT float64
}

// WTW returns the well-to-wheel total in kg, TTW + WTT.
func (c CO2e) WTW() float64 { return c.TTW + c.WTT }

// Add returns the component-wise sum of c and d.
func (c CO2e) Add(d CO2e) CO2e { return CO2e{TTW: c.TTW + d.TTW, WTT: c.WTT + d.WTT} }

// LinkFactor returns the factor for moving cargo over l:
//
//   - rail: by energy; electric, diesel or mixed (62% electric); other fuels
//     count as diesel and an unset energy as mixed (GLEC's "traction
//     unknown" approach). Electric traction on a link with a grid intensity
//     (Link.GridGCO2ePerKWh, set by the network from countries.csv) uses
//     RailElectricAt that intensity ("rail-electric-grid"), and mixed
//     traction RailMixedAt ("rail-mixed-grid"); without one, the EU-average
//     "rail-electric" and "rail-mixed" factors;
//   - road: diesel articulated truck, Europe values on links tagged
//     "europe", otherwise the GLEC Asia values (+22%); every energy uses the
//     diesel factor (GLEC v3.0's LNG truck, 96 g/tkm, is within 1%);
//   - sea: a deep-sea Asia–Europe lane factor when the link carries any
//     "maritime-…" tag or no tag at all, the short-sea/feeder factor when its
//     tags name only land corridors it extends (Caspian, Black Sea, Baltic
//     and Arabian Sea feeders of the bundled network). An untagged sea link
//     is a lane of an imported network (netimport), which knows no trade
//     lanes: it gets the deep-sea factor the bundled network uses for the
//     same ocean trips, not the feeder factor (about four times higher);
//   - ferry: rail ferry / Ro-Ro; inland waterway: container barge.
//
// A link whose mode is not one of the network's modes gets the zero Factor
// (empty Key). LinkFactor does not allocate; l must not be nil.
func LinkFactor(l *network.Link) Factor {
	switch l.Mode {
	case network.Rail:
		switch l.Energy {
		case network.Electric:
			if l.GridGCO2ePerKWh > 0 {
				return RailElectricAt(l.GridGCO2ePerKWh)
			}
			return factors[iRailElectric]
		case network.Diesel, network.FuelOil, network.MGO, network.LNG:
			return factors[iRailDiesel]
		case network.Mixed:
			if l.GridGCO2ePerKWh > 0 {
				return RailMixedAt(l.GridGCO2ePerKWh)
			}
			return factors[iRailMixed]
		default: // unset: traction unknown, the EU average
			return factors[iRailMixed]
		}
	case network.Road:
		if l.HasCorridor("europe") {
			return factors[iRoadEurope]
		}
		return factors[iRoadAsia]
	case network.Sea:
		if len(l.Corridors) == 0 {
			return factors[iSeaDeep]
		}
		for _, c := range l.Corridors {
			if len(c) > len("maritime-") && c[:len("maritime-")] == "maritime-" {
				return factors[iSeaDeep]
			}
		}
		return factors[iSeaFeeder]
	case network.Ferry:
		return factors[iFerryRoRo]
	case network.InlandWater:
		return factors[iIWW]
	}
	return Factor{}
}

// RailElectricAt returns the electric rail factor (key "rail-electric-grid")
// for electricity of grid intensity gridGCO2ePerKWh (g CO2e per kWh
// generated): TTW 0 (no combustion on board, ISO 14083) and WTT
// RailElectricKWhPerTkm × gridGCO2ePerKWh, the generation and network
// losses being energy provision. At EUGridGCO2ePerKWh it equals
// "rail-electric". It does not allocate.
func RailElectricAt(gridGCO2ePerKWh float64) Factor {
	return Factor{Key: "rail-electric-grid", Intensity: Intensity{TTW: 0, WTT: RailElectricKWhPerTkm * gridGCO2ePerKWh},
		Source: srcRailElectricGrid}
}

// RailMixedAt returns the mixed-traction rail factor (key "rail-mixed-grid")
// for a line whose electric share (62%, as "rail-mixed") draws electricity
// of grid intensity gridGCO2ePerKWh; the diesel share is "rail-diesel". At
// EUGridGCO2ePerKWh it equals "rail-mixed". It does not allocate.
func RailMixedAt(gridGCO2ePerKWh float64) Factor {
	d := factors[iRailDiesel].Intensity
	return Factor{Key: "rail-mixed-grid", Intensity: Intensity{
		TTW: (1 - railElectrifiedShare) * d.TTW,
		WTT: railElectrifiedShare*RailElectricKWhPerTkm*gridGCO2ePerKWh + (1-railElectrifiedShare)*d.WTT,
	}, Source: srcRailMixedGrid}
}

// Leg returns the emissions in kg of moving tonnes of cargo over km
// kilometres with factor f: intensity (g/tkm) × tonnes × km / 1000. Use the
// planned distance of the leg; the sea lane factors already include GLEC's
// +15% uplift over the shortest feasible distance.
func Leg(f Factor, tonnes, km float64) CO2e {
	tkm := tonnes * km / 1000 // g -> kg
	return CO2e{TTW: f.Intensity.TTW * tkm, WTT: f.Intensity.WTT * tkm}
}

// Hub returns the emissions in kg of one transshipment of tonnes of cargo at
// a terminal (ISO 14083 hub operation category "transshipment", GLEC v3.0
// Module 2 Table 3: 0.6 kg CO2e per tonne, ambient). The source gives only
// the total, which is returned as TTW (WTT = 0); use the WTW.
func Hub(tonnes float64) CO2e {
	return CO2e{TTW: hubTransshipmentKgPerT * tonnes}
}

// HubAt is Hub for a node of the given kind: a seaport uses GLEC v3.0's
// maritime container terminal value (10.7 kg CO2e per container, taken as
// one TEU of 10 t: 1.07 kg per tonne); sea waypoints and chokepoints have no
// handling (zero); every other kind (rail terminal, dry port, border or
// gauge-change station, junction) uses Hub's transshipment value.
func HubAt(kind network.NodeKind, tonnes float64) CO2e {
	switch kind {
	case network.Seaport:
		return CO2e{TTW: hubContainerKgPerT * tonnes}
	case network.Waypoint, network.Chokepoint:
		return CO2e{}
	}
	return Hub(tonnes)
}

// ContainerTonnes returns the mass to which the intensities apply for teu
// TEU carrying cargoTonnes of cargo: the cargo mass alone, without the
// container's tare. This is the basis of the table: GLEC's container-lane
// values per TEU-km are converted at 10 t of cargo per loaded TEU, and its
// rail, road and inland-waterway load factors count payload only (the Ro-Ro
// ferry factor has been converted from gross to cargo mass). When
// cargoTonnes is not positive (mass unknown), it returns
// teu × DefaultCargoTonnesPerTEU, GLEC's average cargo per TEU; zero
// therefore means "unknown", not "empty".
func ContainerTonnes(teu, cargoTonnes float64) float64 {
	if cargoTonnes > 0 {
		return cargoTonnes
	}
	return teu * DefaultCargoTonnesPerTEU
}

// All returns a copy of the factor table, in a fixed order.
func All() []Factor {
	out := make([]Factor, len(factors))
	copy(out, factors[:])
	return out
}

// Lookup returns the factor with the given key, including lane- and
// vessel-specific factors that LinkFactor does not choose by itself
// (such as "sea-deep-asia-north-europe" or "ferry-ropax"). The
// grid-specific "rail-electric-grid" and "rail-mixed-grid" depend on a
// grid intensity and are not in the table: use RailElectricAt and
// RailMixedAt.
func Lookup(key string) (Factor, bool) {
	for i := range factors {
		if factors[i].Key == key {
			return factors[i], true
		}
	}
	return Factor{}, false
}
