# Generates the ABI headers from abi/mica.abi at build time (tools/gen_abi.py) into
# <build>/generated/abi/, never into the source tree.
#
#   include(${PROJECT_SOURCE_DIR}/abi/abi.cmake)
#   mica_use_abi(<target> <isa or "all">)
#
# puts <build>/generated on <target>'s include path, so <abi/mica_abi.h>,
# <abi/kernel_syscalls.h> and <abi/user_syscalls.h> work, and builds the headers first.
# With an ISA the kernel header declares only the syscalls that ISA has.

set(MICA_ABI_SPEC ${PROJECT_SOURCE_DIR}/abi/mica.abi)
set(MICA_GEN_ABI ${PROJECT_SOURCE_DIR}/tools/gen_abi.py)
set(MICA_ABI_GENERATED_DIR ${CMAKE_BINARY_DIR}/generated)

function(mica_use_abi target isa)
    set(dir ${MICA_ABI_GENERATED_DIR})
    set(headers ${dir}/abi/mica_abi.h ${dir}/abi/kernel_syscalls.h ${dir}/abi/user_syscalls.h)
    if(NOT TARGET mica_abi_headers)
        add_custom_command(
            OUTPUT ${headers}
            COMMAND python3 ${MICA_GEN_ABI} ${MICA_ABI_SPEC} --output-dir ${dir} --isa ${isa}
            DEPENDS ${MICA_ABI_SPEC} ${MICA_GEN_ABI}
            COMMENT "Generating the ABI headers from abi/mica.abi"
            VERBATIM)
        add_custom_target(mica_abi_headers DEPENDS ${headers})
    endif()
    add_dependencies(${target} mica_abi_headers)
    target_include_directories(${target} PRIVATE ${dir})
endfunction()
