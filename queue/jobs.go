package queue

import (
	"bytes"
	"context"
	"encoding/json"

	"corridor/errcode"
	"corridor/service"
)

// Job kinds the handlers of this package run.
const (
	KindSimulation = "simulation"
	KindSweep      = "sweep"
)

// Kinds lists the job kinds Handlers runs.
func Kinds() []string { return []string{KindSimulation, KindSweep, KindResilienceTask} }

// DecodeInput decodes a job's input strictly (unknown fields are errors)
// into the request of its kind: *service.SimulateRequest or
// *service.SweepRequest. Submitters call it to refuse bad input before
// anything is queued.
func DecodeInput(kind string, input []byte) (any, error) {
	var v any
	switch kind {
	case KindSimulation:
		v = &service.SimulateRequest{}
	case KindSweep:
		v = &service.SweepRequest{}
	default:
		return nil, errcode.New(errcode.Invalid, "unknown job kind %q (expected %s or %s)", kind, KindSimulation, KindSweep)
	}
	dec := json.NewDecoder(bytes.NewReader(input))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return nil, errcode.New(errcode.Invalid, "%s job: %v", kind, err)
	}
	if dec.More() {
		return nil, errcode.New(errcode.Invalid, "%s job: unexpected data after the JSON value", kind)
	}
	return v, nil
}

// Handlers returns the handlers of every job kind, running on svc. A
// scenario is looked up through svc's ScenarioSource: when the store cannot
// be reached the job fails with that error; it never runs a bundled
// scenario of the same name in its place.
func Handlers(svc *service.Service) map[string]Handler {
	plans := &planCache{}
	return map[string]Handler{
		KindResilienceTask: plans.handler(svc),
		KindSimulation: func(ctx context.Context, j Job) (any, error) {
			in, err := DecodeInput(j.Kind, j.Input)
			if err != nil {
				return nil, err
			}
			return svc.Simulate(ctx, *in.(*service.SimulateRequest), nil)
		},
		KindSweep: func(ctx context.Context, j Job) (any, error) {
			in, err := DecodeInput(j.Kind, j.Input)
			if err != nil {
				return nil, err
			}
			return svc.Sweep(ctx, *in.(*service.SweepRequest), nil)
		},
	}
}
