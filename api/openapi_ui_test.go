package api_test

// The web UI's TypeScript types are generated from api/openapi.json (npm run
// gen:api in web/), so the document must say exactly what the server sends.
// This test sends the UI's requests to the real handler on the bundled
// network and checks every answer, and every server-sent event, against the
// document with a small JSON Schema checker (the subset the document uses:
// $ref, type, enum, const, properties, required, additionalProperties,
// items, minItems, maxItems, minLength, pattern, oneOf, anyOf, allOf,
// if/then/else, format date-time). Unlike a
// lenient validator it names the offending field, and it fails on a keyword
// it does not know, so that the document cannot silently outgrow it.

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"corridor/api"
)

// schemaChecker checks JSON values against the schemas of an OpenAPI document.
type schemaChecker struct {
	doc map[string]any
}

func newSchemaChecker(t *testing.T) *schemaChecker {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(api.OpenAPI(), &doc); err != nil {
		t.Fatal(err)
	}
	return &schemaChecker{doc}
}

// resolve follows a local JSON pointer ("#/components/schemas/Leg").
func (c *schemaChecker) resolve(ref string) (map[string]any, error) {
	if !strings.HasPrefix(ref, "#/") {
		return nil, fmt.Errorf("unsupported $ref %q", ref)
	}
	var cur any = c.doc
	for _, tok := range strings.Split(ref[2:], "/") {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("$ref %q: %q is not in an object", ref, tok)
		}
		if cur, ok = m[tok]; !ok {
			return nil, fmt.Errorf("$ref %q: no %q", ref, tok)
		}
	}
	s, ok := cur.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("$ref %q is not a schema", ref)
	}
	return s, nil
}

// annotations are keywords that do not constrain what the server sends (or
// that the checker deliberately leaves to the server's own validation).
var annotations = map[string]bool{
	"description": true, "title": true, "example": true, "examples": true, "default": true, "deprecated": true,
	"minimum": true, "maximum": true, "exclusiveMinimum": true, "exclusiveMaximum": true,
}

