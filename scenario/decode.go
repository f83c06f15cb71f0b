package scenario

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Decode reads a scenario from JSON, or from YAML when the first non-space
// character is not '{'. Unknown fields are refused; errors name the line.
func Decode(data []byte) (*Scenario, error) {
	trim := bytes.TrimSpace(data)
	if len(trim) == 0 {
		return nil, errors.New("scenario is empty; expected a JSON or YAML object with name and edits")
	}
	if trim[0] != '{' {
		var v any
		if err := yaml.Unmarshal(data, &v); err != nil {
			return nil, fmt.Errorf("scenario YAML: %w", err)
		}
		j, err := json.Marshal(normalise(v))
		if err != nil {
			return nil, fmt.Errorf("scenario YAML: %w", err)
		}
		s, err := decodeJSON(j)
		if err != nil {
			return nil, fmt.Errorf("scenario YAML: %w", err)
		}
		return s, nil
	}
	return decodeJSON(data)
}

// normalise turns YAML maps with non-string keys into JSON-encodable ones.
func normalise(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = normalise(e)
		}
		return x
	case map[any]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[fmt.Sprint(k)] = normalise(e)
		}
		return m
	case []any:
		for i, e := range x {
			x[i] = normalise(e)
		}
	}
	return v
}

func decodeJSON(data []byte) (*Scenario, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var s Scenario
	err := dec.Decode(&s)
	if err == nil && dec.More() {
		err = errors.New("unexpected data after the scenario object")
	}
	if err == nil {
		return &s, nil
	}
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		line, col := position(data, syn.Offset-1)
		return nil, fmt.Errorf("scenario JSON line %d, column %d: %v", line, col, syn)
	case errors.As(err, &typ):
		line, col := position(data, typ.Offset)
		return nil, fmt.Errorf("scenario JSON line %d, column %d: field %s: expected %s, got a JSON %s", line, col, typ.Field, typ.Type, typ.Value)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return nil, errors.New("scenario JSON ends early")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return nil, fmt.Errorf("scenario: %s (expected name, description, sources, edits; edit fields are listed in docs/scenario.schema.json)", strings.TrimPrefix(err.Error(), "json: "))
	}
	return nil, fmt.Errorf("scenario: %w", err)
}

func position(b []byte, off int64) (int, int) {
	off = max(0, min(off, int64(len(b))))
	pre := b[:off]
	return bytes.Count(pre, []byte("\n")) + 1, int(off) - bytes.LastIndexByte(pre, '\n')
}

// IsYAMLName reports whether a file name has a YAML extension.
func IsYAMLName(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	return ext == ".yaml" || ext == ".yml"
}
