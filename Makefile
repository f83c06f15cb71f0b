# corridor — build, run and test. See README.md.
GO      ?= go
BIN     ?= bin/corridor
FUZZTIME ?= 20s

.PHONY: all build run test vet fuzz bench clean

all: build

build:
	$(GO) build -o $(BIN) ./cmd/corridor

# run builds corridor and runs its main job on the bundled network.
run: build
	./$(BIN) data validate
	./$(BIN) data stats

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
