# App bundles (user/apps/bundle): the reader goes into mica_host_lib (so app_bundle_test.cpp and
# the fuzz target see it), the sample apps' bundles are built as every ISA builds them, and the
# builder's own checks run as ctest app_bundle.builder. Included after wasi.cmake (the apps).

target_sources(mica_host_lib PRIVATE
    ${PROJECT_SOURCE_DIR}/user/apps/bundle/bundle.cpp
    ${PROJECT_SOURCE_DIR}/user/apps/bundle/manifest.cpp)

include(${PROJECT_SOURCE_DIR}/user/apps/bundle/bundles.cmake)
set(MICA_APP_BUNDLES_DIR ${CMAKE_BINARY_DIR}/app_bundles)
mica_app_bundles(${MICA_APP_BUNDLES_DIR} ${MICA_WASM_APPS_DIR} MICA_APP_BUNDLE_FILES)
add_custom_target(mica_app_bundles ALL DEPENDS ${MICA_APP_BUNDLE_FILES})
add_dependencies(mica_host_tests mica_app_bundles)
target_compile_definitions(mica_host_tests PRIVATE MICA_APP_BUNDLES_DIR="${MICA_APP_BUNDLES_DIR}")

add_test(NAME app_bundle.builder
    COMMAND python3 ${PROJECT_SOURCE_DIR}/user/apps/bundle/mkbundle_test.py
            --apps ${MICA_WASM_APPS_DIR} --bundles ${MICA_APP_BUNDLES_DIR})
