# WASI preview1 (user/wasm/wasi), the host embedder and the sample apps (included from
# tests/host/CMakeLists.txt after wasm_data.cmake):
#   mica_wasi          user/wasm/wasi/*.cpp (links against the runtime core of whichever target
#                      uses it: mica_host_lib for the unit tests, mica_wasm_runtime for the tool)
#   mica-wasm          the host embedder (user/wasm/embedder): runs a WASI command module
#   mica_wasm_apps     user/apps/*.c built for wasm32-wasi with Debian's wasi-libc, into
#                      <build>/wasm_apps/<name>.wasm; the same files go into every ISA's boot
#                      archive (user/wasm-run/CMakeLists.txt builds its own, identical copy)
#   wasi_app.<case>    one ctest per tests/wasi/cases/<case>.case: the app under mica-wasm and
#                      under Node's WASI must print the same and exit with the same status

file(GLOB MICA_WASI_SOURCES CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/user/wasm/wasi/*.cpp)
add_library(mica_wasi STATIC ${MICA_WASI_SOURCES})
target_include_directories(mica_wasi PUBLIC
    ${PROJECT_SOURCE_DIR}/kernel ${PROJECT_SOURCE_DIR} ${PROJECT_SOURCE_DIR}/user)
target_compile_options(mica_wasi PUBLIC -Wall -Wextra -Werror -g ${MICA_SANITIZERS})
target_link_options(mica_wasi PUBLIC ${MICA_SANITIZERS})
target_link_libraries(mica_host_tests PRIVATE mica_wasi)

file(GLOB MICA_WASM_EMBEDDER_SOURCES CONFIGURE_DEPENDS
    ${PROJECT_SOURCE_DIR}/user/wasm/embedder/*.cpp)
add_executable(mica-wasm ${MICA_WASM_EMBEDDER_SOURCES})
target_link_libraries(mica-wasm PRIVATE mica_wasi mica_wasm_runtime)

# The apps: portable, so built the same way here and in every ISA's build (user/apps/wasm_apps.cmake).
include(${PROJECT_SOURCE_DIR}/user/apps/wasm_apps.cmake)
set(MICA_WASM_APPS_DIR ${CMAKE_BINARY_DIR}/wasm_apps)
mica_wasm_apps(${MICA_WASM_APPS_DIR} MICA_WASM_APP_FILES)
add_custom_target(mica_wasm_apps ALL DEPENDS ${MICA_WASM_APP_FILES})

find_program(MICA_NODE node REQUIRED)
file(GLOB MICA_WASI_CASES CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/tests/wasi/cases/*.case)
foreach(case ${MICA_WASI_CASES})
    get_filename_component(name ${case} NAME_WE)
    add_test(NAME wasi_app.${name}
        COMMAND python3 ${PROJECT_SOURCE_DIR}/tests/wasi/compare.py
                --mica-wasm $<TARGET_FILE:mica-wasm> --node ${MICA_NODE}
                --apps ${MICA_WASM_APPS_DIR} ${case})
endforeach()

# What init's test mode runs inside Mica (tests/wasi/in_mica): the committed expected output of
# each case must be what Node's WASI prints (the QEMU driver compares the log with it).
file(GLOB MICA_WASI_IN_MICA_CASES CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/tests/wasi/in_mica/*.case)
foreach(case ${MICA_WASI_IN_MICA_CASES})
    get_filename_component(name ${case} NAME_WE)
    add_test(NAME wasi_in_mica.${name}
        COMMAND python3 ${PROJECT_SOURCE_DIR}/tests/wasi/in_mica_expected.py
                --node ${MICA_NODE} --apps ${MICA_WASM_APPS_DIR} ${case})
endforeach()
