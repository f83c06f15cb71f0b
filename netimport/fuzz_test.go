package netimport

import (
	"bytes"
	"context"
	"testing"
)

// FuzzReadGeoJSON: whatever the bytes, ReadGeoJSON returns a graph or an
// error, never panics; a graph it returns has a link for every node.
func FuzzReadGeoJSON(f *testing.F) {
	f.Add([]byte(fc(line("", "[[0,0],[1,0],[1,1]]"))))
	f.Add([]byte(fc(line(`{"mode":"rail","gauge_mm":1520,"oneway":true}`, "[[170,10],[180,10]]"), line("", "[[-180,10],[-170,10]]"))))
	f.Add([]byte(`{"type":"Feature","geometry":{"type":"MultiLineString","coordinates":[[[0,0],[0,0],[1,0]]]}}`))
	f.Add([]byte(`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"LineString","coordinates":[[1e400,0]]}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		g, rep, err := ReadGeoJSON(context.Background(), bytes.NewReader(data), GeoJSONOptions{})
		if rep == nil {
			t.Fatal("nil report")
		}
		if err == nil && (g == nil || g.NumLinks() == 0) {
			t.Fatal("no error and no links")
		}
	})
}

// FuzzReadNet, FuzzReadTrips: the TNTP readers return an error with a line
// number, never panic, on any input.
func FuzzReadNet(f *testing.F) {
	f.Add([]byte(sampleNet))
	f.Add([]byte("<NUMBER OF NODES> 2\n<END OF METADATA>\n1 2 1 1 1 0.15 4 0 0 1 ;\n"))
	f.Add([]byte("~ header\n\t1\t2\t1e3\t0.5\t1\t0.15\t4\t0\t0\t1\t;\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tn := &TNTP{}
		if err := tn.ReadNet(context.Background(), bytes.NewReader(data), "f_net.tntp"); err != nil {
			return
		}
		if _, _, err := tn.Graph(context.Background(), GraphOptions{}); err != nil && tn.NumLinks() == 0 {
			t.Fatal("a net read without error has no links")
		}
	})
}

func FuzzReadTrips(f *testing.F) {
	f.Add([]byte("<NUMBER OF ZONES> 2\n<TOTAL OD FLOW> 30\nOrigin 1\n 1 : 0; 2 : 10.5;\nOrigin 2\n1:19.5;\n"))
	f.Add([]byte("Origin 1\n\n2 :    1365.90;    3 :     407.40;\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tn := &TNTP{}
		if err := tn.ReadNet(context.Background(), bytes.NewReader([]byte(sampleNet)), "f_net.tntp"); err != nil {
			t.Fatal(err)
		}
		if err := tn.ReadTrips(context.Background(), bytes.NewReader(data), "f_trips.tntp"); err == nil {
			for i := range tn.Demand {
				if tn.Origin[i] < 1 || int(tn.Origin[i]) > tn.Zones || tn.Dest[i] < 1 || int(tn.Dest[i]) > tn.Zones || !(tn.Demand[i] >= 0) {
					t.Fatalf("entry %d out of range: %d→%d %v", i, tn.Origin[i], tn.Dest[i], tn.Demand[i])
				}
			}
		}
	})
}
