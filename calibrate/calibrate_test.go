package calibrate_test

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"corridor/calibrate"
	"corridor/network"
	"corridor/observe"
	"corridor/route"
)

const params = `# test parameters
id,kind,select,low,high,value,fitted,source,note
rt-1520,run_time,mode=rail gauge=1520,0.5,3,%g,,,
rt-1435,run_time,mode=rail gauge=1435,0.5,3,%g,,,
bd,border_dwell,kind=border,0.3,4,%g,,,
tf-rail,tariff,mode=rail,0.5,3,%g,,,
`

// folder copies the rated test network and adds parameters with values v.
func folder(t *testing.T, v ...any) string {
	t.Helper()
	return folderWith(t, params, v...)
}

// folderWith is folder with the parameters of the template tmpl.
func folderWith(t *testing.T, tmpl string, v ...any) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("../network/testdata/rated")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, network.ParamsFile), []byte(fmt.Sprintf(tmpl, v...)), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// fit calibrates the network folder dir against the observations obsCSV.
func fit(t *testing.T, dir, obsCSV string, opt calibrate.Options) *calibrate.Report {
	t.Helper()
	g, err := network.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	obs, err := observe.Read(strings.NewReader(obsCSV), "test", g)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := calibrate.Run(context.Background(), os.DirFS(dir), dir, obs, opt)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// near checks the fitted factors against the truth, within 10%.
func near(t *testing.T, rep *calibrate.Report, want []float64) {
	t.Helper()
	for i, p := range rep.Params {
		if math.Abs(p.After-want[i])/want[i] > 0.1 {
			t.Errorf("%s fitted %g, truth %g (observations %v)", p.ID, p.After, want[i], p.Observations)
		}
	}
}

// modelled checks one observation row (observations.csv without its
// header) on g and returns its result, which must have a modelled figure.
func modelled(t *testing.T, g *network.Graph, row string) observe.Result {
	t.Helper()
	obs, err := observe.Read(strings.NewReader("id,kind,from,to,corridor,via,modes,month,low,high,source,note\n"+row+"\n"), "truth", g)
	if err != nil {
		t.Fatal(err)
	}
	rs, err := observe.Check(context.Background(), route.New(g), obs)
	if err != nil {
		t.Fatal(err)
	}
	if rs[0].Modelled == nil {
		t.Fatalf("%s: %s", row, rs[0].Detail)
	}
	return rs[0]
}

// truth generates point observations from the network with known factors.
func truth(t *testing.T, v ...any) string {
	t.Helper()
	g, err := network.Load(folder(t, v...))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("id,kind,from,to,corridor,via,modes,month,low,high,source,note\n")
	trips := [][2]string{{"CNXIY", "PLLOD"}, {"CNXIY", "DEDUI"}, {"KZDOS", "PLLOD"}, {"CNXIY", "KZSCO"},
		{"CNAKL", "KZDOS"}, {"PLLOD", "DEDUI"}, {"CNXIY", "KZDOS"}, {"KZDOS", "DEDUI"}, {"CNAKL", "PLLOD"}}
	kinds := []observe.Kind{observe.TransitDays, observe.CostPerFEU}
	for i, tr := range trips {
		for _, k := range kinds {
			m := *modelled(t, g, fmt.Sprintf("t%d-%s,%s,%s,%s,,,rail,2019-01,1,1,test-a,", i, k, k, tr[0], tr[1])).Modelled
			fmt.Fprintf(&b, "t%d-%s,%s,%s,%s,,,rail,2019-01,%g,%g,test-a,\n", i, k, k, tr[0], tr[1], m, m)
		}
	}
	fmt.Fprintf(&b, "x-border,crossing_hours,KZDOS,CNAKL,,,,2019-01,%g,%g,test-a,\n", 34*v[2].(float64), 34*v[2].(float64))
	return b.String()
}

// TestRecover: observations made by a network with known factors are fitted
// back from factors of 1 — the fitted factors come out near the truth, every
// observation ends in range, and the held-out folds improve.
func TestRecover(t *testing.T) {
	want := []float64{1.5, 0.8, 2, 1.3}
	obsCSV := truth(t, want[0], want[1], want[2], want[3])
	dir := folder(t, 1.0, 1.0, 1.0, 1.0)
	rep := fit(t, dir, obsCSV, calibrate.Options{Folds: 3, Rounds: 4, Prior: 0.02})
	near(t, rep, want)
	if rep.After.Overall.InRange != rep.After.Overall.N {
		t.Errorf("after the fit %d of %d in range, want all", rep.After.Overall.InRange, rep.After.Overall.N)
	}
	if rep.Before.Overall.InRange >= rep.After.Overall.InRange {
		t.Errorf("in range before %d, after %d: the fit did not improve", rep.Before.Overall.InRange, rep.After.Overall.InRange)
	}
	if rep.HeldOut == nil || rep.HeldOut.After <= rep.HeldOut.Before {
		t.Errorf("held out: %+v, want an improvement", rep.HeldOut)
	}
	if !(rep.ObjectiveAfter < rep.ObjectiveBefore) {
		t.Errorf("objective %g → %g", rep.ObjectiveBefore, rep.ObjectiveAfter)
	}
	// the written file loads, with the fitted values and their provenance
	if err := os.WriteFile(filepath.Join(dir, network.ParamsFile), rep.File, 0o644); err != nil {
		t.Fatal(err)
	}
	g2, err := network.Load(dir)
	if err != nil {
		t.Fatalf("fitted parameters.csv does not load: %v\n%s", err, rep.File)
	}
	for i, p := range g2.Params() {
		if p.Value != rep.Params[i].After {
			t.Errorf("%s: file has %g, report %g", p.ID, p.Value, rep.Params[i].After)
		}
		if len(rep.Params[i].Observations) > 0 && !strings.HasPrefix(p.Fitted, "fitted ") {
			t.Errorf("%s: provenance %q", p.ID, p.Fitted)
		}
	}
	if !strings.HasPrefix(string(rep.File), "# test parameters\n") {
		t.Errorf("the file lost its comment lines:\n%s", rep.File)
	}
}

// TestNoParams: a network without parameters.csv is an error that says so.
func TestNoParams(t *testing.T) {
	_, err := calibrate.Run(context.Background(), os.DirFS("../network/testdata/small"), "small", nil, calibrate.Options{})
	if err == nil || !strings.Contains(err.Error(), network.ParamsFile) {
		t.Fatalf("got %v, want an error naming %s", err, network.ParamsFile)
	}
}

// TestRecoverSpread: published spreads made by a network with a known
// running-time variability factor are fitted back by simulation.
func TestRecoverSpread(t *testing.T) {
	const spreadParams = `id,kind,select,low,high,value,fitted,source,note
cv,run_cv,mode=rail,0.3,4,%g,,,
ds,dwell_spread,kind=border,0.3,4,%g,,,
`
	mk := func(cv, ds float64, obs string) string {
		dir := t.TempDir()
		if err := os.CopyFS(dir, os.DirFS("../network/testdata/rated")); err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, network.ParamsFile), []byte(fmt.Sprintf(spreadParams, cv, ds)), 0o644)
		os.WriteFile(filepath.Join(dir, observe.File), []byte(obs), 0o644)
		return dir
	}
	head := "id,kind,from,to,corridor,via,modes,month,low,high,source,note\n"
	trips := [][2]string{{"CNXIY", "PLLOD"}, {"CNXIY", "DEDUI"}, {"KZDOS", "PLLOD"}}
	// the truth: running times three times as variable as the defaults
	var b strings.Builder
	b.WriteString(head)
	for i, tr := range trips {
		fmt.Fprintf(&b, "s%d,transit_spread_days,%s,%s,,,rail,2019-01,1,2,test-a,\n", i, tr[0], tr[1])
	}
	dir := mk(3, 1, b.String())
	g, _ := network.Load(dir)
	obs, err := observe.Load(os.DirFS(dir), dir, g)
	if err != nil {
		t.Fatal(err)
	}
	rs, err := observe.Check(context.Background(), route.New(g), obs)
	if err != nil {
		t.Fatal(err)
	}
	b.Reset()
	b.WriteString(head)
	for i, r := range rs {
		if r.ModelledLow == nil || !(*r.ModelledLow < *r.Modelled) {
			t.Fatalf("%s: no spread: %s", r.ID, r.Detail)
		}
		fmt.Fprintf(&b, "s%d,transit_spread_days,%s,%s,,,rail,2019-01,%g,%g,test-a,\n", i, trips[i][0], trips[i][1], *r.ModelledLow, *r.Modelled)
	}
	dir = mk(1, 1, b.String())
	g, _ = network.Load(dir)
	obs, err = observe.Load(os.DirFS(dir), dir, g)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := calibrate.Run(context.Background(), os.DirFS(dir), dir, obs, calibrate.Options{Prior: 0.02})
	if err != nil {
		t.Fatal(err)
	}
	cv := rep.Params[0]
	t.Logf("run_cv %g → %g, dwell_spread %g → %g; objective %.4f → %.4f", cv.Before, cv.After, rep.Params[1].Before, rep.Params[1].After, rep.ObjectiveBefore, rep.ObjectiveAfter)
	if math.Abs(cv.After-3)/3 > 0.2 {
		t.Errorf("run_cv fitted %g, truth 3 (observations %v)", cv.After, cv.Observations)
	}
	if len(cv.Observations) != 3 {
		t.Errorf("run_cv informed by %v, want the three spreads", cv.Observations)
	}
	if !(rep.ObjectiveAfter < rep.ObjectiveBefore) {
		t.Errorf("objective %g → %g", rep.ObjectiveBefore, rep.ObjectiveAfter)
	}
}

