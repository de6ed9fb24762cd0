# WebAssembly modules for the host tests, built at build time by the real tools so the decoder
# and validator are checked against what they write:
#   <name>.wasm           data/wasm/<name>.wat through Debian's wabt (wat2wasm, which also
#                         validates: these must be accepted)
#   invalid_<name>.wasm   data/wasm/invalid_<name>.wat through wat2wasm --no-check (well-formed
#                         but invalid: must be refused by the validator)
#   program.wasm          data/wasm/program.c through clang-16 --target=wasm32-wasi without a
#                         libc (-nostdlib), every function exported
#
# Include from tests/host/CMakeLists.txt after mica_host_tests is defined. The target gets
# MICA_WASM_DATA_DIR="<build dir>/wasm_data".

find_program(MICA_WAT2WASM wat2wasm REQUIRED)
find_program(MICA_CLANG_C clang-16 REQUIRED)
find_program(MICA_WASM_LD wasm-ld-16 REQUIRED)

set(MICA_WASM_DATA_DIR ${CMAKE_CURRENT_BINARY_DIR}/wasm_data)
file(MAKE_DIRECTORY ${MICA_WASM_DATA_DIR})
set(MICA_WASM_FILES)

file(GLOB MICA_WAT_SOURCES CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/data/wasm/*.wat)
foreach(source ${MICA_WAT_SOURCES})
    get_filename_component(name ${source} NAME_WE)
    set(output ${MICA_WASM_DATA_DIR}/${name}.wasm)
    set(check)
    if(name MATCHES "^invalid_")
        set(check --no-check)
    endif()
    add_custom_command(
        OUTPUT ${output}
        COMMAND ${MICA_WAT2WASM} ${check} ${source} -o ${output}
        DEPENDS ${source}
        COMMENT "wat2wasm ${name}.wat"
        VERBATIM)
    list(APPEND MICA_WASM_FILES ${output})
endforeach()

set(MICA_WASM_PROGRAM ${CMAKE_CURRENT_LIST_DIR}/data/wasm/program.c)
add_custom_command(
    OUTPUT ${MICA_WASM_DATA_DIR}/program.wasm
    COMMAND ${MICA_CLANG_C} --target=wasm32-wasi -nostdlib -O2 -mbulk-memory
            --ld-path=${MICA_WASM_LD} -Wl,--no-entry -Wl,--export-all
            ${MICA_WASM_PROGRAM} -o ${MICA_WASM_DATA_DIR}/program.wasm
    DEPENDS ${MICA_WASM_PROGRAM}
    COMMENT "clang-16 --target=wasm32-wasi program.wasm"
    VERBATIM)
list(APPEND MICA_WASM_FILES ${MICA_WASM_DATA_DIR}/program.wasm)

add_custom_target(mica_wasm_data DEPENDS ${MICA_WASM_FILES})

if(TARGET mica_host_tests)
    add_dependencies(mica_host_tests mica_wasm_data)
    target_compile_definitions(mica_host_tests PRIVATE MICA_WASM_DATA_DIR="${MICA_WASM_DATA_DIR}")
endif()

# The runtime's own targets: the spec test runner and the tests/wasm/*.wast scripts.
include(${CMAKE_CURRENT_LIST_DIR}/wasm_runtime.cmake)
