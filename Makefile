# Mica: the short commands. See README.md.
#   make deps | build | run | test | debug | fuzz | format | format-check | abi-docs | clean
#   make wasm-spectest SPECTEST_DIR=<dir with *.wast>: the WebAssembly spec tests (docs/wasm.md)
#   make bench [ARCH=<isa>] [UPDATE_DOCS=1]: instruction counts beside Linux's (docs/performance.md)
ARCH ?= x86_64
SMP ?= 1
MEM ?= 128M
ACCEL ?= tcg
VARIANT ?=
APPEND ?=
# DEBUG=1 builds kernels with MICA_DEBUG (heap poisoning, DEBUG_ASSERT) into build/<isa>-debug.
DEBUG ?= 0
ARCHES := x86_64 aarch64 riscv64
BUILD := build

.PHONY: all deps build run test debug fuzz format format-check abi-docs host-tests clean $(ARCHES:%=build-%)

all: build

deps:
	@tools/deps.sh

ifeq ($(ARCH),all)
build: $(ARCHES:%=build-%)
else
build: build-$(ARCH)
endif

KERNEL_BUILD = $(BUILD)/$(1)$(if $(filter 1,$(DEBUG)),-debug)

$(ARCHES:%=build-%): build-%:
	@tools/deps.sh --check-only >/dev/null || tools/deps.sh
	@cmake --no-warn-unused-cli -S . -B $(call KERNEL_BUILD,$*) -G Ninja \
		-DCMAKE_TOOLCHAIN_FILE=cmake/toolchain-$*.cmake -DMICA_DEBUG=$(if $(filter 1,$(DEBUG)),ON,OFF) >/dev/null
	@ninja -C $(call KERNEL_BUILD,$*) --quiet

# The data disk (/disk in Mica): made once by tools/image/mkdisk.sh, then kept with whatever the
# sessions wrote to it; delete it for a fresh one.
DISK_IMAGE = $(call KERNEL_BUILD,$(ARCH))/disk.img

run: build-$(ARCH)
	@[ -f $(DISK_IMAGE) ] || tools/image/mkdisk.sh $(DISK_IMAGE) >/dev/null
	@tools/qemu/run.sh --arch $(ARCH) --build $(call KERNEL_BUILD,$(ARCH)) --smp $(SMP) --mem $(MEM) \
		--accel $(ACCEL) $(if $(VARIANT),--variant $(VARIANT)) $(if $(APPEND),--append "$(APPEND)") \
		--disk $(DISK_IMAGE)

debug: build-$(ARCH)
	@tools/debug.sh $(ARCH) $(call KERNEL_BUILD,$(ARCH))

host-tests:
	@tools/deps.sh --check-only >/dev/null || tools/deps.sh
	@cmake -S . -B $(BUILD)/host -G Ninja -DCMAKE_C_COMPILER=clang-16 -DCMAKE_CXX_COMPILER=clang++-16 >/dev/null
	@ninja -C $(BUILD)/host --quiet

test:
	@tools/test/all.sh

# Longer libFuzzer runs than the smoke runs in `make test`: FUZZ_SECONDS per target.
FUZZ_SECONDS ?= 60
fuzz: host-tests
	@tools/fuzz.sh $(BUILD)/host $(FUZZ_SECONDS)

format:
	@tools/format.sh

format-check:
	@tools/format.sh --check

# Regenerates docs/abi.md from abi/mica.abi (a host test fails while the committed page is stale).
abi-docs:
	@python3 tools/gen_abi.py abi/mica.abi --docs docs/abi.md

# The WebAssembly spec test suite (not in the repo): converts every .wast in SPECTEST_DIR with
# wast2json into build/wasm-spectest and runs them through the host runner.
SPECTEST_DIR ?=
.PHONY: wasm-spectest
wasm-spectest:
	@[ -n "$(SPECTEST_DIR)" ] || { echo "usage: make wasm-spectest SPECTEST_DIR=<dir with *.wast>"; exit 2; }
	@tools/deps.sh --check-only >/dev/null || tools/deps.sh
	@cmake -S . -B $(BUILD)/host -G Ninja -DCMAKE_C_COMPILER=clang-16 -DCMAKE_CXX_COMPILER=clang++-16 >/dev/null
	@ninja -C $(BUILD)/host --quiet wasm_spectest
	@tests/wasm/spectest.sh $(BUILD)/host/tests/host/wasm_spectest $(SPECTEST_DIR) $(BUILD)/wasm-spectest

# Mica's hot paths beside Linux's on the same QEMU, in guest instructions (-icount): tables in
# build/bench/<isa>.md; UPDATE_DOCS=1 also rewrites the ISA's section of docs/performance.md.
# Slow (minutes), so not part of `make test`. ACCEL=kvm for the wall-clock pass where KVM works.
UPDATE_DOCS ?= 0
.PHONY: bench
bench: build-$(ARCH)
	@python3 tools/bench/bench.py --arch $(ARCH) --build $(call KERNEL_BUILD,$(ARCH)) --accel $(ACCEL) \
		$(if $(filter 1,$(UPDATE_DOCS)),--update-docs)
	@python3 tools/bench/wasm_cpu.py --build $(BUILD)/bench # the WebAssembly runtime vs native, on the host

clean:
	rm -rf $(BUILD)