const datedParams = `id,kind,select,low,high,value,from,to,fitted,source,note
rt-1520-2022,run_time,mode=rail gauge=1520,0.5,3,%g,2022-01,2022-12,,,
rt-1520,run_time,mode=rail gauge=1520,0.5,3,%g,,,,,
bd,border_dwell,kind=border,0.3,4,%g,,,,,
`

// TestRecoverDated: observations of two periods, made by a network whose
// 1520 mm lines ran slower in 2022 than otherwise, are fitted back from
// factors of 1: the dated factor takes the 2022 figures, the undated one
// the others, and the written file keeps the months.
func TestRecoverDated(t *testing.T) {
	want := []float64{2.4, 1.5, 1.6}
	obsCSV, nDated := datedTruth(t, datedParams, want[0], want[1], want[2])
	dir := folderWith(t, datedParams, 1.0, 1.0, 1.0)
	rep := fit(t, dir, obsCSV, calibrate.Options{Folds: 0, Rounds: 4, Prior: 0.02})
	near(t, rep, want)
	ids := rep.Params[0].Observations
	if len(ids) != nDated {
		t.Errorf("the dated factor is informed by %v, want the %d observations of 2022 on 1520 mm lines", ids, nDated)
	}
	for _, id := range ids {
		if !strings.HasSuffix(id, "-2022-06") {
			t.Errorf("the dated factor is informed by %s, an observation outside its months", id)
		}
	}
	if rep.After.Overall.InRange != rep.After.Overall.N {
		t.Errorf("after the fit %d of %d in range, want all", rep.After.Overall.InRange, rep.After.Overall.N)
	}
	if err := os.WriteFile(filepath.Join(dir, network.ParamsFile), rep.File, 0o644); err != nil {
		t.Fatal(err)
	}
	g2, err := network.Load(dir)
	if err != nil {
		t.Fatalf("fitted parameters.csv does not load: %v\n%s", err, rep.File)
	}
	if p := g2.Params()[0]; p.From.String() != "2022-01" || p.To.String() != "2022-12" {
		t.Errorf("the written file lost the months: %+v\n%s", p, rep.File)
	}
}

