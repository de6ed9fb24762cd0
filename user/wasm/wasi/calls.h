#pragma once
// The implementations of the WASI functions, one per import, grouped by what they touch:
// calls_process.cpp (arguments, environment, clocks, randomness, scheduling, exit, poll),
// calls_fd.cpp (descriptors) and calls_path.cpp (paths under a directory descriptor). Each gets
// the arguments as the module passed them and returns the errno the module sees.

#include <wasm/wasi/guest_memory.h>
#include <wasm/wasi/wasi.h>

namespace mica::wasm::wasi::calls {

#define MICA_WASI_CALL(name) Errno name(Wasi& wasi, GuestMemory& memory, Span<Value> args)

MICA_WASI_CALL(args_get);
MICA_WASI_CALL(args_sizes_get);
MICA_WASI_CALL(environ_get);
MICA_WASI_CALL(environ_sizes_get);
MICA_WASI_CALL(clock_res_get);
MICA_WASI_CALL(clock_time_get);
MICA_WASI_CALL(random_get);
MICA_WASI_CALL(sched_yield);
MICA_WASI_CALL(proc_exit);
MICA_WASI_CALL(poll_oneoff);

MICA_WASI_CALL(fd_close);
MICA_WASI_CALL(fd_fdstat_get);
MICA_WASI_CALL(fd_fdstat_set_flags);
MICA_WASI_CALL(fd_filestat_get);
MICA_WASI_CALL(fd_prestat_get);
MICA_WASI_CALL(fd_prestat_dir_name);
MICA_WASI_CALL(fd_read);
MICA_WASI_CALL(fd_write);
MICA_WASI_CALL(fd_pread);
MICA_WASI_CALL(fd_pwrite);
MICA_WASI_CALL(fd_readdir);
MICA_WASI_CALL(fd_seek);
MICA_WASI_CALL(fd_tell);

MICA_WASI_CALL(path_open);
MICA_WASI_CALL(path_filestat_get);
MICA_WASI_CALL(path_create_directory);
MICA_WASI_CALL(path_remove_directory);
MICA_WASI_CALL(path_unlink_file);
MICA_WASI_CALL(path_rename);

#undef MICA_WASI_CALL

// Shared by the files: the filestat layout, written at `address` (checked by the caller).
void store_filestat(GuestMemory& memory, uint64_t address, const FileStat& stat);

} // namespace mica::wasm::wasi::calls
