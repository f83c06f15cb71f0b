package calibrate_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"corridor/calibrate"
	"corridor/network"
	"corridor/observe"
)

// Fit the 1520 mm running-time factor of the rated test network to one
// published transit time about 30% slower than the network's own (with a
// negligible prior, so that one observation decides).
func ExampleRun() {
	dir, _ := os.MkdirTemp("", "calibrate-example")
	defer os.RemoveAll(dir)
	_ = os.CopyFS(dir, os.DirFS("../network/testdata/rated"))
	_ = os.WriteFile(filepath.Join(dir, network.ParamsFile), []byte(
		"id,kind,select,low,high,value,fitted,source,note\n"+
			"rt-1520,run_time,mode=rail gauge=1520,0.5,3,1,,,\n"), 0o644)
	g, _ := network.Load(dir)
	obs, _ := observe.Read(strings.NewReader(
		"id,kind,from,to,corridor,via,modes,month,low,high,source,note\n"+
			"slow,transit_days,KZDOS,PLLOD,,,rail,2019-01,9,9.5,test-a,\n"), dir, g)
	rep, err := calibrate.Run(context.Background(), os.DirFS(dir), dir, obs, calibrate.Options{Prior: 1e-4})
	if err != nil {
		fmt.Println(err)
		return
	}
	p := rep.Params[0]
	fmt.Printf("%s: %g → %.2f, fitted to %v\n", p.ID, p.Before, p.After, p.Observations)
	fmt.Printf("in range: %d → %d of %d\n", rep.Before.Overall.InRange, rep.After.Overall.InRange, rep.After.Overall.N)
	// Output:
	// rt-1520: 1 → 1.28, fitted to [slow]
	// in range: 0 → 1 of 1
}
