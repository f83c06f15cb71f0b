package service

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"

	"corridor/data/scenarios"
	"corridor/errcode"
	"corridor/network"
	"corridor/route"
	"corridor/scenario"
	"corridor/store"
)

// Scenario origins.
const (
	OriginStored  = "stored"
	OriginBundled = "bundled"
)

// ScenarioInfo is a scenario as found by a ScenarioSource.
type ScenarioInfo struct {
	Name     string             `json:"name"`
	Origin   string             `json:"origin"` // stored or bundled
	Version  int                `json:"version"`
	Scenario *scenario.Scenario `json:"scenario"`
	// UpdatedAt is when a stored version was saved.
	UpdatedAt time.Time `json:"updated_at,omitzero"`
}

// ScenarioSource finds scenarios: in the store first, then among the
// bundled ones. Only a store's "not found" falls through to the bundled
// scenarios; any other store error (an outage, a timeout) is returned as an
// errcode.Unavailable error, so that a stored scenario is never silently
// replaced by a bundled one of the same name.
type ScenarioSource struct {
	// Store may be nil: bundled scenarios only.
	Store store.Store
}

// StoreError marks a store failure that carries no code of its own (an
// outage, a broken connection) as errcode.Unavailable; "not found" and
// conflicts keep their codes.
func StoreError(err error) error {
	if errcode.Of(err) == errcode.Internal {
		return errcode.New(errcode.Unavailable, "scenario store: %w", err)
	}
	return err
}

// Get returns version (0: the latest) of the named scenario.
func (src ScenarioSource) Get(ctx context.Context, name string, version int) (*ScenarioInfo, error) {
	var notFound error
	if src.Store != nil {
		rec, err := src.Store.GetScenario(ctx, name, version)
		if err == nil {
			return &ScenarioInfo{rec.Name, OriginStored, rec.Version, rec.Scenario, rec.UpdatedAt}, nil
		}
		if !errors.Is(err, store.ErrNotFound) {
			return nil, StoreError(err)
		}
		notFound = err
	}
	if sc, ok := scenarios.Get(name); ok {
		if version <= 1 {
			return &ScenarioInfo{Name: sc.Name, Origin: OriginBundled, Version: 1, Scenario: sc}, nil
		}
		if notFound == nil {
			return nil, errcode.Field(errcode.NotFound, "version", "the bundled scenario %q has version 1 only, not %d", name, version)
		}
	}
	if notFound != nil && version > 0 {
		return nil, errcode.Wrap(errcode.NotFound, notFound)
	}
	return nil, errcode.Field(errcode.NotFound, "scenario", "%q not found in the store or among the bundled scenarios", name)
}

// List returns the latest version of every stored scenario, then the
// bundled scenarios whose names no stored one takes.
func (src ScenarioSource) List(ctx context.Context) ([]ScenarioInfo, error) {
	out := []ScenarioInfo{}
	stored := map[string]bool{}
	if src.Store != nil {
		recs, err := src.Store.ListScenarios(ctx)
		if err != nil {
			return nil, StoreError(err)
		}
		for _, rec := range recs {
			stored[rec.Name] = true
			out = append(out, ScenarioInfo{rec.Name, OriginStored, rec.Version, rec.Scenario, rec.UpdatedAt})
		}
	}
	all, err := scenarios.All()
	if err != nil {
		return nil, fmt.Errorf("bundled scenarios: %w", err)
	}
	for _, sc := range all {
		if !stored[sc.Name] {
			out = append(out, ScenarioInfo{Name: sc.Name, Origin: OriginBundled, Version: 1, Scenario: sc})
		}
	}
	return out, nil
}

// Versions lists a scenario's versions, oldest first (a bundled scenario
// has one).
func (src ScenarioSource) Versions(ctx context.Context, name string) ([]store.VersionInfo, error) {
	if src.Store != nil {
		vs, err := src.Store.ScenarioVersions(ctx, name)
		if err == nil {
			return vs, nil
		}
		if !errors.Is(err, store.ErrNotFound) {
			return nil, StoreError(err)
		}
	}
	if sc, ok := scenarios.Get(name); ok {
		return []store.VersionInfo{{Version: 1, Edits: len(sc.Edits)}}, nil
	}
	return nil, errcode.Field(errcode.NotFound, "scenario", "%q not found in the store or among the bundled scenarios", name)
}

// appliedCache keeps applied scenarios and their routers by name, version
// and a hash of the content (a scenario deleted and created again restarts
// at version 1 with other edits).
type appliedCache struct {
	mu sync.Mutex
	m  map[string]*Network
}

const maxCachedScenarios = 64

func (c *appliedCache) get(_ context.Context, g *network.Graph, name string, version int, sc *scenario.Scenario) (*Network, error) {
	body, err := json.Marshal(sc)
	if err != nil {
		return nil, fmt.Errorf("scenario %q: %w", name, err)
	}
	sum := sha256.Sum256(body)
	key := name + "@" + strconv.Itoa(version) + "#" + hex.EncodeToString(sum[:8])
	c.mu.Lock()
	if n, ok := c.m[key]; ok {
		c.mu.Unlock()
		return n, nil
	}
	c.mu.Unlock()
	a, err := scenario.Apply(g, sc)
	if err != nil {
		return nil, err
	}
	n := &Network{Graph: a.Graph, Router: route.New(a.Graph), Applied: a}
	c.mu.Lock()
	if c.m == nil || len(c.m) >= maxCachedScenarios {
		c.m = map[string]*Network{}
	}
	c.m[key] = n
	c.mu.Unlock()
	return n, nil
}
