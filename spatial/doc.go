// Package spatial finds the nearest network node to a point on the Earth.
//
// Index is a static k-d tree over unit vectors on the sphere (x, y, z), so
// nearest-neighbour order is exact great-circle order, and the antimeridian
// and the poles need no special case: lon −180 and +180 are the same point.
// Building takes O(n log n); a query visits O(log n) nodes on typical data.
//
// NodeIndex builds an Index over the nodes of a network.Graph's largest
// connected component, so that a point is never snapped onto a detached
// fragment (a short lane stub near a port, say) from which nothing is
// reachable. Distances are great-circle kilometres on a sphere of radius
// EarthRadiusKm (the IUGG mean radius, as Turf.js uses).
package spatial
