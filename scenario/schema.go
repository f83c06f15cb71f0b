package scenario

import (
	_ "embed"
	"slices"
)

//go:embed scenario.schema.json
var schema []byte

// Schema returns the JSON Schema (draft 2020-12) of the scenario format.
// The API serves it at /api/scenario.schema.json.
func Schema() []byte { return slices.Clone(schema) }
