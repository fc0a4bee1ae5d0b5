# The two commands of the README: `make run` and `make test`. Each installs what is missing,
# builds, then runs. Other targets are conveniences for developers.
BUILD_DIR ?= build
BUILD_TYPE ?= Release
JOBS ?= $(shell nproc)
HOME_DIR ?= reelhouse-home

.PHONY: run test setup build format bench clean

setup:
	@bash scripts/setup.sh

build: setup
	@cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) >/dev/null
	@cmake --build $(BUILD_DIR) -j $(JOBS)

run: build
	@bash scripts/demo.sh $(BUILD_DIR)/reelhouse $(HOME_DIR)

test: build
	@cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS) --timeout 900

format:
	@clang-format -i $$(git ls-files 'src/*.cpp' 'src/*.hpp' 'tests/*.cpp' 'tests/*.hpp' 'bench/*.cpp')

bench: build
	@bash bench/run_imdb.sh

clean:
	rm -rf $(BUILD_DIR)
