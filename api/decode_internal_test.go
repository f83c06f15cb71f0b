package api

import "testing"

func TestDuplicateKey(t *testing.T) {
	for body, want := range map[string]string{
		`{"from":"a","to":"b"}`:                               "",
		`{"from":"a","from":"b"}`:                             "from",
		`{"cargo":{"feu":1,"tonnes":2,"feu":3}}`:              "cargo.feu",
		`{"cargo":{"feu":1},"cargo":{"feu":2}}`:               "cargo",
		`{"via":[{"a":1},{"a":2}],"x":{"a":1},"y":[1,[2]]}`:   "",
		`{"via":[{"a":1,"a":2}]}`:                             "via.a",
		`{"a":{"b":{}},"c":[],"a2":1,"c":2}`:                  "c",
		`[1,2]`:                                               "",
		`{"edits":[{"op":"x","nodes":["A","A"]},{"op":"y"}]}`: "",
	} {
		key, _, dup := duplicateKey([]byte(body))
		if dup != (want != "") || key != want {
			t.Errorf("%s: got %q %v, want %q", body, key, dup, want)
		}
	}
}
