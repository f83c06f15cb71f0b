package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
)

// decodeJSON reads a JSON body of at most limit bytes into v, refusing
// unknown fields and trailing data. On failure it returns the problem to send.
func decodeJSON(r *http.Request, limit int64, v any) *Problem {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, params, err := mime.ParseMediaType(ct)
		// curl -d sends application/x-www-form-urlencoded; its body is still JSON here.
		jsonish := mt == "application/json" || strings.HasSuffix(mt, "+json") || mt == "text/plain" || mt == "application/x-www-form-urlencoded"
		// JSON is UTF-8 (RFC 8259); a body said to be in another charset is refused, not misread.
		if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") && !strings.EqualFold(cs, "utf8") {
			p := Problem{Type: typeUnsupported, Title: "Unsupported media type", Status: http.StatusUnsupportedMediaType,
				Detail: fmt.Sprintf("the body must be UTF-8 JSON, got charset %q", cs)}
			return &p
		}
		if err != nil || !jsonish {
			p := Problem{Type: typeUnsupported, Title: "Unsupported media type", Status: http.StatusUnsupportedMediaType,
				Detail: fmt.Sprintf("the body must be application/json, got %q", ct)}
			return &p
		}
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
	if err != nil {
		p := bodyReadProblem(err)
		return &p
	}
	if int64(len(body)) > limit {
		p := Problem{Type: typeTooLarge, Title: "Request body too large", Status: http.StatusRequestEntityTooLarge,
			Detail: fmt.Sprintf("the body is larger than the limit of %d bytes", limit)}
		return &p
	}
	return decodeBytes(body, v)
}

// decodeBytes decodes body into v; it is separate from the HTTP plumbing so
// that the fuzz target can call it directly.
func decodeBytes(body []byte, v any) *Problem {
	if len(bytes.TrimSpace(body)) == 0 {
		p := malformed("the request body is empty; expected a JSON object")
		return &p
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		if dec.More() {
			line, col := position(body, dec.InputOffset())
			p := malformed(fmt.Sprintf("unexpected data after the JSON object at line %d, column %d", line, col))
			return &p
		}
		if key, off, dup := duplicateKey(body); dup {
			line, col := position(body, off)
			p := badRequest(key, fmt.Sprintf("the key is given twice (line %d, column %d); give each key once", line, col))
			p.Type = typeMalformed
			return &p
		}
		return nil
	}
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		// Offset counts the bytes read including the offending one.
		line, col := position(body, syn.Offset-1)
		p := malformed(fmt.Sprintf("malformed JSON at line %d, column %d: %v", line, col, syn))
		return &p
	case errors.Is(err, io.ErrUnexpectedEOF):
		line, col := position(body, int64(len(body)))
		p := malformed(fmt.Sprintf("malformed JSON: the body ends early, at line %d, column %d", line, col))
		return &p
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			field = "(body)"
		}
		line, col := position(body, typ.Offset)
		p := badRequest(field, fmt.Sprintf("expected %s, got a JSON %s (line %d, column %d)", typ.Type.String(), typ.Value, line, col))
		p.Type = typeMalformed
		return &p
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		p := badRequest(name, "unknown field (see /api/openapi.json for the request schema)")
		return &p
	}
	p := malformed("malformed JSON: " + err.Error())
	return &p
}

func malformed(detail string) Problem {
	return Problem{Type: typeMalformed, Title: "Malformed JSON", Status: http.StatusBadRequest, Detail: detail}
}

// position converts a byte offset into a 1-based line and column.
func position(b []byte, off int64) (line, col int) {
	if off > int64(len(b)) {
		off = int64(len(b))
	}
	if off < 0 {
		off = 0
	}
	pre := b[:off]
	line = bytes.Count(pre, []byte("\n")) + 1
	col = int(off) - bytes.LastIndexByte(pre, '\n')
	return line, col
}

// duplicateKey finds the first key given twice in one object of a valid
// JSON document: its path (cargo.feu, via…) and offset. encoding/json keeps
// the last of duplicates silently; the API refuses them instead.
func duplicateKey(body []byte) (string, int64, bool) {
	dec := json.NewDecoder(bytes.NewReader(body))
	type frame struct {
		keys   map[string]bool // nil for an array
		path   string
		expect bool // an object's next string token is a key
	}
	var stack []frame
	join := func(path, key string) string {
		if path == "" {
			return key
		}
		return path + "." + key
	}
	var pending string // the key whose value comes next
	for {
		off := dec.InputOffset()
		tok, err := dec.Token()
		if err != nil {
			return "", 0, false
		}
		top := len(stack) - 1
		if top >= 0 && stack[top].keys != nil && stack[top].expect {
			if d, ok := tok.(json.Delim); ok && d == '}' {
				stack = stack[:top]
				if len(stack) == 0 {
					return "", 0, false
				}
				if t := &stack[len(stack)-1]; t.keys != nil {
					t.expect = true
				}
				continue
			}
			key, _ := tok.(string)
			if stack[top].keys[key] {
				return join(stack[top].path, key), off, true
			}
			stack[top].keys[key] = true
			stack[top].expect = false
			pending = join(stack[top].path, key)
			continue
		}
		// A value.
		path := pending
		if top >= 0 && stack[top].keys == nil {
			path = stack[top].path
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, frame{keys: map[string]bool{}, path: path, expect: true})
			continue
		case json.Delim('['):
			stack = append(stack, frame{path: path})
			continue
		case json.Delim(']'):
			stack = stack[:top]
		}
		if len(stack) == 0 {
			return "", 0, false
		}
		if t := &stack[len(stack)-1]; t.keys != nil {
			t.expect = true
		}
	}
}
