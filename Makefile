# Mica: the short commands. See README.md.
#   make deps | build | run | test | debug | fuzz | format | format-check | clean
ARCH ?= x86_64
SMP ?= 1
MEM ?= 128M
ACCEL ?= tcg
VARIANT ?=
APPEND ?=
ARCHES := x86_64 aarch64 riscv64
BUILD := build

.PHONY: all deps build run test debug fuzz format format-check host-tests clean $(ARCHES:%=build-%)

all: build

deps:
	@tools/deps.sh

ifeq ($(ARCH),all)
build: $(ARCHES:%=build-%)
else
build: build-$(ARCH)
endif

$(ARCHES:%=build-%): build-%:
	@tools/deps.sh --check-only >/dev/null || tools/deps.sh
	@cmake --no-warn-unused-cli -S . -B $(BUILD)/$* -G Ninja -DCMAKE_TOOLCHAIN_FILE=cmake/toolchain-$*.cmake >/dev/null
	@ninja -C $(BUILD)/$* --quiet

run: build-$(ARCH)
	@tools/qemu/run.sh --arch $(ARCH) --build $(BUILD)/$(ARCH) --smp $(SMP) --mem $(MEM) \
		--accel $(ACCEL) $(if $(VARIANT),--variant $(VARIANT)) $(if $(APPEND),--append "$(APPEND)")

debug: build-$(ARCH)
	@tools/debug.sh $(ARCH) $(BUILD)/$(ARCH)

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

clean:
	rm -rf $(BUILD)
