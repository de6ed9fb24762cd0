# Cross toolchain for the aarch64 kernel: Debian's clang-16 and lld-16, no C library.
set(MICA_ARCH aarch64)
set(MICA_TARGET_TRIPLE aarch64-unknown-none-elf)
include(${CMAKE_CURRENT_LIST_DIR}/toolchain-common.cmake)