// TestPriorWeight: with the default pull towards 1, a factor far from 1 is
// fitted short of its truth; a prior weight of 0.01 on its row lets the
// same fit reach it, and the written file keeps the weight.
func TestPriorWeight(t *testing.T) {
	tmpl := "id,kind,select,low,high,value,from,to,prior,fitted,source,note\n" +
		"rt-1520-2022,run_time,mode=rail gauge=1520,0.5,4,%g,2022-01,2022-12,%s,,,\n" +
		"rt-1520,run_time,mode=rail gauge=1520,0.5,3,%g,,,,,,\n" +
		"bd,border_dwell,kind=border,0.3,4,%g,,,,,,\n"
	obsCSV, _ := datedTruth(t, tmpl, 3.0, "", 1.0, 1.0)
	run := func(weight string) *calibrate.Report {
		return fit(t, folderWith(t, tmpl, 1.0, weight, 1.0, 1.0), obsCSV, calibrate.Options{Rounds: 4, Prior: 0.3})
	}
	strong, weak := run(""), run("0.01")
	if v := strong.Params[0].After; v > 2.7 {
		t.Errorf("with the default prior the dated factor reached %g: the test cannot tell the weight's effect", v)
	}
	if v := weak.Params[0].After; math.Abs(v-3)/3 > 0.1 {
		t.Errorf("with prior weight 0.01 the dated factor is %g, truth 3", v)
	}
	if !strings.Contains(string(weak.File), ",2022-01,2022-12,0.01,") {
		t.Errorf("the written file lost the prior weight:\n%s", weak.File)
	}
}

