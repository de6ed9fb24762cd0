// vfs_probe: a client of the filesystem service that goes away without closing its files, for
// the user test suite (user/tests/cases/vfs_test.cpp) to show the service releases them.
//
//   vfs_probe exit <n>   open n new files in /tmp, then end the process at once (exit code 0)
//   vfs_probe hang <n>   open n new files, call the Bootstrap endpoint to say so, and wait there
//                        for a reply that never comes (the test kills the process)
//
// Needs the Filesystem startup handle (and Bootstrap for `hang`). Exit codes: 0 done, 1 bad
// arguments or handles, 2 a filesystem request failed.

#include <abi/user_syscalls.h>
#include <lib/format.h>
#include <mica/print.h>
#include <mica/startup.h>
#include <mica/vfs.h>
#include <string.h>

using namespace mica;

int main(int argc, char** argv) {
    if (argc != 3 || (strcmp(argv[1], "exit") != 0 && strcmp(argv[1], "hang") != 0) ||
        argv[2][0] < '1' || argv[2][0] > '9' || argv[2][1] != '\0') {
        println("vfs_probe: usage: vfs_probe exit|hang <1-9>");
        return 1;
    }
    bool hang = argv[1][0] == 'h';
    int count = argv[2][0] - '0';
    auto client = vfs::default_client();
    if (client.is_error()) {
        println("vfs_probe: cannot connect: {}", vfs::protocol::status_name(client.error()));
        return 1;
    }
    for (int i = 0; i < count; ++i) {
        char name[64];
        StringView path = format_to_buffer(name, sizeof name, "/tmp/probe-{}-{}", argv[1], i);
        auto file = vfs::File::open(*client.value(), path,
                                    vfs::open_flags::kWrite | vfs::open_flags::kCreate);
        if (file.is_error()) {
            println("vfs_probe: open {}: {}", path, vfs::protocol::status_name(file.error()));
            return 2;
        }
        // Leaked on purpose: the file must still be open when this process ends.
        (void)new vfs::File(file.release_value());
    }
    if (hang) {
        abi::Handle bootstrap = startup_handle(abi::StartupRole::Bootstrap);
        uint64_t info = 0, word = 0;
        (void)sys::endpoint_call(bootstrap, abi::ipc_info(1, 0, 0), abi::kDeadlineInfinite,
                                 uint64_t(count), 0, 0, &info, &word, &word, &word);
        println("vfs_probe: the test answered; it should have killed this process");
        return 1;
    }
    sys::process_exit(0); // no destructors: the files and the session stay open
}
