# The shell's and the console service's pure parts (included from CMakeLists.txt), as their own
# executables like fat32_tests.cmake, so they build and run while other parts of the host library
# change.
#   mica_shell_tests   tests/host/shell/*_test.cpp over user/shell's host-safe sources

set(MICA_SHELL_HOST_SOURCES
    ${PROJECT_SOURCE_DIR}/user/shell/line_editor.cpp
    ${PROJECT_SOURCE_DIR}/user/shell/command_line.cpp)
file(GLOB MICA_SHELL_TEST_SOURCES CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/shell/*_test.cpp)
add_executable(mica_shell_tests ${MICA_SHELL_TEST_SOURCES} ${MICA_SHELL_HOST_SOURCES})
target_include_directories(mica_shell_tests PRIVATE
    ${PROJECT_SOURCE_DIR}/kernel ${PROJECT_SOURCE_DIR} ${PROJECT_SOURCE_DIR}/user)
target_compile_options(mica_shell_tests PRIVATE -Wall -Wextra -Werror -g ${MICA_SANITIZERS})
target_link_options(mica_shell_tests PRIVATE ${MICA_SANITIZERS})
target_link_libraries(mica_shell_tests PRIVATE GTest::gtest GTest::gtest_main)
gtest_discover_tests(mica_shell_tests TEST_PREFIX shell. DISCOVERY_TIMEOUT 60)

# The console service's pure part: decoding a device tree node's interrupt (user/console).
#   mica_console_tests   tests/host/console/*_test.cpp, over the QEMU trees and data/*.dts
file(GLOB MICA_CONSOLE_TEST_SOURCES CONFIGURE_DEPENDS
    ${CMAKE_CURRENT_SOURCE_DIR}/console/*_test.cpp)
add_executable(mica_console_tests ${MICA_CONSOLE_TEST_SOURCES}
    ${PROJECT_SOURCE_DIR}/user/console/dtb_interrupt.cpp
    ${PROJECT_SOURCE_DIR}/kernel/platform/dtb_parse.cpp
    ${PROJECT_SOURCE_DIR}/kernel/lib/fdt.cpp
    ${PROJECT_SOURCE_DIR}/kernel/lib/fdt_node.cpp)
target_include_directories(mica_console_tests PRIVATE
    ${PROJECT_SOURCE_DIR}/kernel ${PROJECT_SOURCE_DIR} ${PROJECT_SOURCE_DIR}/user)
target_compile_options(mica_console_tests PRIVATE -Wall -Wextra -Werror -g ${MICA_SANITIZERS})
target_link_options(mica_console_tests PRIVATE ${MICA_SANITIZERS})
target_link_libraries(mica_console_tests PRIVATE GTest::gtest GTest::gtest_main)
mica_use_fdt_data(mica_console_tests)
gtest_discover_tests(mica_console_tests TEST_PREFIX console. DISCOVERY_TIMEOUT 60)
