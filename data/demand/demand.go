// Package demand holds corridor's bundled, illustrative origin–destination
// freight demand (TEU per year) for the freight assignment: 2024 from
// published China–Europe volumes and a 2030 variant with the World Bank's
// tripling of Middle Corridor volumes. README.md beside this file gives the
// derivation and sources.
package demand

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"

	"corridor/assign"
)

//go:embed *.csv
var files embed.FS

// Names lists the bundled demand sets (file names without .csv).
func Names() []string {
	names, _ := fs.Glob(files, "*.csv")
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = strings.TrimSuffix(n, ".csv")
	}
	sort.Strings(out)
	return out
}

// Load reads the bundled demand set called name.
func Load(name string) ([]assign.Demand, error) {
	if strings.ContainsAny(name, "/\\") {
		return nil, fmt.Errorf("unknown demand set %q", name)
	}
	b, err := files.ReadFile(name + ".csv")
	if err != nil {
		return nil, fmt.Errorf("unknown demand set %q (bundled: %s)", name, strings.Join(Names(), ", "))
	}
	return assign.ReadDemand(bytes.NewReader(b), name+".csv")
}
