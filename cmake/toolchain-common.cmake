# Shared by the per-ISA toolchain files, which set MICA_ARCH and MICA_TARGET_TRIPLE first.
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR ${MICA_ARCH})

find_program(MICA_CLANG NAMES clang-16 REQUIRED)
find_program(MICA_CLANGXX NAMES clang++-16 REQUIRED)
find_program(MICA_LLD NAMES ld.lld-16 REQUIRED)
find_program(MICA_OBJCOPY NAMES llvm-objcopy-16 REQUIRED)
find_program(MICA_NM NAMES llvm-nm-16 REQUIRED)

set(CMAKE_C_COMPILER ${MICA_CLANG})
set(CMAKE_CXX_COMPILER ${MICA_CLANGXX})
set(CMAKE_ASM_COMPILER ${MICA_CLANG})
set(CMAKE_C_COMPILER_TARGET ${MICA_TARGET_TRIPLE})
set(CMAKE_CXX_COMPILER_TARGET ${MICA_TARGET_TRIPLE})
set(CMAKE_ASM_COMPILER_TARGET ${MICA_TARGET_TRIPLE})

# There is no C library to link a test program against while CMake probes the compiler.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

# The toolchain files are re-read by try_compile; pass our variables through.
set(CMAKE_TRY_COMPILE_PLATFORM_VARIABLES MICA_ARCH MICA_TARGET_TRIPLE)
