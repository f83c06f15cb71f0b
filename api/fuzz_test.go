package api

import (
	"encoding/json"
	"testing"

	"corridor/route"
)

// FuzzDecodeRequest feeds arbitrary bodies to the request decoder: it must
// never panic, a refusal is always a 4xx problem with a detail, and an
// accepted body re-encodes and decodes to the same request.
func FuzzDecodeRequest(f *testing.F) {
	for _, s := range []string{
		`{"from":"Xi'an","to":"Duisburg"}`,
		`{"from":"CNXIY","to":"DEDUI","cargo":{"feu":2,"tonnes":20,"reefer":true},"avoid_countries":["RU","BY"],"modes":["rail","sea"],"max_transshipments":3}`,
		`{"from":"a",`, `[]`, `null`, `{"x":1}`, `{"cargo":{"feu":"2"}}`, "{\n\"from\": x}", `{"from":"a"} {"to":"b"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var req route.Request
		p := decodeBytes(body, &req)
		if p != nil {
			if p.Status < 400 || p.Status > 499 || p.Detail == "" || p.Title == "" {
				t.Fatalf("bad problem %+v", p)
			}
			return
		}
		b, err := json.Marshal(req)
		if err != nil {
			t.Fatal(err)
		}
		var again route.Request
		if p := decodeBytes(b, &again); p != nil {
			t.Fatalf("re-encoded request refused: %+v\n%s", p, b)
		}
	})
}
