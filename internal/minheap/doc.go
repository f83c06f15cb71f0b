// Package minheap is the binary min-heap the searches and the simulation
// share: Heap[T] orders any element type by a less function given once, at
// construction.
//
// The heap is a plain slice in the usual implicit layout (the children of
// index i are 2i+1 and 2i+2), so Push and Pop are O(log n) and Init is
// O(n). It never allocates once its backing array has grown to the largest
// size a workload needs: Reset keeps the array, and New preallocates it.
// Elements that compare equal come out in no particular order; a caller
// that needs first-in first-out ties puts a sequence number in the element
// and compares it last.
//
// A heap with decrease-key (an index from element to position, as in
// container/heap's Fix) is not offered: lazy deletion — pushing the
// element again with its better key and skipping stale entries on Pop —
// serves the label-setting and Dijkstra searches here. Package assign keeps
// its own indexed heap, where measurement showed it faster.
package minheap
