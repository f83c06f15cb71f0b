package minheap

import "cmp"

// Item is a value with its key.
type Item[K cmp.Ordered, V any] struct {
	Key   K
	Value V
}

// Heap is a binary min-heap of values ordered by their keys. The zero value
// is an empty heap ready to use.
type Heap[K cmp.Ordered, V any] struct {
	a []Item[K, V]
}

// New returns an empty heap with room for capacity items before its first
// allocation.
func New[K cmp.Ordered, V any](capacity int) Heap[K, V] {
	return Heap[K, V]{a: make([]Item[K, V], 0, capacity)}
}

// Len is the number of items in the heap.
func (h *Heap[K, V]) Len() int { return len(h.a) }

// Reset empties the heap, keeping its backing array.
func (h *Heap[K, V]) Reset() { h.a = h.a[:0] }

// Min returns the item with the least key without removing it. The heap
// must not be empty.
func (h *Heap[K, V]) Min() (K, V) { return h.a[0].Key, h.a[0].Value }

// Push adds value v with key k.
func (h *Heap[K, V]) Push(k K, v V) {
	h.a = append(h.a, Item[K, V]{k, v})
	a := h.a
	i := len(a) - 1
	for i > 0 {
		p := (i - 1) / 2
		if !(k < a[p].Key) {
			break
		}
		a[i] = a[p]
		i = p
	}
	a[i] = Item[K, V]{k, v}
}

// Pop removes and returns the item with the least key. The heap must not be
// empty.
func (h *Heap[K, V]) Pop() (K, V) {
	a := h.a
	top := a[0]
	last := len(a) - 1
	x := a[last]
	h.a = a[:last]
	if last > 0 {
		h.down(0, x)
	}
	return top.Key, top.Value
}

// Init makes items the heap's backing array (the heap takes ownership) and
// orders them in O(len(items)).
func (h *Heap[K, V]) Init(items []Item[K, V]) {
	h.a = items
	for i := len(items)/2 - 1; i >= 0; i-- {
		h.down(i, items[i])
	}
}

// down places x, taken out of position i, at i or below it.
func (h *Heap[K, V]) down(i int, x Item[K, V]) {
	a := h.a
	n := len(a)
	for {
		c := 2*i + 1
		if c >= n {
			break
		}
		if r := c + 1; r < n && a[r].Key < a[c].Key {
			c = r
		}
		if !(a[c].Key < x.Key) {
			break
		}
		a[i] = a[c]
		i = c
	}
	a[i] = x
}
