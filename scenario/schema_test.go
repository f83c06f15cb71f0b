package scenario_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"corridor/data/scenarios"
	"corridor/scenario"
)

func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(scenario.Schema()))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("scenario.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("scenario.schema.json")
	if err != nil {
		t.Fatalf("the published schema does not compile: %v", err)
	}
	return sch
}

// The bundled scenarios match the published JSON Schema, and the schema
// refuses what the decoder and Apply refuse.
func TestSchema(t *testing.T) {
	sch := compileSchema(t)
	all, err := scenarios.All()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range all {
		b, _ := json.Marshal(s)
		v, _ := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err := sch.Validate(v); err != nil {
			t.Errorf("bundled %s does not match the schema: %v", s.Name, err)
		}
	}
	for _, bad := range []string{
		`{"name":"x","edits":[{"op":"close_nodes"}]}`,
		`{"name":"x","edits":[{"op":"explode"}]}`,
		`{"name":"X Y","edits":[{"op":"set_carbon_price","value":1}]}`,
		`{"name":"x","edits":[]}`,
		`{"name":"x","edits":[{"op":"scale_tariff","factor":2}]}`,
		`{"name":"x","edits":[{"op":"add_link","link":{"id":"A","from":"B","to":"C","mode":"rail","distance_km":-1,"energy":"diesel"}}]}`,
		`{"name":"x","edits":[{"op":"set_carbon_price","value":1,"colour":"red"}]}`,
	} {
		v, _ := jsonschema.UnmarshalJSON(strings.NewReader(bad))
		if err := sch.Validate(v); err == nil {
			t.Errorf("the schema accepts %s", bad)
		}
	}
}
