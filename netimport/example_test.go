package netimport_test

import (
	"context"
	"fmt"
	"log"
	"strings"

	"corridor/netimport"
)

// Import two sea lanes that meet across the antimeridian, plus a detached
// stub, and keep only the largest connected component.
func ExampleReadGeoJSON() {
	doc := `{"type":"FeatureCollection","features":[
	  {"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[170,20],[180,20]]}},
	  {"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[-180,20],[-170,20],[-160,21]]}},
	  {"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[79.9,6.9],[80.1,6.8]]}}]}`
	g, rep, err := netimport.ReadGeoJSON(context.Background(), strings.NewReader(doc), netimport.GeoJSONOptions{LargestComponent: true})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d vertices, %d stitched across the antimeridian, %d components %v\n",
		rep.Vertices, rep.AntimeridianStitched, rep.Components, rep.ComponentSizes)
	fmt.Printf("kept %d nodes and %d directed links, %.0f km of lanes\n", g.NumNodes(), g.NumLinks(), rep.LengthKm)
	// Output:
	// 6 vertices, 1 stitched across the antimeridian, 2 components [4 2]
	// kept 4 nodes and 6 directed links, 3137 km of lanes
}
