# The FAT32 and partition-table tests (included from CMakeLists.txt), as their own executable over
# their own library, like wasm_runtime.cmake: user/fs depends only on kernel/lib headers, so these
# build and run even while other parts of the host library are being changed.
#   mica_fat32_host    user/fs/{fat32,partition}/*.cpp with the host tests' sanitizers
#   mica_fat32_tests   tests/host/fat32_*_test.cpp; they shell out to mkfs.fat, mtools,
#                      fsck.fat and sgdisk (tools/deps.sh installs them)

file(GLOB MICA_FAT32_HOST_SOURCES CONFIGURE_DEPENDS
    ${PROJECT_SOURCE_DIR}/user/fs/fat32/*.cpp ${PROJECT_SOURCE_DIR}/user/fs/partition/*.cpp)
add_library(mica_fat32_host STATIC ${MICA_FAT32_HOST_SOURCES})
target_include_directories(mica_fat32_host PUBLIC
    ${PROJECT_SOURCE_DIR}/kernel ${PROJECT_SOURCE_DIR} ${PROJECT_SOURCE_DIR}/user)
target_compile_options(mica_fat32_host PUBLIC -Wall -Wextra -Werror -g ${MICA_SANITIZERS})
target_link_options(mica_fat32_host PUBLIC ${MICA_SANITIZERS})

file(GLOB MICA_FAT32_TEST_SOURCES CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/fat32_*_test.cpp)
add_executable(mica_fat32_tests ${MICA_FAT32_TEST_SOURCES})
target_link_libraries(mica_fat32_tests PRIVATE mica_fat32_host GTest::gtest GTest::gtest_main)
gtest_discover_tests(mica_fat32_tests TEST_PREFIX fat32. DISCOVERY_TIMEOUT 60)

# The fuzz targets (tests/fuzz/{fat32,partition}_fuzz.cpp) are made by the generic loop in
# CMakeLists.txt, which runs after this file. Once it has, compile the library's sources into
# them directly: with the targets' -fsanitize=fuzzer they get the coverage instrumentation that
# the copies in mica_host_lib lack, and those copies are then never pulled from the archive.
function(mica_fat32_instrument_fuzzers)
    foreach(target fuzz_fat32 fuzz_partition)
        if(TARGET ${target})
            target_sources(${target} PRIVATE ${MICA_FAT32_HOST_SOURCES})
        endif()
    endforeach()
endfunction()
cmake_language(DEFER CALL mica_fat32_instrument_fuzzers)
