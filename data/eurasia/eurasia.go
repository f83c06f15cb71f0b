// Package eurasia holds corridor's bundled network of the China–Central
// Asia–Europe trade corridors, compiled into the binary. The CSV files beside
// this one are the data; docs/DATA.md describes their format and the README
// says how they were checked against published figures.
package eurasia

import (
	"embed"

	"corridor/network"
)

// Files is the bundled network folder (the CSV files of this package).
//
//go:embed *.csv
var Files embed.FS

// Name is how the bundled network is named in messages.
const Name = "bundled eurasia network"

// Load parses and validates the bundled network.
func Load() (*network.Graph, error) {
	return network.LoadFS(Files, Name)
}
