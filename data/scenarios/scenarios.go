// Package scenarios holds corridor's bundled example scenarios (JSON files
// beside this one, embedded in the binary): red-sea-closed,
// northern-sanctioned, caspian-ferry-expansion, dostyk-fast-border,
// cku-railway-open, rasht-astara-railway, carbon-price-100 and
// afghanistan-transit. Each cites its sources.
package scenarios

import (
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"

	"corridor/scenario"
)

//go:embed *.json
var files embed.FS

// All returns every bundled scenario, sorted by name.
func All() ([]*scenario.Scenario, error) {
	names, err := fs.Glob(files, "*.json")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	out := make([]*scenario.Scenario, 0, len(names))
	for _, n := range names {
		b, err := files.ReadFile(n)
		if err != nil {
			return nil, err
		}
		s, err := scenario.Decode(b)
		if err != nil {
			return nil, fmt.Errorf("bundled scenario %s: %w", n, err)
		}
		if s.Name+".json" != n {
			return nil, fmt.Errorf("bundled scenario %s is named %q", n, s.Name)
		}
		out = append(out, s)
	}
	return out, nil
}

// Get returns the bundled scenario called name.
func Get(name string) (*scenario.Scenario, bool) {
	if strings.ContainsAny(name, "/\\.") {
		return nil, false
	}
	b, err := files.ReadFile(name + ".json")
	if err != nil {
		return nil, false
	}
	s, err := scenario.Decode(b)
	if err != nil {
		return nil, false
	}
	return s, true
}
