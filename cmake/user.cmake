# Native user programs for one ISA (MICA_ARCH), built in the same configuration as its kernel.
# Included by user/CMakeLists.txt, which builds libmica (user/lib) first.
#
#   mica_user_program(<name> <sources>...)
#
# links <name> against libmica with user/lib/user.ld into ${MICA_USER_BIN_DIR}/<name> and adds it
# to the boot archive (user/CMakeLists.txt packs every program registered here).

set(MICA_USER_BIN_DIR ${CMAKE_BINARY_DIR}/user/bin)
set(MICA_USER_LINKER_SCRIPT ${PROJECT_SOURCE_DIR}/user/lib/user.ld)

# The same freestanding C++ as the kernel, except that user code may use FP/SIMD (the kernel
# saves it per thread) and the red zone (traps switch to a kernel stack). -nostdlib and -static
# are the link's business: ld.lld links only what it is given, and is given no libraries.
# -nostdlibinc keeps the host's /usr/include (glibc) out; clang's own stdint.h etc. remain.
set(MICA_USER_COMPILE_FLAGS
    -ffreestanding -fno-exceptions -fno-rtti -fno-threadsafe-statics -nostdlibinc
    -fno-stack-protector -fno-pic -fno-pie
    -fno-omit-frame-pointer -mno-omit-leaf-frame-pointer
    -fno-asynchronous-unwind-tables -fno-unwind-tables
    -ffunction-sections -fdata-sections
    -fmacro-prefix-map=${PROJECT_SOURCE_DIR}/=
    -Wall -Wextra -Werror -O2 -g)
if(MICA_ARCH STREQUAL "x86_64")
    set(MICA_USER_ISA_FLAGS "") # the x86-64 baseline: SSE2
elseif(MICA_ARCH STREQUAL "aarch64")
    set(MICA_USER_ISA_FLAGS -march=armv8-a -mbranch-protection=none) # NEON is baseline
elseif(MICA_ARCH STREQUAL "riscv64")
    # The hard-float ABI: the kernel enables the FPU (sstatus.FS) for user threads.
    set(MICA_USER_ISA_FLAGS -march=rv64gc -mabi=lp64d)
else()
    message(FATAL_ERROR "user space: no flags for ISA '${MICA_ARCH}'")
endif()

# Usage requirements every user target shares: flags, and the include path of libmica, the ABI
# (<abi/...>, generated and source) and kernel/lib (<lib/...>: freestanding, host-tested code).
add_library(mica_user_flags INTERFACE)
target_compile_options(mica_user_flags INTERFACE
    $<$<COMPILE_LANGUAGE:CXX>:${MICA_USER_COMPILE_FLAGS} ${MICA_USER_ISA_FLAGS}>
    $<$<COMPILE_LANGUAGE:ASM>:-g ${MICA_USER_ISA_FLAGS}>)
target_include_directories(mica_user_flags INTERFACE
    ${PROJECT_SOURCE_DIR}/user/lib/include
    ${PROJECT_SOURCE_DIR}/user/lib/arch/${MICA_ARCH}/include
    ${PROJECT_SOURCE_DIR}/kernel
    ${PROJECT_SOURCE_DIR}
    ${MICA_ABI_GENERATED_DIR})
target_include_directories(mica_user_flags SYSTEM INTERFACE
    ${PROJECT_SOURCE_DIR}/kernel/lib/freestanding)

# Linked by ld.lld directly, as the kernel is (kernel/CMakeLists.txt says why). Directory scope:
# applies to user/ only. --discard-locals drops the assembler's temporary labels (on riscv64 one
# per auipc), which would otherwise be most of the symbol table.
set(CMAKE_CXX_LINK_EXECUTABLE "${MICA_LLD} <LINK_FLAGS> <OBJECTS> -o <TARGET> <LINK_LIBRARIES>")
set(MICA_USER_LINK_FLAGS
    --script=${MICA_USER_LINKER_SCRIPT} -static --gc-sections -zmax-page-size=4096
    -znoexecstack --build-id=none --no-undefined --orphan-handling=error --discard-locals)

function(mica_user_program name)
    add_executable(${name} ${ARGN})
    target_link_libraries(${name} PRIVATE mica mica_user_flags)
    mica_use_abi(${name} ${MICA_ARCH})
    target_link_options(${name} PRIVATE ${MICA_USER_LINK_FLAGS})
    set_target_properties(${name} PROPERTIES
        RUNTIME_OUTPUT_DIRECTORY ${MICA_USER_BIN_DIR}
        LINK_DEPENDS ${MICA_USER_LINKER_SCRIPT}
        LINKER_LANGUAGE CXX)
    set_property(GLOBAL APPEND PROPERTY MICA_USER_PROGRAMS ${name})
endfunction()

# A file that is not a program (a shell script, say) packed into the boot archive as <name>.
function(mica_boot_data name path)
    set_property(GLOBAL APPEND PROPERTY MICA_BOOT_DATA_FILES ${name}=${path})
endfunction()
