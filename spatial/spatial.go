package spatial

import (
	"math"
	"sort"

	"corridor/network"
)

// EarthRadiusKm is the mean Earth radius (IUGG), the sphere every distance in
// this package is measured on.
const EarthRadiusKm = 6371.0088

// GreatCircleKm is the great-circle distance in km between two points given
// in degrees (haversine formula).
func GreatCircleKm(lon1, lat1, lon2, lat2 float64) float64 {
	const rad = math.Pi / 180
	dLat := (lat2 - lat1) * rad
	dLon := (lon2 - lon1) * rad
	a := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	if a > 1 {
		a = 1
	}
	return 2 * EarthRadiusKm * math.Asin(math.Sqrt(a))
}

// unit returns the point's unit vector.
func unit(lon, lat float64) [3]float64 {
	const rad = math.Pi / 180
	cl := math.Cos(lat * rad)
	return [3]float64{cl * math.Cos(lon*rad), cl * math.Sin(lon*rad), math.Sin(lat * rad)}
}

// chordToKm converts a squared chord length on the unit sphere to a
// great-circle distance in km.
func chordToKm(c2 float64) float64 {
	c := math.Sqrt(c2) / 2
	if c > 1 {
		c = 1
	}
	return 2 * EarthRadiusKm * math.Asin(c)
}

// Index is a static k-d tree of points on the sphere. It is immutable after
// New and safe for concurrent queries.
type Index struct {
	pts  [][3]float64 // in tree order: the median of each range is its root
	ids  []int32
	axes []uint8 // split axis of the subtree rooted at each position
}

// New builds an Index over points given as [lon, lat] in degrees; ids[i] is
// what Nearest returns for points[i]. It panics if the slices differ in
// length (a programming error).
func New(points [][2]float64, ids []int32) *Index {
	if len(points) != len(ids) {
		panic("spatial.New: points and ids differ in length")
	}
	ix := &Index{pts: make([][3]float64, len(points)), ids: make([]int32, len(ids)), axes: make([]uint8, len(points))}
	for i, p := range points {
		ix.pts[i] = unit(p[0], p[1])
		ix.ids[i] = ids[i]
	}
	ix.build(0, len(points))
	return ix
}

// Len is the number of points.
func (ix *Index) Len() int { return len(ix.pts) }

type byAxis struct {
	ix   *Index
	lo   int
	n    int
	axis int
}

func (s byAxis) Len() int           { return s.n }
func (s byAxis) Less(i, j int) bool { return s.ix.pts[s.lo+i][s.axis] < s.ix.pts[s.lo+j][s.axis] }
func (s byAxis) Swap(i, j int) {
	a, b := s.lo+i, s.lo+j
	s.ix.pts[a], s.ix.pts[b] = s.ix.pts[b], s.ix.pts[a]
	s.ix.ids[a], s.ix.ids[b] = s.ix.ids[b], s.ix.ids[a]
}

// build arranges pts[lo:hi] so that the middle element splits the range on
// the axis of widest spread, recursively.
func (ix *Index) build(lo, hi int) {
	if hi-lo <= 1 {
		return
	}
	var mn, mx [3]float64
	for d := 0; d < 3; d++ {
		mn[d], mx[d] = math.Inf(1), math.Inf(-1)
	}
	for _, p := range ix.pts[lo:hi] {
		for d := 0; d < 3; d++ {
			mn[d] = math.Min(mn[d], p[d])
			mx[d] = math.Max(mx[d], p[d])
		}
	}
	axis := 0
	for d := 1; d < 3; d++ {
		if mx[d]-mn[d] > mx[axis]-mn[axis] {
			axis = d
		}
	}
	sort.Sort(byAxis{ix: ix, lo: lo, n: hi - lo, axis: axis})
	mid := (lo + hi) / 2
	ix.axes[mid] = uint8(axis)
	ix.build(lo, mid)
	ix.build(mid+1, hi)
}

// Nearest returns the id of the point nearest to (lon, lat) and its
// great-circle distance in km; ok is false when the index is empty.
func (ix *Index) Nearest(lon, lat float64) (id int32, km float64, ok bool) {
	if len(ix.pts) == 0 {
		return 0, 0, false
	}
	q := unit(lon, lat)
	best, bestD := -1, math.Inf(1)
	ix.search(0, len(ix.pts), q, &best, &bestD)
	return ix.ids[best], chordToKm(bestD), true
}

