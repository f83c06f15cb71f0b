# corridor — build, run and test. See README.md.
GO      ?= go
BIN     ?= bin/corridor
FUZZTIME ?= 20s

.PHONY: all build run test vet fuzz bench clean

all: build

build:
	$(GO) build -o $(BIN) ./cmd/corridor

# run builds corridor and runs its main job on the bundled network: until
# the server lands, the network summary and a sample route and comparison.
run: build
	./$(BIN) data validate
	./$(BIN) data stats
	./$(BIN) route --from "Xi'an" --to Duisburg --depart 2026-03-01 --max-results 4
	./$(BIN) compare --from "Xi'an" --to Duisburg --depart 2026-03-01 --avoid-countries RU,BY

vet:
	$(GO) vet ./...
	@fmt=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$fmt" ]; then echo "gofmt needed on: $$fmt"; exit 1; fi

test: vet
	$(GO) test -race -count=1 ./...

# fuzz runs every fuzz target for FUZZTIME each (not part of make test).
fuzz:
	@set -e; for pkg in $$($(GO) list ./...); do \
	  for t in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz' || true); do \
	    echo "fuzz $$pkg $$t"; $(GO) test -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZTIME) $$pkg; \
	  done; done

bench:
	$(GO) test -run '^$$' -bench . -benchmem -count 6 ./... | tee bench.out

clean:
	rm -rf bin bench.out
