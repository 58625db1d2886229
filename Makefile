# paygate: `make run` for a working demo, `make test` for the whole test suite.
SHELL := /bin/bash
GO    ?= go
BIN   := $(CURDIR)/.bin
export PATH := $(BIN):$(PATH)

STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2

.PHONY: build run test test-go test-deps deps bench lint clean

build:
	$(GO) build -o $(BIN)/paygate .

# deps fetches Go modules and the pinned stripe-mock (into .bin).
deps:
	$(GO) mod download
	bash scripts/stripe-mock.sh install

run: deps build
	$(BIN)/paygate demo

# The tools the tests drive besides Go: mcs, chromium, php, promtool, and the npm
# packages of testdata/clients (tsc, @servicestack/client, playwright-core).
test-deps:
	bash scripts/test-deps.sh

test: deps test-deps
	$(GO) test -race -count=1 ./...

# test-go is the fast loop: the Go tests under -short, without the race
# detector and without the tests that drive external clients or tools.
test-go: deps
	$(GO) test -short -count=1 ./...

# bench runs the Go benchmarks, then the load benchmark, which starts
# paygate's demo, stripe-mock and the Payson sandbox as their own processes.
bench: deps build
	$(GO) test -run '^$$' -bench . -benchmem -count=1 ./... | $(GO) run ./scripts/benchratio
	$(GO) run ./scripts/loadbench -paygate $(BIN)/paygate -stripe-mock $(BIN)/stripe-mock

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...
	$(GO) run ./scripts/stripefixtures -check

clean:
	rm -rf $(BIN) data
