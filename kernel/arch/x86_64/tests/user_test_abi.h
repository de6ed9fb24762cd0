/* The few syscall numbers the user test programs (user_test_programs.S) use, as #defines for the
 * assembler; user_test_abi_check.cpp holds them to the generated ABI (abi/mica.abi). */
#pragma once

#define SYS_PROCESS_EXIT 7
#define SYS_THREAD_YIELD 13
#define SYS_DEBUG_WRITE 38
