package resilience

import (
	"fmt"
	"sort"
	"strings"

	"corridor/assign"
	"corridor/network"
)

// Sets are the element sets Select knows, besides ids and combinations.
var Sets = []string{"all", "links", "ferries", "sea", "borders", "ports", "chokepoints"}

// Select turns element specs into cases on g. A spec is
//   - a set: "all" (every link row, border crossing, port and
//     chokepoint), "links" (every link row: its two directions fail
//     together), "ferries", "sea" (sea lanes), "borders" (a border crossing:
//     both border stations), "ports" or "chokepoints";
//   - one element: a node id (or a name that names one node) or a link
//     row id;
//   - a combination (N-k), failing together: elements joined by "+", where
//     an element may also be "passage:caspian", "passage:suez" or
//     "passage:cape" (every link of that passage), or "ferries:TAG" (the
//     ferry links of corridor TAG, e.g. ferries:europe for the Black Sea
//     and Baltic ferries).
//
// Nodes in skip (the origins and destinations of the demand) are left out
// of sets, so that a set ranks what carries the flow rather than where it
// starts; naming one explicitly is allowed. Duplicate cases (same id) are
// kept once.
func Select(g *network.Graph, specs []string, skip map[network.NodeID]bool) ([]Case, error) {
	var out []Case
	seen := map[string]bool{}
	add := func(c Case) {
		if !seen[c.ID] {
			seen[c.ID] = true
			out = append(out, c)
		}
	}
	for _, spec := range specs {
		spec = strings.TrimSpace(spec)
		if spec == "" {
			continue
		}
		if strings.Contains(spec, "+") || strings.Contains(spec, ":") {
			c, err := combination(g, spec)
			if err != nil {
				return nil, err
			}
			add(c)
			continue
		}
		switch spec {
		case "all":
			for _, s := range []string{"links", "borders", "ports", "chokepoints"} {
				for _, c := range set(g, s, skip) {
					add(c)
				}
			}
		case "links", "ferries", "sea", "borders", "ports", "chokepoints":
			for _, c := range set(g, spec, skip) {
				add(c)
			}
		default:
			c, err := element(g, spec)
			if err != nil {
				return nil, err
			}
			add(c)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no element selected (give ids, combinations joined by +, or a set: %s)", strings.Join(Sets, ", "))
	}
	return out, nil
}

// linkCase is a link row: the link and its twin.
func linkCase(g *network.Graph, l network.LinkID) Case {
	lk := g.Link(l)
	if lk.Reverse && lk.Twin != network.None {
		l, lk = lk.Twin, g.Link(lk.Twin)
	}
	c := Case{ID: lk.ID, Name: g.Node(lk.From).Name + " – " + g.Node(lk.To).Name, Kind: "link", Links: []network.LinkID{l}}
	if lk.Twin != network.None {
		c.Links = append(c.Links, lk.Twin)
	}
	switch lk.Mode {
	case network.Ferry:
		c.Kind = "ferry"
	case network.Sea:
		c.Kind = "sea"
	}
	return c
}

func nodeCase(g *network.Graph, n network.NodeID) Case {
	nd := g.Node(n)
	c := Case{ID: nd.ID, Name: nd.Name, Kind: "node", Nodes: []network.NodeID{n}}
	switch nd.Kind {
	case network.Border:
		c.Kind = "border"
		if p := nd.BorderPair; p != network.None {
			c.Nodes = append(c.Nodes, p)
			a, b := nd, g.Node(p)
			if b.ID < a.ID {
				a, b = b, a
			}
			c.ID, c.Name = a.ID+"+"+b.ID, a.Name+" / "+b.Name
		}
	case network.Seaport:
		c.Kind = "port"
	case network.Chokepoint:
		c.Kind = "chokepoint"
	}
	return c
}

func set(g *network.Graph, name string, skip map[network.NodeID]bool) []Case {
	var out []Case
	switch name {
	case "links", "ferries", "sea":
		for i := 0; i < g.NumLinks(); i++ {
			lk := g.Link(network.LinkID(i))
			if lk.Reverse || lk.Closed {
				continue
			}
			if (name == "ferries" && lk.Mode != network.Ferry) || (name == "sea" && lk.Mode != network.Sea) {
				continue
			}
			out = append(out, linkCase(g, network.LinkID(i)))
		}
	case "borders", "ports", "chokepoints":
		want := map[string]network.NodeKind{"borders": network.Border, "ports": network.Seaport, "chokepoints": network.Chokepoint}[name]
		for i := 0; i < g.NumNodes(); i++ {
			n := network.NodeID(i)
			nd := g.Node(n)
			if nd.Kind != want || nd.Closed || skip[n] {
				continue
			}
			if want == network.Border && nd.BorderPair != network.None && (skip[nd.BorderPair] || nd.BorderPair < n) {
				continue // the pair is one case, made from its first node
			}
			out = append(out, nodeCase(g, n))
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// element resolves one id or name.
func element(g *network.Graph, ref string) (Case, error) {
	if l, ok := g.LinkByID(ref); ok {
		return linkCase(g, l), nil
	}
	if l, ok := g.LinkByID(strings.TrimSuffix(ref, "~r")); ok {
		return linkCase(g, l), nil
	}
	n, cands, ok := g.Resolve(ref)
	if ok {
		return nodeCase(g, n), nil
	}
	if len(cands) > 0 {
		var ids []string
		for i, c := range cands {
			if i == 6 {
				break
			}
			ids = append(ids, g.Node(c).ID)
		}
		return Case{}, fmt.Errorf("element %q is ambiguous: it may be %s; give a node or link id", ref, strings.Join(ids, ", "))
	}
	return Case{}, fmt.Errorf("unknown element %q: not a node or link id, a node name, or a set (%s)", ref, strings.Join(Sets, ", "))
}

// combination resolves elements joined by "+".
func combination(g *network.Graph, spec string) (Case, error) {
	c := Case{ID: spec, Kind: "combination"}
	var names []string
	links := map[network.LinkID]bool{}
	nodes := map[network.NodeID]bool{}
	for _, part := range strings.Split(spec, "+") {
		part = strings.TrimSpace(part)
		if part == "" {
			return Case{}, fmt.Errorf("combination %q has an empty element", spec)
		}
		if kind, arg, ok := strings.Cut(part, ":"); ok {
			var ls []network.LinkID
			switch kind {
			case "passage":
				want := map[string]network.Passage{"caspian": network.TransCaspian, "suez": network.SuezPassage, "cape": network.CapePassage}
				p, ok := want[arg]
				if !ok {
					return Case{}, fmt.Errorf("combination %q: unknown passage %q (expected caspian, suez or cape)", spec, arg)
				}
				for i := 0; i < g.NumLinks(); i++ {
					if !g.Link(network.LinkID(i)).Closed && g.PassageOf(network.LinkID(i)) == p {
						ls = append(ls, network.LinkID(i))
					}
				}
				names = append(names, "every "+arg+" link")
			case "ferries":
				for i := 0; i < g.NumLinks(); i++ {
					lk := g.Link(network.LinkID(i))
					if lk.Mode == network.Ferry && !lk.Closed && lk.HasCorridor(arg) {
						ls = append(ls, network.LinkID(i))
					}
				}
				names = append(names, arg+" ferries")
			default:
				return Case{}, fmt.Errorf("combination %q: unknown group %q (expected passage:NAME or ferries:CORRIDOR)", spec, kind)
			}
			if len(ls) == 0 {
				return Case{}, fmt.Errorf("combination %q: %q selects no link", spec, part)
			}
			for _, l := range ls {
				links[l] = true
			}
			continue
		}
		e, err := element(g, part)
		if err != nil {
			return Case{}, fmt.Errorf("combination %q: %w", spec, err)
		}
		names = append(names, e.Name)
		for _, l := range e.Links {
			links[l] = true
		}
		for _, n := range e.Nodes {
			nodes[n] = true
		}
	}
	for l := range links {
		c.Links = append(c.Links, l)
	}
	for n := range nodes {
		c.Nodes = append(c.Nodes, n)
	}
	sort.Slice(c.Links, func(i, j int) bool { return c.Links[i] < c.Links[j] })
	sort.Slice(c.Nodes, func(i, j int) bool { return c.Nodes[i] < c.Nodes[j] })
	c.Name = strings.Join(names, " + ")
	return c, nil
}

// Endpoints returns the nodes where demand starts or ends, which sets
// leave out.
func Endpoints(g *network.Graph, demand []assign.Demand) (map[network.NodeID]bool, error) {
	out := map[network.NodeID]bool{}
	for _, d := range demand {
		for _, ref := range []string{d.Origin, d.Destination} {
			n, _, ok := g.Resolve(ref)
			if !ok {
				return nil, fmt.Errorf("line %d: unknown or ambiguous place %q", d.Line, ref)
			}
			out[n] = true
		}
	}
	return out, nil
}
