# ELF executables for the host tests, linked at build time by Debian's clang-16 and lld from
# data/elf_program.c, so the ELF reader is checked against what the real toolchain writes:
#   program-<isa>.elf          static, non-PIE, for x86_64, aarch64 and riscv64 (must load)
#   x86_64-omagic.elf          -N: one RWX segment (must be refused: W^X)
#   x86_64-static-pie.elf      ET_DYN with PT_DYNAMIC (must be refused: unsupported)
#   x86_64-execstack.elf       PT_GNU_STACK with PF_X (must be refused)
#
# Include from tests/host/CMakeLists.txt after mica_host_tests is defined. The target gets
# MICA_ELF_DATA_DIR="<build dir>/elf_data" and a dependency on the files.

find_program(MICA_CLANG_C clang-16 REQUIRED)
find_program(MICA_LLD ld.lld-16 REQUIRED)

set(MICA_ELF_DATA_DIR ${CMAKE_CURRENT_BINARY_DIR}/elf_data)
file(MAKE_DIRECTORY ${MICA_ELF_DATA_DIR})
set(MICA_ELF_SOURCE ${CMAKE_CURRENT_LIST_DIR}/data/elf_program.c)
set(MICA_ELF_FILES)

# mica_elf_program(<output name> <target triple> [extra compiler and linker flags...])
function(mica_elf_program name triple)
    set(output ${MICA_ELF_DATA_DIR}/${name})
    add_custom_command(
        OUTPUT ${output}
        COMMAND ${MICA_CLANG_C} --target=${triple} -ffreestanding -nostdlib -O1
                --ld-path=${MICA_LLD} ${ARGN} ${MICA_ELF_SOURCE} -o ${output}
        DEPENDS ${MICA_ELF_SOURCE}
        COMMENT "clang-16 ${name}"
        VERBATIM)
    set(MICA_ELF_FILES ${MICA_ELF_FILES} ${output} PARENT_SCOPE)
endfunction()

set(MICA_ELF_STATIC -static -fno-pic -Wl,-z,noexecstack)
mica_elf_program(program-x86_64.elf x86_64-linux-gnu ${MICA_ELF_STATIC})
mica_elf_program(program-aarch64.elf aarch64-linux-gnu ${MICA_ELF_STATIC})
# lld does not implement RISC-V linker relaxation.
mica_elf_program(program-riscv64.elf riscv64-linux-gnu -mno-relax ${MICA_ELF_STATIC})
mica_elf_program(x86_64-omagic.elf x86_64-linux-gnu ${MICA_ELF_STATIC} -Wl,-N)
mica_elf_program(x86_64-static-pie.elf x86_64-linux-gnu -static-pie -fpie)
mica_elf_program(x86_64-execstack.elf x86_64-linux-gnu -static -fno-pic -Wl,-z,execstack)

add_custom_target(mica_elf_data DEPENDS ${MICA_ELF_FILES})

if(TARGET mica_host_tests)
    add_dependencies(mica_host_tests mica_elf_data)
    target_compile_definitions(mica_host_tests PRIVATE MICA_ELF_DATA_DIR="${MICA_ELF_DATA_DIR}")
endif()
