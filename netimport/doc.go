// Package netimport reads networks made elsewhere into corridor's model.
//
// ReadGeoJSON imports line networks (sea lanes, rail or road centre lines)
// from GeoJSON: segments are measured along the great circle, nearby
// positions are merged within a tolerance, the antimeridian is stitched,
// line ends and junctions become nodes and the chains of segments between
// them links (every vertex a node on request), and connected components
// are reported (optionally keeping only the largest).
//
// ReadTNTP and the Read*TNTP functions read the TNTP text files of the
// transportation research community (_net, _trips, _node, _flow) into a
// TNTP value that keeps every array (BPR parameters, demand, best-known
// flows) for traffic assignment; TNTP.Graph turns it into a network.Graph
// of road links.
//
// WriteNetwork writes any Graph as a network folder in the CSV format of
// docs/DATA.md, so an import can be saved, edited and loaded with --network.
//
// Every reader takes a context and stops with its error when it is done,
// and returns errors that name the feature (GeoJSON) or the file and line
// (TNTP), classified errcode.Invalid; none panics on bad input (fuzz
// targets guard this). Imported records pass network's record rules
// through network.Builder.
package netimport
