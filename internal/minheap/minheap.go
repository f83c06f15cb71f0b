package minheap

// Heap is a binary min-heap of T under a less function. The zero value is
// not usable: make one with New.
type Heap[T any] struct {
	a    []T
	less func(a, b T) bool
}

// New returns an empty heap ordered by less (a strict weak order: less(a, b)
// reports whether a must come out before b), with room for capacity
// elements before its first allocation.
func New[T any](less func(a, b T) bool, capacity int) Heap[T] {
	return Heap[T]{a: make([]T, 0, capacity), less: less}
}

// Len is the number of elements in the heap.
func (h *Heap[T]) Len() int { return len(h.a) }

// Reset empties the heap, keeping its backing array.
func (h *Heap[T]) Reset() { h.a = h.a[:0] }

// Min returns the least element without removing it. The heap must not be
// empty.
func (h *Heap[T]) Min() T { return h.a[0] }

// Push adds x.
func (h *Heap[T]) Push(x T) {
	h.a = append(h.a, x)
	a, less := h.a, h.less
	i := len(a) - 1
	for i > 0 {
		p := (i - 1) / 2
		if !less(x, a[p]) {
			break
		}
		a[i] = a[p]
		i = p
	}
	a[i] = x
}

// Pop removes and returns the least element. The heap must not be empty.
func (h *Heap[T]) Pop() T {
	a := h.a
	top := a[0]
	last := len(a) - 1
	x := a[last]
	a = a[:last]
	h.a = a
	if last > 0 {
		h.down(0, x)
	}
	return top
}

// Init orders the elements of s into a heap in O(len(s)) and makes s the
// heap's backing array (the heap takes ownership of s).
func (h *Heap[T]) Init(s []T) {
	h.a = s
	for i := len(s)/2 - 1; i >= 0; i-- {
		h.down(i, s[i])
	}
}

// down places x, taken out of position i, at i or below it.
func (h *Heap[T]) down(i int, x T) {
	a, less := h.a, h.less
	n := len(a)
	for {
		c := 2*i + 1
		if c >= n {
			break
		}
		if r := c + 1; r < n && less(a[r], a[c]) {
			c = r
		}
		if !less(a[c], x) {
			break
		}
		a[i] = a[c]
		i = c
	}
	a[i] = x
}
