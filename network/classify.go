package network

// Corridor tags ClassifyCorridor knows by their passages.
const (
	TagMiddle       = "middle"
	TagNorthern     = "northern"
	TagMaritimeSuez = "maritime-suez"
	TagMaritimeCape = "maritime-cape"
	TagINSTC        = "instc"
	TagEurope       = "europe"
)

// Passage is a piece of geography that marks a corridor, found on one link.
type Passage uint8

// Passages, in the order of precedence ClassifyCorridor gives them.
const (
	NoPassage       Passage = iota
	CapePassage             // a sea link off the Cape of Good Hope or Cape Agulhas
	SuezPassage             // a sea link into or out of the Suez Canal
	TransCaspian            // a ferry or sea link across the Caspian between Kazakhstan or Turkmenistan and Azerbaijan
	NorthSouthRoute         // rail in Iran, or a Caspian crossing to or from Russia or Iran
	RussianRail             // 1520 mm rail with an end in Russia or Belarus
)

// passageTags is the corridor each passage marks.
var passageTags = [...]string{
	CapePassage:     TagMaritimeCape,
	SuezPassage:     TagMaritimeSuez,
	TransCaspian:    TagMiddle,
	NorthSouthRoute: TagINSTC,
	RussianRail:     TagNorthern,
}

// AllPassages has the bit 1<<p set for every passage p.
const AllPassages uint8 = 1<<CapePassage | 1<<SuezPassage | 1<<TransCaspian | 1<<NorthSouthRoute | 1<<RussianRail

// PassageFor returns the passage that marks the corridor tag, or NoPassage.
func PassageFor(tag string) Passage {
	for p, t := range passageTags {
		if t == tag && t != "" {
			return Passage(p)
		}
	}
	return NoPassage
}

// Tag returns the corridor tag the passage marks ("" for NoPassage).
func (p Passage) Tag() string {
	if int(p) < len(passageTags) {
		return passageTags[p]
	}
	return ""
}

// inBox reports whether n lies in the box lon0..lon1, lat0..lat1 (degrees).
func inBox(n *Node, lon0, lon1, lat0, lat1 float64) bool {
	return n.Lon >= lon0 && n.Lon <= lon1 && n.Lat >= lat0 && n.Lat <= lat1
}

// No sea but the one named lies in these boxes, so a sea or ferry link with
// an end in one is on it: the Caspian is landlocked; the canal zone is the
// isthmus between the Gulf of Suez and Port Said
// (Port Said itself, 31.24°N, is outside, so sailing from Europe to Port Said
// is no passage), and the Cape box is the sea south of 30°S off South Africa.
func inCaspian(n *Node) bool   { return inBox(n, 46.5, 55, 36.5, 47.5) }
func inSuezCanal(n *Node) bool { return inBox(n, 32.0, 32.7, 29.9, 31.2) }
func offTheCape(n *Node) bool  { return inBox(n, 10, 35, -60, -30) }

// PassageOf returns the passage link l makes, if any.
func (g *Graph) PassageOf(l LinkID) Passage {
	k := g.Link(l)
	a, b := g.Node(k.From), g.Node(k.To)
	switch k.Mode {
	case Sea, Ferry:
		switch {
		case offTheCape(a) || offTheCape(b):
			return CapePassage
		case inSuezCanal(a) || inSuezCanal(b):
			return SuezPassage
		case inCaspian(a) && inCaspian(b):
			if a.Country == "AZ" && (b.Country == "KZ" || b.Country == "TM") ||
				b.Country == "AZ" && (a.Country == "KZ" || a.Country == "TM") {
				return TransCaspian
			}
			if a.Country == "RU" || a.Country == "IR" || b.Country == "RU" || b.Country == "IR" {
				return NorthSouthRoute
			}
		}
	case Rail, Road:
		switch {
		case a.Country == "IR" || b.Country == "IR":
			return NorthSouthRoute
		case k.Mode == Rail && k.Gauge == Russian && (a.Country == "RU" || a.Country == "BY" || b.Country == "RU" || b.Country == "BY"):
			return RussianRail
		}
	}
	return NoPassage
}

// ClassifyCorridor returns the corridor tag of a path (its links in order),
// the one classification that itineraries, corridor comparisons and the
// freight assignment's corridor shares all use. The rules, in order:
//
//  1. Rounding the Cape of Good Hope (a sea link with an end south of 30°S
//     between 10°E and 35°E) → maritime-cape.
//  2. A Suez Canal passage (a sea link with an end in the canal zone,
//     32.0–32.7°E, 29.9–31.2°N) → maritime-suez.
//  3. A Trans-Caspian crossing (a ferry or sea link inside the Caspian
//     between Kazakhstan or Turkmenistan and Azerbaijan) → middle.
//  4. The route through Iran (a rail or road link with an end in Iran, or
//     a Caspian crossing to or from Russia or Iran) → instc. A path that
//     lands in Iran and goes on by land to Türkiye counts here too: it
//     passes neither Suez nor the Caspian ferries, and Iran is the transit
//     country it depends on.
//  5. 1520 mm rail with an end in Russia or Belarus (the Trans-Siberian via
//     Zabaikalsk or Naushki, Kazakhstan–Russia, Belarus–Poland) → northern.
//  6. A path whose every tagged link carries europe (distribution inside
//     Europe: Duisburg–Rotterdam, a feeder to Gdańsk) → europe.
//  7. Otherwise the tag carrying the most kilometres of the path (a link
//     counts for every tag it carries; ties go to the tag listed first in
//     the network's corridors), with europe only when no other tag
//     applies; "" when no link is tagged.
//
// A rule applies only when the network defines its tag. The first rule that
// applies decides: a deep-sea voyage dominates the rail stretches before or
// after it (a ship from Nhava Sheva to Qingdao through Malacca is no Suez
// passage, so the Trans-Siberian after it makes the path northern), and a
// Caspian crossing or Iran marks its corridor even where the path then
// continues on Russian rail.
func (g *Graph) ClassifyCorridor(links []LinkID) string {
	best := NoPassage
	for _, l := range links {
		if p := g.PassageOf(l); p != NoPassage && (best == NoPassage || p < best) && g.HasCorridor(p.Tag()) {
			best = p
		}
	}
	if best != NoPassage {
		return best.Tag()
	}
	return g.corridorByKm(links)
}

// HasCorridor reports whether the network defines the corridor tag.
func (g *Graph) HasCorridor(tag string) bool {
	cs := g.Corridors()
	for i := range cs {
		if cs[i].Tag == tag {
			return true
		}
	}
	return false
}

// corridorByKm is rules 6 and 7 of ClassifyCorridor.
func (g *Graph) corridorByKm(links []LinkID) string {
	cs := g.Corridors()
	var buf [16]float64
	var km []float64
	if len(cs) <= len(buf) {
		km = buf[:len(cs)]
	} else {
		km = make([]float64, len(cs))
	}
	tagged, europe := false, g.HasCorridor(TagEurope)
	for _, l := range links {
		k := g.Link(l)
		if len(k.Corridors) > 0 {
			tagged = true
			europe = europe && k.HasCorridor(TagEurope)
		}
		for _, t := range k.Corridors {
			for i := range cs {
				if cs[i].Tag == t {
					km[i] += k.DistanceKm
					break
				}
			}
		}
	}
	if tagged && europe {
		return TagEurope
	}
	best, bestKm := "", 0.0
	for i, c := range cs {
		if c.Tag != TagEurope && km[i] > bestKm {
			best, bestKm = c.Tag, km[i]
		}
	}
	return best
}
