# The WebAssembly runtime's own host targets (included from wasm_data.cmake):
#   mica_wasm_runtime   user/wasm/*.cpp and the kernel/lib code it uses, with the host tests'
#                       sanitizers; the runtime depends on nothing else, so it builds even
#                       while other parts of the host library are being changed.
#   wasm_spectest       the spec test runner (user/wasm/spectest): runs the .json scripts that
#                       wabt's wast2json makes from .wast files.
#   wasm_spec.<name>    one ctest per tests/wasm/<name>.wast, converted at build time.

find_program(MICA_WAST2JSON wast2json REQUIRED)

file(GLOB MICA_WASM_RUNTIME_SOURCES CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/user/wasm/*.cpp)
add_library(mica_wasm_runtime STATIC ${MICA_WASM_RUNTIME_SOURCES}
    ${PROJECT_SOURCE_DIR}/kernel/lib/format.cpp)
target_include_directories(mica_wasm_runtime PUBLIC
    ${PROJECT_SOURCE_DIR}/kernel ${PROJECT_SOURCE_DIR} ${PROJECT_SOURCE_DIR}/user)
target_compile_options(mica_wasm_runtime PUBLIC -Wall -Wextra -Werror -g ${MICA_SANITIZERS})
target_link_options(mica_wasm_runtime PUBLIC ${MICA_SANITIZERS})

file(GLOB MICA_WASM_SPECTEST_SOURCES CONFIGURE_DEPENDS
    ${PROJECT_SOURCE_DIR}/user/wasm/spectest/*.cpp)
add_executable(wasm_spectest ${MICA_WASM_SPECTEST_SOURCES})
target_link_libraries(wasm_spectest PRIVATE mica_wasm_runtime)

set(MICA_WASM_SPEC_DIR ${CMAKE_CURRENT_BINARY_DIR}/wasm_spec)
file(GLOB MICA_WASM_WAST_SOURCES CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/tests/wasm/*.wast)
set(MICA_WASM_SPEC_FILES)
foreach(source ${MICA_WASM_WAST_SOURCES})
    get_filename_component(name ${source} NAME_WE)
    set(output ${MICA_WASM_SPEC_DIR}/${name}/${name}.json)
    add_custom_command(
        OUTPUT ${output}
        COMMAND ${CMAKE_COMMAND} -E make_directory ${MICA_WASM_SPEC_DIR}/${name}
        COMMAND ${MICA_WAST2JSON} ${source} -o ${output}
        DEPENDS ${source}
        COMMENT "wast2json ${name}.wast"
        VERBATIM)
    list(APPEND MICA_WASM_SPEC_FILES ${output})
    add_test(NAME wasm_spec.${name} COMMAND wasm_spectest ${output})
endforeach()
add_custom_target(mica_wasm_spec_scripts ALL DEPENDS ${MICA_WASM_SPEC_FILES})
add_dependencies(wasm_spectest mica_wasm_spec_scripts)