func (ix *Index) search(lo, hi int, q [3]float64, best *int, bestD *float64) {
	for hi > lo {
		mid := (lo + hi) / 2
		p := ix.pts[mid]
		dx, dy, dz := p[0]-q[0], p[1]-q[1], p[2]-q[2]
		if d := dx*dx + dy*dy + dz*dz; d < *bestD {
			*best, *bestD = mid, d
		}
		if hi-lo == 1 {
			return
		}
		axis := ix.axes[mid]
		diff := q[axis] - p[axis]
		nearLo, nearHi, farLo, farHi := lo, mid, mid+1, hi
		if diff > 0 {
			nearLo, nearHi, farLo, farHi = mid+1, hi, lo, mid
		}
		ix.search(nearLo, nearHi, q, best, bestD)
		if diff*diff >= *bestD {
			return
		}
		lo, hi = farLo, farHi
	}
}

// Components labels the weakly connected components of g (links joined
// regardless of direction). comp[n] is node n's component, numbered from 0
// by decreasing size; sizes[c] is the number of nodes in component c.
func Components(g *network.Graph) (comp []int32, sizes []int) {
	n := g.NumNodes()
	parent := make([]int32, n)
	for i := range parent {
		parent[i] = int32(i)
	}
	find := func(x int32) int32 {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	for l := 0; l < g.NumLinks(); l++ {
		k := g.Link(network.LinkID(l))
		a, b := find(int32(k.From)), find(int32(k.To))
		if a != b {
			parent[a] = b
		}
	}
	count := map[int32]int{}
	for i := 0; i < n; i++ {
		count[find(int32(i))]++
	}
	roots := make([]int32, 0, len(count))
	for r := range count {
		roots = append(roots, r)
	}
	sort.Slice(roots, func(i, j int) bool {
		if count[roots[i]] != count[roots[j]] {
			return count[roots[i]] > count[roots[j]]
		}
		return roots[i] < roots[j]
	})
	label := make(map[int32]int32, len(roots))
	sizes = make([]int, len(roots))
	for i, r := range roots {
		label[r] = int32(i)
		sizes[i] = count[r]
	}
	comp = make([]int32, n)
	for i := 0; i < n; i++ {
		comp[i] = label[find(int32(i))]
	}
	return comp, sizes
}

// NodeIndex snaps points to the nodes of a graph's largest connected
// component. It is immutable and safe for concurrent use.
type NodeIndex struct {
	g          *network.Graph
	ix         *Index
	components int
	mainSize   int
}

// NewNodeIndex indexes the nodes of g's largest weakly connected component.
func NewNodeIndex(g *network.Graph) *NodeIndex {
	comp, sizes := Components(g)
	var pts [][2]float64
	var ids []int32
	for i := 0; i < g.NumNodes(); i++ {
		if comp[i] != 0 {
			continue
		}
		nd := g.Node(network.NodeID(i))
		pts = append(pts, [2]float64{nd.Lon, nd.Lat})
		ids = append(ids, int32(i))
	}
	ni := &NodeIndex{g: g, ix: New(pts, ids), components: len(sizes)}
	if len(sizes) > 0 {
		ni.mainSize = sizes[0]
	}
	return ni
}

// Graph is the graph the index was built for.
func (ni *NodeIndex) Graph() *network.Graph { return ni.g }

// Components is the number of connected components of the graph.
func (ni *NodeIndex) Components() int { return ni.components }

// MainSize is the number of nodes in the largest component (the ones indexed).
func (ni *NodeIndex) MainSize() int { return ni.mainSize }

// Snap returns the node of the main component nearest to (lon, lat) and the
// great-circle distance to it in km; ok is false for an empty graph.
func (ni *NodeIndex) Snap(lon, lat float64) (network.NodeID, float64, bool) {
	id, km, ok := ni.ix.Nearest(lon, lat)
	if !ok {
		return network.None, 0, false
	}
	return network.NodeID(id), km, true
}