func jsonType(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case float64:
		if x == math.Trunc(x) && !math.IsInf(x, 0) {
			return "integer"
		}
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

// check returns the ways v breaks schema s, each prefixed with its path.
func (c *schemaChecker) check(s map[string]any, v any, path string) []string {
	var errs []string
	fail := func(format string, args ...any) { errs = append(errs, path+": "+fmt.Sprintf(format, args...)) }
	keys := make([]string, 0, len(s))
	for k := range s {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		kw := s[k]
		switch {
		case annotations[k] || strings.HasPrefix(k, "x-"):
		case k == "$ref":
			target, err := c.resolve(kw.(string))
			if err != nil {
				fail("%v", err)
				continue
			}
			errs = append(errs, c.check(target, v, path)...)
		case k == "type":
			var types []string
			switch t := kw.(type) {
			case string:
				types = []string{t}
			case []any:
				for _, x := range t {
					types = append(types, x.(string))
				}
			}
			got := jsonType(v)
			if !slices.Contains(types, got) && (got != "integer" || !slices.Contains(types, "number")) {
				fail("%s, want %s", got, strings.Join(types, " or "))
				return errs // the other keywords would only repeat this
			}
		case k == "enum":
			if !slices.ContainsFunc(kw.([]any), func(e any) bool { return reflect.DeepEqual(e, v) }) {
				fail("%v is not one of %v", v, kw)
			}
		case k == "const":
			if !reflect.DeepEqual(kw, v) {
				fail("%v, want %v", v, kw)
			}
		case k == "pattern":
			if str, ok := v.(string); ok && !regexp.MustCompile(kw.(string)).MatchString(str) {
				fail("%q does not match %s", str, kw)
			}
		case k == "format":
			if str, ok := v.(string); ok && kw == "date-time" {
				if _, err := time.Parse(time.RFC3339Nano, str); err != nil {
					fail("%q is not an RFC 3339 date-time", str)
				}
			}
		case k == "properties":
			obj, ok := v.(map[string]any)
			if !ok {
				continue
			}
			props := kw.(map[string]any)
			for _, name := range sortedKeys(obj) {
				if ps, ok := props[name]; ok {
					errs = append(errs, c.check(ps.(map[string]any), obj[name], path+"."+name)...)
				}
			}
		case k == "required":
			if obj, ok := v.(map[string]any); ok {
				for _, name := range kw.([]any) {
					if _, ok := obj[name.(string)]; !ok {
						fail("required %q is missing", name)
					}
				}
			}
		case k == "additionalProperties":
			obj, ok := v.(map[string]any)
			if !ok {
				continue
			}
			props, _ := s["properties"].(map[string]any)
			for _, name := range sortedKeys(obj) {
				if _, known := props[name]; known {
					continue
				}
				switch a := kw.(type) {
				case bool:
					if !a {
						fail("%q is not in the schema (additionalProperties: false)", name)
					}
				case map[string]any:
					errs = append(errs, c.check(a, obj[name], path+"."+name)...)
				}
			}
		case k == "items":
			if arr, ok := v.([]any); ok {
				for i, x := range arr {
					errs = append(errs, c.check(kw.(map[string]any), x, fmt.Sprintf("%s[%d]", path, i))...)
				}
			}
		case k == "minItems" || k == "maxItems":
			if arr, ok := v.([]any); ok {
				n := int(kw.(float64))
				if k == "minItems" && len(arr) < n || k == "maxItems" && len(arr) > n {
					fail("%d items, %s %d", len(arr), k, n)
				}
			}
		case k == "minLength":
			if str, ok := v.(string); ok && len([]rune(str)) < int(kw.(float64)) {
				fail("%q is shorter than %v", str, kw)
			}
		case k == "maxLength":
			if str, ok := v.(string); ok && len([]rune(str)) > int(kw.(float64)) {
				fail("%q is longer than %v", str, kw)
			}
		case k == "allOf":
			for _, alt := range kw.([]any) {
				errs = append(errs, c.check(alt.(map[string]any), v, path)...)
			}
		case k == "anyOf":
			var first []string
			for _, alt := range kw.([]any) {
				e := c.check(alt.(map[string]any), v, path)
				if len(e) == 0 {
					first = nil
					break
				}
				if first == nil || len(e) < len(first) {
					first = e
				}
			}
			if first != nil {
				fail("matches no anyOf alternative; the closest fails with: %s", strings.Join(first, "; "))
			}
		case k == "if":
			branch := "else"
			if len(c.check(kw.(map[string]any), v, path)) == 0 {
				branch = "then"
			}
			if b, ok := s[branch].(map[string]any); ok {
				errs = append(errs, c.check(b, v, path)...)
			}
		case k == "then" || k == "else": // with if
		case k == "oneOf":
			var matched []int
			var first []string
			for i, alt := range kw.([]any) {
				e := c.check(alt.(map[string]any), v, path)
				if len(e) == 0 {
					matched = append(matched, i)
				} else if first == nil || len(e) < len(first) {
					first = e
				}
			}
			switch len(matched) {
			case 0:
				fail("matches no oneOf alternative; the closest fails with: %s", strings.Join(first, "; "))
			case 1:
			default:
				fail("matches oneOf alternatives %v (exactly one must match)", matched)
			}
		default:
			fail("the checker does not know the keyword %q: teach it, or do without", k)
		}
	}
	return errs
}

func sortedKeys(m map[string]any) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// pathTemplate finds the document's path template that matches a request path.
func (c *schemaChecker) pathTemplate(p string) (string, map[string]any) {
	p, _, _ = strings.Cut(p, "?")
	paths := c.doc["paths"].(map[string]any)
	segs := strings.Split(p, "/")
	for tmpl, item := range paths {
		ts := strings.Split(tmpl, "/")
		if len(ts) != len(segs) {
			continue
		}
		ok := true
		for i := range ts {
			if ts[i] != segs[i] && !strings.HasPrefix(ts[i], "{") {
				ok = false
				break
			}
		}
		if ok {
			return tmpl, item.(map[string]any)
		}
	}
	return "", nil
}

// responseSchema returns the schema and media type object of one response.
func (c *schemaChecker) responseSchema(method, path string, status int, ctype string) (map[string]any, map[string]any, error) {
	tmpl, item := c.pathTemplate(path)
	if item == nil {
		return nil, nil, fmt.Errorf("no path of the document matches %s", path)
	}
	op, ok := item[strings.ToLower(method)].(map[string]any)
	if !ok {
		return nil, nil, fmt.Errorf("the document has no %s %s", method, tmpl)
	}
	resps := op["responses"].(map[string]any)
	resp, ok := resps[fmt.Sprint(status)].(map[string]any)
	if !ok {
		if resp, ok = resps["default"].(map[string]any); !ok {
			return nil, nil, fmt.Errorf("%s %s does not document status %d", method, tmpl, status)
		}
	}
	if ref, ok := resp["$ref"].(string); ok {
		r, err := c.resolve(ref)
		if err != nil {
			return nil, nil, err
		}
		resp = r
	}
	content, _ := resp["content"].(map[string]any)
	if len(content) == 0 {
		return nil, nil, nil // no body
	}
	mt, ok := content[ctype].(map[string]any)
	if !ok {
		return nil, nil, fmt.Errorf("%s %s %d: Content-Type %q is not documented (have %v)", method, tmpl, status, ctype, sortedKeys(content))
	}
	schema, _ := mt["schema"].(map[string]any)
	return schema, mt, nil
}

// uiClient sends requests and checks each answer against the document.
type uiClient struct {
	t  *testing.T
	c  *schemaChecker
	ts *httptest.Server
	// seen counts the checked answers per operation and status.
	seen map[string]int
}

func (u *uiClient) send(method, path, body string, hdr map[string]string) (int, []byte) {
	u.t.Helper()
	req, err := http.NewRequest(method, u.ts.URL+path, strings.NewReader(body))
	if err != nil {
		u.t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		u.t.Fatal(err)
	}
	defer resp.Body.Close()
	ctype, _, _ := strings.Cut(resp.Header.Get("Content-Type"), ";")
	if ctype == "text/event-stream" {
		u.events(method, path, resp)
		return resp.StatusCode, nil
	}
	var b strings.Builder
	if _, err := bufio.NewReader(resp.Body).WriteTo(&b); err != nil {
		u.t.Fatal(err)
	}
	u.checkBody(method, path, resp.StatusCode, ctype, []byte(b.String()))
	return resp.StatusCode, []byte(b.String())
}

func (u *uiClient) checkBody(method, path string, status int, ctype string, body []byte) {
	u.t.Helper()
	what := fmt.Sprintf("%s %s → %d", method, path, status)
	if status >= 400 && ctype != "application/problem+json" {
		u.t.Errorf("%s: Content-Type %q, want application/problem+json", what, ctype)
	}
	schema, _, err := u.c.responseSchema(method, path, status, ctype)
	if err != nil {
		u.t.Errorf("%s: %v", what, err)
		return
	}
	if schema == nil {
		if len(body) > 0 {
			u.t.Errorf("%s: a body where the document has none: %.200s", what, body)
		}
		return
	}
	u.validate(what, schema, body)
	tmpl, _ := u.c.pathTemplate(path)
	u.seen[fmt.Sprintf("%s %s %d", method, tmpl, status)]++
}

func (u *uiClient) validate(what string, schema map[string]any, body []byte) {
	u.t.Helper()
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		u.t.Errorf("%s: not JSON: %v: %.200s", what, err, body)
		return
	}
	errs := u.c.check(schema, v, "body")
	for i, e := range errs {
		if i == 20 {
			u.t.Errorf("%s: … and %d more", what, len(errs)-i)
			break
		}
		u.t.Errorf("%s does not match the OpenAPI document: %s", what, e)
	}
}

