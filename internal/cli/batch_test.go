package cli

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRouteCoordinatesAndShortest(t *testing.T) {
	t.Setenv("CORRIDOR_CACHE_DIR", t.TempDir())
	p := lanes(t)
	// from a point next to the detached stub: snapped onto the main component
	code, stdout, stderr := run(t, "route", "--network", p, "--from", "160.5,20.5", "--to", "-160,21", "--shortest", "distance")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"from 160.5,20.5 snapped to V1 (160.0000,20.0000)", "km away (not included in the distances)",
		"shortest by distance", "contraction hierarchy (cache built"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
	// the cache is next to the network file, and used the second time
	if _, err := os.Stat(filepath.Join(filepath.Dir(p), ".lanes.geojson.distance.ch")); err != nil {
		t.Error(err)
	}
	code, stdout, _ = run(t, "route", "--network", p, "--from", "160,20", "--to", "-160,21", "--shortest", "distance", "--format", "json")
	var r shortestResult
	if code != 0 || json.Unmarshal([]byte(stdout), &r) != nil || r.Cache != "hit" || len(r.Links) != 4 || r.DistanceKm < 4000 {
		t.Errorf("json: exit %d %+v", code, r)
	}
	// the Pareto search takes coordinates too and reports the snap
	code, stdout, stderr = run(t, "route", "--network", p, "--from", "160,20", "--to", "-160,21", "--format", "json")
	var doc struct {
		Snaps       []map[string]any `json:"snaps"`
		Itineraries []map[string]any `json:"itineraries"`
	}
	if code != 0 || json.Unmarshal([]byte(stdout), &doc) != nil || len(doc.Snaps) != 2 || len(doc.Itineraries) == 0 {
		t.Errorf("pareto with coordinates: exit %d %s %s", code, stderr, stdout[:min(len(stdout), 300)])
	}
	// the bundled network by ids
	code, stdout, stderr = run(t, "route", "--from", "Shanghai", "--to", "Rotterdam", "--shortest", "distance")
	if code != 0 || !strings.Contains(stdout, "shortest by distance") {
		t.Errorf("bundled: exit %d %s %s", code, stdout, stderr)
	}
}

func TestRouteShortestBadInput(t *testing.T) {
	t.Setenv("CORRIDOR_CACHE_DIR", t.TempDir())
	p := lanes(t)
	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"bad metric", []string{"route", "--network", p, "--from", "160,20", "--to", "-160,21", "--shortest", "cost"}, 2, "unknown metric \"cost\""},
		{"constraint", []string{"route", "--from", "Shanghai", "--to", "Rotterdam", "--shortest", "time", "--avoid-nodes", "Suez"}, 2, "--avoid-nodes does not apply with --shortest"},
		{"coordinates out of range", []string{"route", "--network", p, "--from", "200,20", "--to", "-160,21", "--shortest", "time"}, 2, "out of range"},
		{"unknown place", []string{"route", "--from", "Atlantis", "--to", "Rotterdam", "--shortest", "time"}, 2, "no place matches"},
		{"stub unreachable", []string{"route", "--network", p, "--from", "V1", "--to", "V7", "--shortest", "time"}, 3, "cannot be reached"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := run(t, tc.args...)
			if code != tc.code || !strings.Contains(stderr, tc.want) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, stderr, tc.code, tc.want)
			}
		})
	}
}

func TestRouteBatch(t *testing.T) {
	t.Setenv("CORRIDOR_CACHE_DIR", t.TempDir())
	p := lanes(t)
	pairs := filepath.Join(t.TempDir(), "pairs.csv")
	os.WriteFile(pairs, []byte("id,from,to,note\na,\"160,20\",\"-160,21\",x\nb,V1,V3,\nc,V1,Nowhere,\n"), 0o644)
	for _, mode := range [][]string{{"--shortest", "distance"}, {}} {
		args := append([]string{"route", "--network", p, "--batch", pairs, "--repeat", "3"}, mode...)
		code, stdout, stderr := run(t, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", mode, code, stderr)
		}
		recs, err := csv.NewReader(strings.NewReader(stdout)).ReadAll()
		if err != nil || len(recs) != 4 {
			t.Fatalf("%v: %v\n%s", mode, err, stdout)
		}
		col := map[string]int{}
		for i, h := range recs[0] {
			col[h] = i
		}
		if recs[1][col["id"]] != "a" || recs[1][col["from_snap_km"]] != "0.000" || recs[1][col["distance_km"]] == "" || recs[1][col["error"]] != "" {
			t.Errorf("%v: row a: %v", mode, recs[1])
		}
		if !strings.Contains(recs[3][col["error"]], "no place matches \"Nowhere\"") {
			t.Errorf("%v: row c: %v", mode, recs[3])
		}
		if !strings.Contains(stderr, "batch: 3 pairs, 2 routed, 1 failed") {
			t.Errorf("%v: stderr %q", mode, stderr)
		}
	}
	code, stdout, _ := run(t, "route", "--network", p, "--batch", pairs, "--shortest", "time", "--format", "json")
	if code != 0 || strings.Count(stdout, "\n") != 3 || !strings.Contains(stdout, `"id":"a"`) {
		t.Errorf("json lines: exit %d\n%s", code, stdout)
	}
	bad := filepath.Join(t.TempDir(), "bad.csv")
	os.WriteFile(bad, []byte("origin,destination\nx,y\n"), 0o644)
	for _, args := range [][]string{
		{"route", "--batch", bad},
		{"route", "--batch", pairs, "--from", "V1"},
		{"route", "--batch", "/nonexistent.csv"},
		{"route", "--batch", pairs, "--format", "geojson"},
	} {
		if code, _, _ := run(t, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}
