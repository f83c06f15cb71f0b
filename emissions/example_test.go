package emissions_test

import (
	"fmt"

	"corridor/emissions"
	"corridor/network"
)

// Twelve tonnes of cargo over 1,000 km of electric rail, then one
// transshipment at a rail terminal.
func Example() {
	link := &network.Link{Mode: network.Rail, Energy: network.Electric, DistanceKm: 1000, Corridors: []string{"middle"}}
	f := emissions.LinkFactor(link)
	leg := emissions.Leg(f, 12, link.DistanceKm)
	total := leg.Add(emissions.Hub(12))
	fmt.Printf("%s: %.1f g CO2e/tkm WTW\n", f.Key, f.Intensity.WTW())
	fmt.Printf("leg: TTW %.1f kg + WTT %.1f kg = WTW %.1f kg\n", leg.TTW, leg.WTT, leg.WTW())
	fmt.Printf("with one transshipment: %.1f kg WTW\n", total.WTW())
	// Output:
	// rail-electric: 6.4 g CO2e/tkm WTW
	// leg: TTW 0.0 kg + WTT 76.8 kg = WTW 76.8 kg
	// with one transshipment: 84.0 kg WTW
}

// ContainerTonnes supplies the default cargo mass when only the number of
// TEU is known.
func ExampleContainerTonnes() {
	fmt.Println(emissions.ContainerTonnes(2, 0))    // two TEU, mass unknown
	fmt.Println(emissions.ContainerTonnes(2, 18.5)) // two TEU, 18.5 t declared
	// Output:
	// 20
	// 18.5
}