// events reads a server-sent event stream to its end and checks each
// event's data against the schema the document's x-events names for it.
func (u *uiClient) events(method, path string, resp *http.Response) {
	u.t.Helper()
	what := fmt.Sprintf("%s %s", method, path)
	_, mt, err := u.c.responseSchema(method, path, resp.StatusCode, "text/event-stream")
	if err != nil {
		u.t.Errorf("%s: %v", what, err)
		return
	}
	named, _ := mt["x-events"].(map[string]any)
	if len(named) == 0 {
		u.t.Errorf("%s: the document names no x-events for the stream", what)
		return
	}
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	event, n := "", 0
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "event: "):
			event = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: "):
			s, ok := named[event].(map[string]any)
			if !ok {
				u.t.Errorf("%s: event %q is not in the document's x-events", what, event)
				continue
			}
			n++
			u.validate(fmt.Sprintf("%s event %s", what, event), s, []byte(strings.TrimPrefix(line, "data: ")))
			tmpl, _ := u.c.pathTemplate(path)
			u.seen[fmt.Sprintf("%s %s event %s", method, tmpl, event)]++
		}
	}
	if n == 0 {
		u.t.Errorf("%s: no events", what)
	}
}

func (u *uiClient) json(method, path, body string, hdr map[string]string, want int) map[string]any {
	u.t.Helper()
	status, b := u.send(method, path, body, hdr)
	if status != want {
		u.t.Fatalf("%s %s: %d %.300s, want %d", method, path, status, b, want)
	}
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	return m
}

