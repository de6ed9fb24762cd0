# Cross toolchain for the x86_64 kernel: Debian's clang-16 and lld-16, no C library.
set(MICA_ARCH x86_64)
set(MICA_TARGET_TRIPLE x86_64-unknown-none-elf)
include(${CMAKE_CURRENT_LIST_DIR}/toolchain-common.cmake)