// datedTruth makes transit-time observations of January 2019 and June
// 2022 with the network whose parameters are tmpl filled with v; it
// returns them with the number of 2022 ones that use 1520 mm lines.
func datedTruth(t *testing.T, tmpl string, v ...any) (string, int) {
	t.Helper()
	g, err := network.Load(folderWith(t, tmpl, v...))
	if err != nil {
		t.Fatal(err)
	}
	head := "id,kind,from,to,corridor,via,modes,month,low,high,source,note\n"
	var b strings.Builder
	b.WriteString(head)
	n1520 := 0
	trips := [][2]string{{"CNXIY", "PLLOD"}, {"CNXIY", "DEDUI"}, {"KZDOS", "PLLOD"}, {"CNXIY", "KZSCO"}, {"CNAKL", "KZDOS"}, {"KZDOS", "DEDUI"}}
	for _, month := range []string{"2019-01", "2022-06"} {
		for i, tr := range trips {
			r := modelled(t, g, fmt.Sprintf("t%d-%s,transit_days,%s,%s,,,rail,%s,1,1,test-a,", i, month, tr[0], tr[1], month))
			m := *r.Modelled
			fmt.Fprintf(&b, "t%d-%s,transit_days,%s,%s,,,rail,%s,%g,%g,test-a,\n", i, month, tr[0], tr[1], month, m, m)
			if month == "2022-06" && slices.ContainsFunc(r.Itinerary.Legs, func(l route.Leg) bool { return l.GaugeMM == 1520 }) {
				n1520++
			}
		}
	}
	a, _ := g.NodeByID("KZDOS")
	c, _ := g.NodeByID("CNAKL")
	x := g.Node(a).BorderMedianHours + g.Node(c).BorderMedianHours
	fmt.Fprintf(&b, "x-border,crossing_hours,KZDOS,CNAKL,,,,2019-01,%g,%g,test-a,\n", x, x)
	return b.String(), n1520
}

const ontoParams = `id,kind,select,low,high,value,fitted,source,note
ht-west,handling_time,nodes=KZDOS onto=rail:1520,0.5,10,%g,,,
ht,handling_time,nodes=KZDOS|CNAKL,0.5,10,%g,,,
`

// TestRecoverOnto: observations made with a slow westbound transshipment
// at Dostyk (onto 1520 mm, factor 4) and an undirected factor 1.5 are
// fitted back from 1 (with a slight prior: three observations each): the
// directional factor is informed by the westbound trips only, and both
// come out near the truth.
func TestRecoverOnto(t *testing.T) {
	want := []float64{4, 1.5}
	g, err := network.Load(folderWith(t, ontoParams, want[0], want[1]))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("id,kind,from,to,corridor,via,modes,month,low,high,source,note\n")
	trips := [][2]string{{"CNXIY", "KZSCO"}, {"CNXIY", "PLLOD"}, {"CNXIY", "DEDUI"}, {"KZSCO", "CNXIY"}, {"AZBAK", "CNXIY"}, {"KZSCO", "CNAKL"}}
	for i, tr := range trips {
		row := fmt.Sprintf("t%d,transit_days,%s,%s,,,rail;ferry,2019-01,1,1,test-a,", i, tr[0], tr[1])
		m := *modelled(t, g, row).Modelled
		fmt.Fprintf(&b, "t%d,transit_days,%s,%s,,,rail;ferry,2019-01,%g,%g,test-a,\n", i, tr[0], tr[1], m, m)
	}
	rep := fit(t, folderWith(t, ontoParams, 1.0, 1.0), b.String(), calibrate.Options{Folds: 0, Rounds: 4, Prior: 0.001})
	near(t, rep, want)
	for _, id := range rep.Params[0].Observations {
		if id != "t0" && id != "t1" && id != "t2" {
			t.Errorf("the westbound factor is informed by %s, an eastbound trip", id)
		}
	}
	if rep.After.Overall.InRange != rep.After.Overall.N {
		t.Errorf("after the fit %d of %d in range, want all", rep.After.Overall.InRange, rep.After.Overall.N)
	}
}