// followJob reads a job's events while it runs, then GETs it.
func (u *uiClient) followJob(started map[string]any) {
	u.t.Helper()
	links := started["links"].(map[string]any)
	u.send("GET", links["events"].(string), "", nil)
	deadline := time.Now().Add(2 * time.Minute)
	for {
		job := u.json("GET", links["self"].(string), "", nil, 200)
		if job["status"] != "running" && job["status"] != "queued" {
			if job["status"] != "done" {
				u.t.Fatalf("job %v: %v", links["self"], job)
			}
			break
		}
		if time.Now().After(deadline) {
			u.t.Fatalf("job %v did not finish", links["self"])
		}
		time.Sleep(50 * time.Millisecond)
	}
	// The events of a finished job: just the final state.
	u.send("GET", links["events"].(string), "", nil)
}

func TestOpenAPIMatchesUIResponses(t *testing.T) {
	ts := newServer(t, withStore(t, "k"))
	u := &uiClient{t: t, c: newSchemaChecker(t), ts: ts, seen: map[string]int{}}
	key := map[string]string{"X-API-Key": "k"}

	// Every object schema of the document is closed.
	for _, name := range sortedKeys(u.c.doc["components"].(map[string]any)["schemas"].(map[string]any)) {
		s, _ := u.c.resolve("#/components/schemas/" + name)
		if s["type"] == "object" && s["properties"] != nil && s["additionalProperties"] != false {
			t.Errorf("schema %s: objects the server sends must say additionalProperties: false", name)
		}
	}

	// Nodes, as the typeahead and the node panel ask for them.
	all := u.json("GET", "/api/v1/nodes?limit=1000", "", nil, 200)
	u.json("GET", "/api/v1/nodes?q=lodz&limit=10", "", nil, 200)
	u.json("GET", "/api/v1/nodes?q=suez&kind=chokepoint&limit=10", "", nil, 200)
	for _, n := range all["nodes"].([]any) {
		u.send("GET", "/api/v1/nodes/"+n.(map[string]any)["id"].(string), "", nil)
	}
	u.json("GET", "/api/v1/countries", "", nil, 200)
	u.json("GET", "/api/v1/network", "", nil, 200)
	u.json("GET", "/healthz", "", nil, 200)

	// Routes and comparisons.
	for _, body := range []string{
		`{"from":"Xi'an","to":"Duisburg","depart":"2026-03-01"}`,
		`{"from":"Xi'an","to":"Duisburg","via":["Almaty"],"cargo":{"teu":2,"tonnes":18,"reefer":true},"carbon_price":80,"max_results":3}`,
		`{"from":"CNSHA","to":"NLRTM","avoid_nodes":["suez"],"modes":["sea"],"max_transshipments":2}`,
		`{"from":"CNSHA","to":"NLRTM","avoid_countries":["EG"],"modes":["sea"],"cargo":{"box":"40hc","tonnes":20}}`,
		`{"from":"Chongqing","to":"Warsaw","avoid_groups":["EAEU"],"cargo":{"feu":1,"dg":true,"value_usd":250000}}`,
		`{"from":"Xi'an","to":"Duisburg","scenario":"red-sea-closed"}`,
	} {
		u.json("POST", "/api/v1/route", body, nil, 200)
	}
	for _, obj := range []string{"time", "cost", "co2e", "generalised"} {
		u.json("POST", "/api/v1/compare", `{"from":"Xi'an","to":"Duisburg","objective":"`+obj+`"}`, nil, 200)
	}
	u.json("POST", "/api/v1/compare", `{"from":"Xi'an","to":"Duisburg","avoid_countries":["RU","KZ"]}`, nil, 200)
	u.json("POST", "/api/v1/compare", `{"from":"CNSHA","to":"NLRTM","scenario":"red-sea-closed"}`, nil, 200)

	// Scenarios: list, read, store, change, versions, diff.
	list := u.json("GET", "/api/v1/scenarios", "", nil, 200)
	for _, sc := range list["scenarios"].([]any) {
		name := sc.(map[string]any)["name"].(string)
		u.json("GET", "/api/v1/scenarios/"+name, "", nil, 200)
		u.json("GET", "/api/v1/scenarios/"+name+"/versions", "", nil, 200)
	}
	mine := `{"name":"mine","description":"Suez shut","sources":[{"title":"t","publisher":"p","year":2024,"url":"https://example.org"}],` +
		`"edits":[{"op":"close_nodes","nodes":["CP-SUEZ"],"note":"n"},{"op":"scale_tariff","corridor":"middle","factor":1.2}]}`
	u.json("POST", "/api/v1/scenarios", mine, key, 201)
	u.json("PUT", "/api/v1/scenarios/mine", mine, mergeHdr(key, "If-Match", `"1"`), 200)
	u.json("GET", "/api/v1/scenarios", "", nil, 200)
	u.json("GET", "/api/v1/scenarios/mine?version=1", "", nil, 200)
	u.json("GET", "/api/v1/scenarios/mine/versions", "", nil, 200)
	for _, c := range []struct{ name, body string }{
		{"red-sea-closed", `{"from":"Shanghai","to":"Rotterdam","modes":["sea"]}`},
		{"northern-sanctioned", `{"from":"Xi'an","to":"Duisburg"}`},
		{"cku-railway-open", `{"from":"Kashgar","to":"Tashkent"}`},
		{"mine", `{"from":"Shanghai","to":"Rotterdam","objective":"cost"}`},
	} {
		u.json("POST", "/api/v1/scenarios/"+c.name+"/diff", c.body, nil, 200)
	}
	if status, _ := u.send("DELETE", "/api/v1/scenarios/mine", "", mergeHdr(key, "If-Match", `"2"`)); status != 204 {
		t.Errorf("DELETE: %d", status)
	}

	// Simulations, as the simulate panel starts them, and an assignment.
	u.followJob(u.json("POST", "/api/v1/simulations", `{"from":"Xi'an","to":"Duisburg","runs":30000,"deadline":"2026-03-25","compare":true}`, key, 202))
	u.followJob(u.json("POST", "/api/v1/simulations", `{"from":"Xi'an","to":"Duisburg","runs":2000,"seed":3}`, key, 202))
	as := u.json("POST", "/api/v1/assignments", `{"demand":"china-europe-2024","gap":1e-4}`, key, 202)
	u.followJob(as)
	u.json("GET", as["links"].(map[string]any)["geojson"].(string), "", nil, 200)

	// Problems.
	for _, c := range []struct {
		method, path, body string
		status             int
	}{
		{"POST", "/api/v1/route", `{"from":"Xi'an",`, 400},
		{"POST", "/api/v1/route", `{"from":"Xian","to":"Duisbrg"}`, 404},
		{"POST", "/api/v1/route", `{"from":"Xi'an","to":"Duisburg","avoid_countries":["RU","BY","KZ","MN"],"modes":["rail"]}`, 422},
		{"POST", "/api/v1/compare", `{"from":"Xi'an","to":"Duisburg","objective":"speed"}`, 400},
		{"GET", "/api/v1/nodes/NOWHERE", "", 404},
		{"GET", "/api/v1/nodes?kind=castle", "", 400},
		{"GET", "/api/v1/scenarios/nope", "", 404},
		{"POST", "/api/v1/scenarios", mine, 401},
		{"POST", "/api/v1/simulations", `{"from":"Xi'an","to":"Duisburg","runs":-1}`, 401}, // jobs need the key too
		{"GET", "/api/v1/simulations/nope", "", 404},
		{"GET", "/api/v1/assignments/nope", "", 404},
		{"GET", "/api/v1/simulations/nope/events", "", 404},
	} {
		if status, b := u.send(c.method, c.path, c.body, nil); status != c.status {
			t.Errorf("%s %s: %d %.300s, want %d", c.method, c.path, status, b, c.status)
		}
	}

	// Every answer the UI reads was seen at least once.
	for _, want := range []string{
		"GET /api/v1/nodes 200", "GET /api/v1/nodes/{id} 200", "GET /api/v1/countries 200", "GET /api/v1/network 200",
		"POST /api/v1/route 200", "POST /api/v1/compare 200", "GET /api/v1/scenarios 200", "GET /api/v1/scenarios/{name} 200",
		"POST /api/v1/scenarios 201", "PUT /api/v1/scenarios/{name} 200", "GET /api/v1/scenarios/{name}/versions 200",
		"POST /api/v1/scenarios/{name}/diff 200", "POST /api/v1/simulations 202", "GET /api/v1/simulations/{id} 200",
		"GET /api/v1/simulations/{id}/events event progress", "GET /api/v1/simulations/{id}/events event done",
		"POST /api/v1/assignments 202", "GET /api/v1/assignments/{id} 200",
		// An assignment of the bundled demand converges in a few iterations
		// (about 20 ms), usually before its stream opens: its progress events
		// have the simulations' schema (JobProgress), checked above.
		"GET /api/v1/assignments/{id}/events event done", "GET /api/v1/assignments/{id}/elements.geojson 200",
		"POST /api/v1/route 400", "POST /api/v1/route 404", "POST /api/v1/route 422",
	} {
		if u.seen[want] == 0 {
			t.Errorf("no answer checked for %s", want)
		}
	}
}

