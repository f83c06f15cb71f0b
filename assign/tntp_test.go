package assign

import (
	"context"
	"flag"
	"math"
	"os"
	"path/filepath"
	"testing"

	"corridor/netimport"
)

var long = flag.Bool("long", false, "run the slow validations (tight gaps, Frank–Wolfe on Chicago-Sketch)")

// sharedTNTP returns the shared TNTP folder: $CORRIDOR_SHARED_DATA/tntp
// (or $CORRIDOR_SHARED_DATA when it holds the networks), else
// ../shared/data/tntp next to the repository; it skips the test when the
// folder is absent.
func sharedTNTP(t testing.TB) string {
	t.Helper()
	var cands []string
	if d := os.Getenv("CORRIDOR_SHARED_DATA"); d != "" {
		cands = append(cands, filepath.Join(d, "tntp"), d)
	}
	if root, err := repoRoot(); err == nil {
		cands = append(cands, filepath.Join(root, "..", "shared", "data", "tntp"))
	}
	for _, c := range cands {
		if st, err := os.Stat(filepath.Join(c, "SiouxFalls")); err == nil && st.IsDir() {
			return c
		}
	}
	t.Skipf("TNTP networks not found (looked in %v): set CORRIDOR_SHARED_DATA to the folder holding tntp/ to run the validation", cands)
	return ""
}

func repoRoot() (string, error) {
	d, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d, nil
		}
		p := filepath.Dir(d)
		if p == d {
			return "", os.ErrNotExist
		}
		d = p
	}
}

// validation lists the networks with a best-known solution (FORMAT.md).
var validation = []struct {
	dir     string
	weights CostWeights
	bestZ   float64 // from the network's README; 0: recompute from the _flow file
	slow    bool
}{
	{"SiouxFalls", CostWeights{}, 4231335.287107440, false},
	{"Anaheim", CostWeights{}, 0, false},
	{"Chicago-Sketch", CostWeights{Toll: 0.02, Distance: 0.04}, 17313018.7387477, true},
	{"Winnipeg", CostWeights{}, 827911.494629963, true},
}

func loadTNTP(t testing.TB, dir string, w CostWeights) (*netimport.TNTP, *Problem) {
	t.Helper()
	tn, err := netimport.ReadTNTP(context.Background(), filepath.Join(sharedTNTP(t), dir))
	if err != nil {
		t.Fatal(err)
	}
	p, err := FromTNTP(tn, w)
	if err != nil {
		t.Fatal(err)
	}
	return tn, p
}

// objective is the Beckmann objective of the link flows x (one class).
func objective(p *Problem, x []float64) float64 {
	z := 0.0
	for a, v := range x {
		z += p.net.integral(a, v) + p.fixed[0][a]*v
	}
	return z
}

// TestBestKnown solves each network with Algorithm B to a relative gap of
// 1e-10 and compares with the best-known solution: the Beckmann objective
// within 1e-6 (relative) and link flows within 0.1% of max(flow, 1) on
// links whose cost strictly increases with flow. Chicago-Sketch and
// Winnipeg are left out with -short or under the race detector unless -long
// is given.
func TestBestKnown(t *testing.T) {
	for _, tc := range validation {
		t.Run(tc.dir, func(t *testing.T) {
			if tc.slow && !*long && (testing.Short() || raceEnabled) {
				t.Skip("slow network: run with -long (or without -short and -race)")
			}
			tn, p := loadTNTP(t, tc.dir, tc.weights)
			if tn.FlowVolume == nil {
				t.Fatalf("%s: no _flow file", tc.dir)
			}
			best := objective(p, tn.FlowVolume)
			if tc.bestZ != 0 {
				if e := math.Abs(best-tc.bestZ) / tc.bestZ; e > 1e-9 {
					t.Fatalf("objective of the best-known flows %.6f, README %.6f: cost function wrong", best, tc.bestZ)
				}
				best = tc.bestZ
			}
			res, err := Solve(context.Background(), p, Options{Algorithm: AlgorithmB, Gap: 1e-10, MaxIter: 200})
			if err != nil {
				t.Fatal(err)
			}
			f := res.Final()
			if !res.Converged {
				t.Errorf("not converged after %d iterations: gap %.3g", f.N, f.RelativeGap)
			}
			if e := math.Abs(f.Objective-best) / best; e > 1e-6 {
				t.Errorf("objective %.6f, best known %.6f: relative error %.2g", f.Objective, best, e)
			}
			worst, at, n := 0.0, -1, 0
			for a, v := range res.Flow {
				if !p.net.Increasing(a) {
					continue
				}
				n++
				if e := math.Abs(v-tn.FlowVolume[a]) / max(tn.FlowVolume[a], 1); e > worst {
					worst, at = e, a
				}
			}
			if worst > 1e-3 {
				t.Errorf("link %d (%d→%d): flow %.4f, best known %.4f (%.2g of max(flow, 1))", at+1, tn.Init[at], tn.Term[at], res.Flow[at], tn.FlowVolume[at], worst)
			}
			t.Logf("%s: %d iterations, gap %.2e (peer's %.2e), objective %.6f (rel. err. %.1e), worst flow error %.1e over %d increasing links, %v",
				tc.dir, f.N, f.RelativeGap, f.GapSPTT, f.Objective, (f.Objective-best)/best, worst, n, f.Elapsed)
		})
	}
}

// TestFrankWolfeFamily checks that the three Frank–Wolfe variants approach
// the best-known SiouxFalls objective, the conjugate ones faster.
func TestFrankWolfeFamily(t *testing.T) {
	_, p := loadTNTP(t, "SiouxFalls", CostWeights{})
	gaps := map[Algorithm]float64{}
	for _, alg := range []Algorithm{FrankWolfe, ConjugateFW, BiconjugateFW} {
		res, err := Solve(context.Background(), p, Options{Algorithm: alg, Gap: 1e-12, MaxIter: 300})
		if err != nil {
			t.Fatal(err)
		}
		f := res.Final()
		gaps[alg] = f.RelativeGap
		if e := (f.Objective - 4231335.287107440) / 4231335.287107440; e < -1e-9 || e > 1e-3 {
			t.Errorf("%s: objective %.4f after %d iterations: relative error %.2g", alg, f.Objective, f.N, e)
		}
		for i := 1; i < len(res.Iterations); i++ {
			if res.Iterations[i].Objective > res.Iterations[i-1].Objective*(1+1e-12) {
				t.Errorf("%s: objective rose at iteration %d", alg, i+1)
				break
			}
		}
	}
	if !(gaps[BiconjugateFW] < gaps[ConjugateFW] && gaps[ConjugateFW] < gaps[FrankWolfe]) {
		t.Errorf("gaps after 300 iterations: fw %.2g, cfw %.2g, bfw %.2g; want bfw < cfw < fw", gaps[FrankWolfe], gaps[ConjugateFW], gaps[BiconjugateFW])
	}
	if gaps[BiconjugateFW] > 1e-5 {
		t.Errorf("bfw: gap %.2g after 300 iterations, want ≤ 1e-5", gaps[BiconjugateFW])
	}
}
