package scenario_test

import (
	"encoding/json"
	"sync"
	"testing"

	"corridor/data/eurasia"
	"corridor/network"
	"corridor/scenario"
)

var (
	fuzzOnce sync.Once
	fuzzBase *network.Graph
)

// FuzzDecode feeds arbitrary JSON or YAML to the scenario decoder and
// applies what it accepts to the bundled network: never a panic; a decoded
// scenario re-encodes to JSON that decodes to the same edits; Apply either
// succeeds or reports problems naming an edit and a field, and never
// changes the base network.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		`{"name":"a","edits":[{"op":"close_nodes","nodes":["CP-SUEZ"]}]}`,
		`{"name":"b","edits":[{"op":"scale_tariff","corridor":"middle","mode":"ferry","factor":0.5}]}`,
		`{"name":"c","edits":[{"op":"add_link","link":{"id":"X","from":"KZSCO","to":"AZBAK","mode":"ferry","distance_km":400,"hours":9,"energy":"fuel_oil"}}]}`,
		"name: d\nedits:\n  - op: set_carbon_price\n    value: 100\n",
		`{"name":"e","edits":[{"op":"set_dwell","nodes":["KZDOS"],"median_hours":-1,"p90_hours":2}]}`,
		`{`, `[]`, "- a\n- b", `{"name":"f","edits":[{"op":"add_node","node":{"id":"N","name":"n","kind":"border","country":"KZ","lon":1,"lat":2,"border_pair":"N"}}]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzOnce.Do(func() {
			g, err := eurasia.Load()
			if err != nil {
				panic(err)
			}
			fuzzBase = g
		})
		s, err := scenario.Decode(data)
		if err != nil {
			return
		}
		b, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		again, err := scenario.Decode(b)
		if err != nil || len(again.Edits) != len(s.Edits) {
			t.Fatalf("re-encoded scenario does not decode: %v\n%s", err, b)
		}
		nodes, links := fuzzBase.NumNodes(), fuzzBase.NumLinks()
		a, err := scenario.Apply(fuzzBase, s)
		if err != nil {
			se, ok := err.(*scenario.Error)
			if !ok || len(se.Problems) == 0 {
				t.Fatalf("Apply error %T %v is not a scenario.Error with problems", err, err)
			}
			for _, p := range se.Problems {
				if p.Field == "" || p.Msg == "" {
					t.Fatalf("problem without field or message: %+v", p)
				}
			}
		} else if a.Graph.NumNodes() < nodes {
			t.Fatal("nodes disappeared")
		}
		if fuzzBase.NumNodes() != nodes || fuzzBase.NumLinks() != links {
			t.Fatal("Apply changed the base network")
		}
		for i := 0; i < fuzzBase.NumNodes(); i++ {
			if fuzzBase.Node(network.NodeID(i)).Closed {
				t.Fatal("Apply closed a node of the base network")
			}
		}
	})
}
