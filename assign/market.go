package assign

import "corridor/network"

// Markets a freight flow can belong to, from the countries of its ends.
const (
	ChinaEurope        = "china-europe"         // China ↔ the EU and the rest of Europe, Türkiye included
	ChinaCentralAsia   = "china-central-asia"   // China ↔ Kazakhstan, Uzbekistan, Kyrgyzstan, Tajikistan, Turkmenistan
	ChinaRussiaBelarus = "china-russia-belarus" // China ↔ Russia or Belarus
	ChinaCaucasus      = "china-caucasus"       // China ↔ Azerbaijan, Georgia, Armenia
	OtherMarket        = "other"                // every other pair
)

// regions places countries for Market; a country of the EU group is in
// Europe too.
var regions = map[string]string{
	"CN": "china", "HK": "china", "MO": "china",
	"KZ": "central-asia", "UZ": "central-asia", "KG": "central-asia", "TJ": "central-asia", "TM": "central-asia",
	"RU": "russia-belarus", "BY": "russia-belarus",
	"AZ": "caucasus", "GE": "caucasus", "AM": "caucasus",
	"GB": "europe", "CH": "europe", "NO": "europe", "IS": "europe", "RS": "europe", "BA": "europe", "ME": "europe",
	"MK": "europe", "AL": "europe", "XK": "europe", "MD": "europe", "UA": "europe", "TR": "europe",
}

// region returns the region of a country: regions, else "europe" for a
// member of the network's EU group, else "".
func region(g *network.Graph, country string) string {
	if r, ok := regions[country]; ok {
		return r
	}
	if eu, ok := g.GroupMembers("EU"); ok {
		for _, c := range eu {
			if c == country {
				return "europe"
			}
		}
	}
	return ""
}

// Market returns the market of a flow between nodes a and b (either
// direction): China with Europe, Central Asia, Russia and Belarus or the
// South Caucasus, or OtherMarket.
func Market(g *network.Graph, a, b network.NodeID) string {
	ra, rb := region(g, g.Node(a).Country), region(g, g.Node(b).Country)
	if rb == "china" {
		ra, rb = rb, ra
	}
	if ra != "china" {
		return OtherMarket
	}
	switch rb {
	case "europe":
		return ChinaEurope
	case "central-asia":
		return ChinaCentralAsia
	case "russia-belarus":
		return ChinaRussiaBelarus
	case "caucasus":
		return ChinaCaucasus
	}
	return OtherMarket
}