// The job statuses the document allows include the ones being added.
func TestOpenAPIJobStatuses(t *testing.T) {
	c := newSchemaChecker(t)
	s, err := c.resolve("#/components/schemas/JobStatus")
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range []string{"queued", "running", "done", "failed", "cancelled"} {
		if errs := c.check(s, st, "status"); len(errs) > 0 {
			t.Errorf("%s: %v", st, errs)
		}
	}
}

// The Scenario schema of the document is the one scenario files are
// validated with (/api/scenario.schema.json), with its $defs as components.
func TestOpenAPIScenarioMatchesScenarioSchema(t *testing.T) {
	c := newSchemaChecker(t)
	ts := newServer(t, nil)
	_, _, body := send(t, ts.URL, "GET", "/api/scenario.schema.json", "", nil)
	var sch map[string]any
	if err := json.Unmarshal([]byte(body), &sch); err != nil {
		t.Fatal(err)
	}
	names := map[string]string{"edit": "ScenarioEdit", "node": "ScenarioNodeSpec", "link": "ScenarioLinkSpec", "service": "ScenarioServiceSpec", "surcharge": "ScenarioSurchargeSpec"}
	var rewrite func(any) any
	rewrite = func(x any) any {
		switch x := x.(type) {
		case map[string]any:
			out := map[string]any{}
			for k, v := range x {
				if k == "$ref" {
					parts := strings.Split(v.(string), "/")
					out[k] = "#/components/schemas/" + names[parts[len(parts)-1]]
					continue
				}
				out[k] = rewrite(v)
			}
			return out
		case []any:
			out := make([]any, len(x))
			for i, v := range x {
				out[i] = rewrite(v)
			}
			return out
		}
		return x
	}
	for def, name := range names {
		got, err := c.resolve("#/components/schemas/" + name)
		if err != nil {
			t.Fatal(err)
		}
		want := rewrite(sch["$defs"].(map[string]any)[def])
		if !reflect.DeepEqual(got, want) {
			t.Errorf("components.schemas.%s differs from $defs.%s of scenario.schema.json", name, def)
		}
	}
	got, _ := c.resolve("#/components/schemas/Scenario")
	src, _ := c.resolve("#/components/schemas/ScenarioSource")
	wantProps := rewrite(sch["properties"]).(map[string]any)
	wantProps["sources"].(map[string]any)["items"] = map[string]any{"$ref": "#/components/schemas/ScenarioSource"}
	if !reflect.DeepEqual(got["properties"], wantProps) || !reflect.DeepEqual(got["required"], sch["required"]) ||
		!reflect.DeepEqual(src, sch["properties"].(map[string]any)["sources"].(map[string]any)["items"]) {
		t.Errorf("components.schemas.Scenario differs from scenario.schema.json")
	}
}

