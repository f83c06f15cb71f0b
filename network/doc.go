// Package network is corridor's model of a multimodal freight network: nodes
// (terminals, ports, border stations, junctions, sea waypoints and
// chokepoints), directed links by mode (rail with its gauge, road, sea,
// ferry, inland waterway), scheduled services on links, countries and
// country groups, corridor tags and the sources every record cites.
//
// A network is read from a folder of CSV files (format in docs/DATA.md) by
// Load or LoadFS, which validate everything and report every problem at once
// with its file, line and column as a *ValidationError. The result is an
// immutable Graph with compact integer ids (NodeID, LinkID, ServiceID) and
// compressed sparse row adjacency, safe to share between goroutines; string
// ids are used only at the edges (files, CLI, API).
package network
