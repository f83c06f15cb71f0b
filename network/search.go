package network

import (
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// foldExtra maps letters that carry no combining mark in Unicode and so
// survive decomposition (Ł, ı, ə, ø, ß, ...) to plain Latin.
var foldExtra = strings.NewReplacer(
	"ł", "l", "Ł", "l", "ı", "i", "İ", "i", "ə", "e", "Ə", "e", "ø", "o", "Ø", "o",
	"đ", "d", "Đ", "d", "ß", "ss", "æ", "ae", "Æ", "ae", "œ", "oe", "Œ", "oe", "ħ", "h",
	"’", "'", "‘", "'", "ʼ", "'", "–", "-", "—", "-",
)

// Fold returns s in lower case without accents, for matching place names:
// Fold("Łódź") == "lodz", Fold("Constanța") == "constanta".
func Fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(s)
	}
	s = foldExtra.Replace(s)
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		out = s
	}
	return strings.ToLower(out)
}

// Match is a node found by FindNodes, with how well it matched.
type Match struct {
	Node  NodeID
	Score int // lower is better: 0 id, 1 name, 2 alias, 3 prefix, 4 word prefix, 5 substring
	// byAlias is set when only an alias scored Score: at equal scores a
	// match on the name ranks first ("xi" lists Xi'an before Tianjin,
	// whose alias is Xingang).
	byAlias bool
}

// MaxQueryLength is the number of characters of a query that FindNodes and
// Resolve look at; the rest is cut, so matching costs at most this many
// characters per name, whatever is sent. No id, name or alias is longer.
const MaxQueryLength = 200

// cutQuery trims s and cuts it to MaxQueryLength characters.
func cutQuery(s string) string {
	s = strings.TrimSpace(s)
	if len(s) <= MaxQueryLength {
		return s
	}
	n := 0
	for i := range s {
		if n == MaxQueryLength {
			return s[:i]
		}
		n++
	}
	return s
}

// FindNodes returns the nodes whose id, name or an alias matches query,
// ignoring case and accents ("lodz" finds Łódź), best matches first. An
// empty query matches every node. Only the first MaxQueryLength characters
// of query count.
func (g *Graph) FindNodes(query string) []Match {
	q := Fold(cutQuery(query))
	var out []Match
	for i := range g.nodes {
		if s, alias, ok := matchScore(q, &g.folded[i]); ok {
			out = append(out, Match{Node: NodeID(i), Score: s, byAlias: alias})
		}
	}
	sort.SliceStable(out, func(a, b int) bool {
		if out[a].Score != out[b].Score {
			return out[a].Score < out[b].Score
		}
		if out[a].byAlias != out[b].byAlias {
			return !out[a].byAlias
		}
		return g.nodes[out[a].Node].Name < g.nodes[out[b].Node].Name
	})
	return out
}

// foldedNames are a node's id, name and aliases folded for matching,
// computed once when the graph is built. names[0] is the name; words holds
// each name with separators turned into spaces and a leading space.
type foldedNames struct {
	id    string
	names []string
	words []string
}

// foldSep turns name separators into spaces (built once: a Replacer per
// node cost 340 bytes a node when a graph was built).
var foldSep = strings.NewReplacer("-", " ", "(", " ", "/", " ")

func foldNode(n *Node) foldedNames {
	f := foldedNames{id: Fold(n.ID)}
	sep := foldSep
	for _, s := range append([]string{n.Name}, n.Aliases...) {
		name := Fold(s)
		f.names = append(f.names, name)
		f.words = append(f.words, " "+sep.Replace(name))
	}
	return f
}

// minSubstring is the shortest query (in bytes of its folded form) that may
// match inside a word: "osh" finds Osh (a name) and Oshkosh (a prefix) but
// not Tashkent's alias Toshkent nor Lőkösháza, which a three-letter query
// hits by chance.
const minSubstring = 4

func matchScore(q string, n *foldedNames) (score int, byAlias, ok bool) {
	if q == "" {
		return 6, false, true
	}
	if n.id == q {
		return 0, false, true
	}
	best, bestAlias := -1, false
	for i, name := range n.names {
		s := -1
		switch {
		case name == q && i == 0:
			s = 1
		case name == q:
			s = 2
		case strings.HasPrefix(name, q):
			s = 3
		case strings.Contains(n.words[i], " "+q):
			s = 4
		case len(q) >= minSubstring && strings.Contains(name, q):
			s = 5
		}
		if s >= 0 && (best < 0 || s < best) {
			best, bestAlias = s, i > 0
		}
	}
	if best < 0 && strings.HasPrefix(n.id, q) {
		best = 3
	}
	return best, bestAlias, best >= 0
}

// Resolve finds exactly one node for a user's reference: an exact id, or a
// name or alias (case- and accent-insensitive) that identifies one node.
// When it cannot, it returns the closest candidates as suggestions.
// Only the first MaxQueryLength characters of ref count.
func (g *Graph) Resolve(ref string) (NodeID, []NodeID, bool) {
	ref = cutQuery(ref)
	if n, ok := g.nodeIndex[strings.TrimSpace(ref)]; ok {
		return n, nil, true
	}
	// A name or alias that belongs to exactly one node.
	if ns := g.nameIndex[Fold(strings.TrimSpace(ref))]; len(ns) == 1 {
		return ns[0], nil, true
	}
	ms := g.FindNodes(ref)
	if len(ms) > 0 && ms[0].Score <= 3 && (len(ms) == 1 || ms[1].Score > ms[0].Score) {
		return ms[0].Node, nil, true
	}
	if len(ms) == 1 {
		return ms[0].Node, nil, true
	}
	var sugg []NodeID
	for i := 0; i < len(ms) && i < 5; i++ {
		sugg = append(sugg, ms[i].Node)
	}
	if len(sugg) == 0 {
		sugg = g.nearestNames(Fold(ref), 3)
	}
	return None, sugg, false
}

// nearestNames returns the k nodes whose folded names are closest to q by
// edit distance, for "did you mean" suggestions.
func (g *Graph) nearestNames(q string, k int) []NodeID {
	type cand struct {
		n NodeID
		d int
	}
	cs := make([]cand, 0, len(g.nodes))
	for i := range g.nodes {
		d := EditDistance(q, g.folded[i].names[0])
		for _, a := range g.folded[i].names[1:] {
			d = min(d, EditDistance(q, a))
		}
		cs = append(cs, cand{NodeID(i), d})
	}
	sort.SliceStable(cs, func(a, b int) bool { return cs[a].d < cs[b].d })
	var out []NodeID
	for i := 0; i < len(cs) && i < k; i++ {
		if cs[i].d <= maxSuggestDistance(q) {
			out = append(out, cs[i].n)
		}
	}
	return out
}

// maxSuggestDistance is how many edits a name may be from q to be
// suggested: one for a query of up to four letters (two edits would make
// most short names "close"), a third of the letters (at least two) for a
// longer one.
func maxSuggestDistance(q string) int {
	n := len([]rune(q))
	if n <= 4 {
		return 1
	}
	return max(2, n/3)
}

// EditDistance is the Levenshtein distance between a and b in runes (the
// CLI uses it to suggest flags too).
func EditDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