// The checker finds what it is there to find.
func TestSchemaCheckerCatchesDrift(t *testing.T) {
	c := newSchemaChecker(t)
	for _, tc := range []struct {
		schema, body, want string
	}{
		{"NodeRef", `{"id":"DEDUI","name":"Duisburg","extra":1}`, `"extra" is not in the schema`},
		{"NodeRef", `{"id":"DEDUI"}`, `required "name" is missing`},
		{"Leg", `{"mode":"hovercraft"}`, `body.mode: hovercraft is not one of`},
		{"Total", `{"border_crossings":1.5}`, `body.border_crossings: number, want integer`},
		{"CorridorBest", `{"corridor":"middle","name":"Middle","best":{}}`, `matches no oneOf alternative`},
		{"SimulationJob", `{"id":"x","kind":"simulation","status":"paused","created_at":"2026-03-01T00:00:00Z"}`, `paused is not one of`},
		{"SimulationJob", `{"id":"x","kind":"simulation","status":"done","created_at":"yesterday"}`, `not an RFC 3339 date-time`},
		{"ScenarioEdit", `{"op":"close_nodes"}`, `required "nodes" is missing`},
	} {
		s, err := c.resolve("#/components/schemas/" + tc.schema)
		if err != nil {
			t.Fatal(err)
		}
		var v any
		_ = json.Unmarshal([]byte(tc.body), &v)
		errs := strings.Join(c.check(s, v, "body"), "\n")
		if !strings.Contains(errs, tc.want) {
			t.Errorf("%s %s: got %q, want %q", tc.schema, tc.body, errs, tc.want)
		}
	}
}
