// mica-wasm: runs a WASI command module on the host with Mica's runtime.
//
//   mica-wasm [--dir GUEST=HOST]... [--env NAME=VALUE]... [--argv0 NAME] module.wasm [args...]
//
// The module's stdin/stdout/stderr are this process's; each --dir preopens the host directory
// HOST under the name GUEST (e.g. --dir /sandbox=/tmp/x). argv[0] is the module's file name
// unless --argv0 says otherwise. The exit status is the module's (proc_exit, or 0 when _start
// returns); a module that cannot run or traps prints why on stderr and exits with 70.

#include "posix_file_system.h"
#include "posix_host.h"

#include <wasm/wasi/program.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

namespace {

using namespace mica;
using namespace mica::wasm;

constexpr int kFailureStatus = 70; // EX_SOFTWARE

class MallocAllocator final : public Allocator {
public:
    void* allocate(size_t size, size_t alignment) override {
        void* pointer = nullptr;
        if (alignment < sizeof(void*))
            alignment = sizeof(void*);
        return posix_memalign(&pointer, alignment, size ? size : 1) == 0 ? pointer : nullptr;
    }
    void deallocate(void* pointer, size_t) override { free(pointer); }
};

int usage() {
    std::fprintf(stderr, "usage: mica-wasm [--dir GUEST=HOST]... [--env NAME=VALUE]... "
                         "[--argv0 NAME] module.wasm [args...]\n");
    return 64; // EX_USAGE
}

StringView view(const std::string& text) { return StringView(text.data(), text.size()); }

} // namespace

int main(int argc, char** argv) {
    std::vector<std::string> directories, environment;
    std::string argv0;
    int i = 1;
    for (; i < argc; ++i) {
        std::string option = argv[i];
        if ((option == "--dir" || option == "--env" || option == "--argv0") && i + 1 < argc) {
            std::string value = argv[++i];
            if (option == "--dir")
                directories.push_back(value);
            else if (option == "--env")
                environment.push_back(value);
            else
                argv0 = value;
        } else if (option.rfind("--", 0) == 0) {
            return usage();
        } else {
            break;
        }
    }
    if (i == argc)
        return usage();
    std::string path = argv[i];
    std::ifstream input(path, std::ios::binary);
    if (!input) {
        std::fprintf(stderr, "mica-wasm: cannot read %s\n", path.c_str());
        return 66; // EX_NOINPUT
    }
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(input)), {});

    std::vector<std::string> arguments;
    arguments.push_back(argv0.empty() ? path.substr(path.rfind('/') + 1) : argv0);
    for (int k = i + 1; k < argc; ++k)
        arguments.push_back(argv[k]);
    std::vector<StringView> argument_views, environment_views;
    for (const std::string& argument : arguments)
        argument_views.push_back(view(argument));
    for (const std::string& variable : environment)
        environment_views.push_back(view(variable));

    std::vector<std::unique_ptr<embedder::PosixFileSystem>> file_systems;
    std::vector<std::string> guest_names;
    guest_names.reserve(directories.size());
    std::vector<wasi::Preopen> preopens;
    for (const std::string& directory : directories) {
        size_t equals = directory.find('=');
        if (equals == std::string::npos || equals == 0)
            return usage();
        guest_names.push_back(directory.substr(0, equals));
        std::string host_path = directory.substr(equals + 1);
        file_systems.push_back(std::make_unique<embedder::PosixFileSystem>(host_path));
        if (!file_systems.back()->is_open()) {
            std::fprintf(stderr, "mica-wasm: cannot open directory %s\n", host_path.c_str());
            return 66;
        }
        preopens.push_back({view(guest_names.back()), file_systems.back().get()});
    }

    MallocAllocator allocator;
    embedder::PosixHost host;
    wasi::WasiConfig config;
    config.arguments = Span<const StringView>(argument_views.data(), argument_views.size());
    config.environment = Span<const StringView>(environment_views.data(), environment_views.size());
    config.preopens = Span<const wasi::Preopen>(preopens.data(), preopens.size());
    auto wasi_state = std::make_unique<wasi::Wasi>(host, config);
    wasi::ProgramOutcome outcome =
        wasi::run_program(allocator, Span<const uint8_t>(bytes.data(), bytes.size()), *wasi_state);
    if (outcome.kind == wasi::ProgramOutcome::Kind::Failed) {
        std::fprintf(stderr, "mica-wasm: %s: %s\n", path.c_str(), outcome.message);
        return kFailureStatus;
    }
    return int(outcome.exit_code & 0xff);
}
