// install, list, launch, remove: WebAssembly apps from app bundles (user/apps/bundle), kept in
// the registry (app_registry.h) and run by wasm-run with exactly the directories they asked for.

#include "app_registry.h"
#include "commands.h"
#include "shell.h"

#include <abi/user_syscalls.h>
#include <mica/heap.h>
#include <mica/spawn.h>
#include <mica/startup.h>
#include <user/apps/bundle/bundle.h>

namespace mica::shell {

namespace {

constexpr uint64_t kMaxBundleBytes = 4 * 1024 * 1024; // a bundle is read whole into the heap
constexpr size_t kMaxManifestBytes = 4096;
constexpr size_t kMaxListedApps = 64;

vfs::Client* files_for(Shell& shell, StringView command) {
    vfs::Client* files = shell.services().files;
    if (!files)
        shell.println("{}: no filesystem service", command);
    return files;
}

int64_t fail(Shell& shell, StringView command, StringView path, vfs::Status status) {
    shell.println("{}: {}: {}", command, path, vfs::protocol::status_name(status));
    return kFailure;
}

// Heap bytes freed on every path out of install.
struct HeapBytes {
    explicit HeapBytes(size_t size) : data(new(std::nothrow) uint8_t[size ? size : 1]) {}
    ~HeapBytes() { delete[] data; }
    HeapBytes(const HeapBytes&) = delete;
    HeapBytes& operator=(const HeapBytes&) = delete;
    uint8_t* data;
};

// An installed app's manifest: its text and the parse, which points into it (so it stays put).
struct InstalledManifest {
    char text[kMaxManifestBytes];
    apps::Manifest manifest;
};

// Reads and parses <root>/apps/<name>/manifest; NotFound if the app is not installed. Other
// problems are printed (as `command: ...`) and answered with IoError.
vfs::Status load_manifest(Shell& shell, StringView command, vfs::Client& files, StringView root,
                          StringView name, InstalledManifest& installed) {
    Path path;
    if (!path.set("{}/apps/{}/manifest", root, name))
        return vfs::Status::NameTooLong;
    size_t length = 0;
    vfs::Status status = read_whole_file(
        files, path.view(),
        Span<uint8_t>(reinterpret_cast<uint8_t*>(installed.text), kMaxManifestBytes), length);
    if (status == vfs::Status::NotFound)
        return status;
    if (status != vfs::Status::Ok) {
        fail(shell, command, path.view(), status);
        return vfs::Status::IoError;
    }
    apps::BundleError error;
    if (!apps::parse_manifest(StringView(installed.text, length), installed.manifest, error)) {
        shell.println("{}: {}: {}", command, path.view(), error);
        return vfs::Status::IoError;
    }
    return vfs::Status::Ok;
}

void describe_request(Shell& shell, const apps::DirectoryRequest& request) {
    // wasm-run preopens read-write only: say so rather than pretend a read-only grant.
    if (request.writable)
        shell.println("  directory {} (read-write)", request.guest);
    else
        shell.println("  directory {} (read-only requested; granted read-write: wasm-run cannot "
                      "enforce read-only yet)",
                      request.guest);
}

// True for a valid app name (a registry directory name); false after saying why not.
bool check_app_name(Shell& shell, StringView command, StringView name) {
    if (apps::is_valid_app_name(name))
        return true;
    shell.println("{}: {}: not an app name ([a-z0-9-], starting with a letter)", command, name);
    return false;
}

// Unpacks a parsed bundle into the registry and makes its data directories.
int64_t unpack(Shell& shell, vfs::Client& files, StringView root, const apps::Bundle& bundle) {
    const apps::Manifest& manifest = bundle.manifest;
    Path apps_dir, app_dir, data_root, data_dir;
    if (!apps_dir.set("{}/apps", root) || !app_dir.set("{}/apps/{}", root, manifest.name) ||
        !data_root.set("{}/appdata", root) || !data_dir.set("{}/appdata/{}", root, manifest.name))
        return fail(shell, "install", manifest.name, vfs::Status::NameTooLong);
    const Path* directories[] = {&apps_dir, &app_dir, &data_root, &data_dir};
    for (const Path* directory : directories) {
        if (vfs::Status status = ensure_directory(files, directory->view());
            status != vfs::Status::Ok)
            return fail(shell, "install", directory->view(), status);
    }
    for (size_t i = 0; i < bundle.entry_count; ++i) {
        const apps::BundleEntry& entry = bundle.entries[i];
        Path file;
        if (!file.set("{}/{}", app_dir.view(), entry.name))
            return fail(shell, "install", entry.name, vfs::Status::NameTooLong);
        if (vfs::Status status = write_whole_file(files, file.view(), entry.data);
            status != vfs::Status::Ok) {
            // Half an app is no app: take back what was written (best effort).
            (void)remove_flat_directory(files, app_dir.view());
            return fail(shell, "install", file.view(), status);
        }
    }
    for (size_t i = 0; i < manifest.directory_count; ++i) {
        Path directory;
        if (!directory.set("{}{}", data_dir.view(), manifest.directories[i].guest))
            return fail(shell, "install", manifest.directories[i].guest, vfs::Status::NameTooLong);
        if (vfs::Status status = ensure_directory(files, directory.view());
            status != vfs::Status::Ok)
            return fail(shell, "install", directory.view(), status);
    }
    shell.println("install: {} {} installed in {} (data in {})", manifest.name, manifest.version,
                  app_dir.view(), data_dir.view());
    return kSuccess;
}

// A second install of the same name replaces the app only for a different version. True if the
// install may go on (the old version, if any, is gone).
bool make_room(Shell& shell, vfs::Client& files, StringView root, const apps::Manifest& manifest) {
    static InstalledManifest installed;
    vfs::Status status = load_manifest(shell, "install", files, root, manifest.name, installed);
    if (status == vfs::Status::NotFound) {
        Path app_dir;
        if (app_dir.set("{}/apps/{}", root, manifest.name) &&
            vfs::stat(files, app_dir.view()).is_error())
            return true;
        shell.println("install: {} exists but holds no app manifest: remove it first",
                      app_dir.view());
        return false;
    }
    if (status != vfs::Status::Ok)
        return false;
    if (installed.manifest.version == manifest.version) {
        shell.println("install: {} {} is already installed (remove it first to reinstall)",
                      manifest.name, manifest.version);
        return false;
    }
    shell.println("install: replacing {} {} (its data stays)", manifest.name,
                  installed.manifest.version);
    Path app_dir;
    if (!app_dir.set("{}/apps/{}", root, manifest.name))
        return false;
    if (vfs::Status removed = remove_flat_directory(files, app_dir.view());
        removed != vfs::Status::Ok) {
        fail(shell, "install", app_dir.view(), removed);
        return false;
    }
    return true;
}

int64_t install(Shell& shell, const CommandLine& line) {
    bool consent = line.count == 3 && line.words[1] == "-y";
    if (!consent && (line.count != 2 || line.words[1] == "-y"))
        return usage_error(shell, *find_command("install"));
    StringView path = line.words[line.count - 1];
    vfs::Client* files = files_for(shell, "install");
    if (!files)
        return kFailure;
    auto info = vfs::stat(*files, path);
    if (info.is_error())
        return fail(shell, "install", path, info.error());
    if (info.value().type != vfs::NodeType::File) {
        shell.println("install: {}: not a file", path);
        return kFailure;
    }
    if (info.value().size > kMaxBundleBytes) {
        shell.println("install: {}: {} bytes; a bundle may have at most {}", path,
                      info.value().size, kMaxBundleBytes);
        return kFailure;
    }
    size_t size = size_t(info.value().size);
    HeapBytes bytes(size);
    auto* bundle = new (std::nothrow) apps::Bundle;
    if (!bytes.data || !bundle) {
        delete bundle;
        shell.println("install: {}: out of memory for {} bytes", path, size);
        return kFailure;
    }
    struct Owner {
        apps::Bundle* bundle;
        ~Owner() { delete bundle; }
    } owner{bundle};
    size_t length = 0;
    if (vfs::Status status = read_whole_file(*files, path, Span<uint8_t>(bytes.data, size), length);
        status != vfs::Status::Ok)
        return fail(shell, "install", path, status);
    apps::BundleError error;
    if (!apps::parse_bundle(Bytes(bytes.data, length), *bundle, error)) {
        shell.println("install: {}: not a valid app bundle: {}", path, error);
        return kFailure;
    }
    const apps::Manifest& manifest = bundle->manifest;
    shell.println("install: {} {} (runs {}) asks for:", manifest.name, manifest.version,
                  manifest.entry);
    if (manifest.directory_count == 0)
        shell.println("  nothing: no directories");
    for (size_t i = 0; i < manifest.directory_count; ++i)
        describe_request(shell, manifest.directories[i]);
    if (!consent) {
        // The shell cannot read an answer in the middle of a command, and a script has no one
        // to ask: consent is the -y on the command line.
        shell.println("install: not installed: to grant this, run 'install -y {}'", path);
        return kFailure;
    }
    StringView root = registry_root(*files);
    if (!make_room(shell, *files, root, manifest))
        return kFailure;
    return unpack(shell, *files, root, *bundle);
}

int64_t list(Shell& shell, const CommandLine& line) {
    if (line.count != 1)
        return usage_error(shell, *find_command("list"));
    vfs::Client* files = files_for(shell, "list");
    if (!files)
        return kFailure;
    StringView root = registry_root(*files);
    Path apps_dir;
    if (!apps_dir.set("{}/apps", root))
        return fail(shell, "list", root, vfs::Status::NameTooLong);
    // The names first: each needs its manifest read, which the listing must not interleave with.
    static char names[kMaxListedApps][apps::kMaxAppNameBytes];
    static size_t lengths[kMaxListedApps];
    size_t count = 0, skipped = 0;
    auto listed = vfs::read_directory(*files, apps_dir.view(), [&](const vfs::Entry& entry) {
        if (entry.type != vfs::NodeType::Directory || !apps::is_valid_app_name(entry.name()) ||
            count == kMaxListedApps) {
            ++skipped;
            return;
        }
        for (size_t i = 0; i < entry.name_length; ++i)
            names[count][i] = entry.name_bytes[i];
        lengths[count++] = entry.name_length;
    });
    if (listed.is_error() && listed.error() != vfs::Status::NotFound)
        return fail(shell, "list", apps_dir.view(), listed.error());
    if (count == 0 && skipped == 0) {
        shell.println("list: no apps installed (in {})", apps_dir.view());
        return kSuccess;
    }
    int64_t result = kSuccess;
    static InstalledManifest installed;
    for (size_t i = 0; i < count; ++i) {
        StringView name(names[i], lengths[i]);
        if (load_manifest(shell, "list", *files, root, name, installed) != vfs::Status::Ok) {
            result = kFailure;
            continue;
        }
        const apps::Manifest& manifest = installed.manifest;
        char directories[Shell::kLineBytes];
        BufferSink sink(directories, sizeof directories);
        for (size_t d = 0; d < manifest.directory_count; ++d)
            format(sink, " {} {}", manifest.directories[d].guest,
                   manifest.directories[d].writable ? "rw" : "r");
        shell.println("{} {}:{}", manifest.name, manifest.version,
                      manifest.directory_count ? sink.view() : StringView(" no directories"));
    }
    if (skipped)
        shell.println("list: {} entries of {} not listed (not apps, or past the first {})", skipped,
                      apps_dir.view(), kMaxListedApps);
    return result;
}

int64_t launch(Shell& shell, const CommandLine& line) {
    if (line.count < 2)
        return usage_error(shell, *find_command("launch"));
    StringView name = line.words[1];
    if (!check_app_name(shell, "launch", name))
        return kFailure;
    vfs::Client* files = files_for(shell, "launch");
    if (!files)
        return kFailure;
    const BootArchive* archive = shell.services().archive;
    auto runner = archive ? archive->file("wasm-run")
                          : SysResult<Bytes>(SysError{abi::Status::NotFound, "boot archive"});
    if (runner.is_error()) {
        shell.println("launch: wasm-run is not in the boot archive");
        return kFailure;
    }
    StringView root = registry_root(*files);
    static InstalledManifest installed;
    vfs::Status loaded = load_manifest(shell, "launch", *files, root, name, installed);
    if (loaded == vfs::Status::NotFound) {
        shell.println("launch: {}: not installed (see list)", name);
        return kFailure;
    }
    if (loaded != vfs::Status::Ok)
        return kFailure;
    const apps::Manifest& manifest = installed.manifest;

    // wasm-run --dir GUEST=<root>/appdata/<name>GUEST ... <root>/apps/<name>/<entry> ARGS...
    static Path grants[apps::kMaxDirectoryRequests];
    static Path module;
    StringView arguments[CommandLine::kMaxWords + 2 * apps::kMaxDirectoryRequests + 1];
    size_t count = 0;
    for (size_t i = 0; i < manifest.directory_count; ++i) {
        StringView guest = manifest.directories[i].guest;
        if (!grants[i].set("{}={}/appdata/{}{}", guest, root, name, guest))
            return fail(shell, "launch", guest, vfs::Status::NameTooLong);
        arguments[count++] = "--dir";
        arguments[count++] = grants[i].view();
    }
    if (!module.set("{}/apps/{}/{}", root, name, manifest.entry))
        return fail(shell, "launch", manifest.entry, vfs::Status::NameTooLong);
    arguments[count++] = module.view();
    for (size_t i = 2; i < line.count; ++i)
        arguments[count++] = line.words[i];

    // The app's only handle: a copy of the filesystem endpoint, for wasm-run to read the module
    // and serve the preopens (each confined to its directory inside WASI).
    abi::Handle filesystem = kInvalidHandle;
    if (abi::Status status =
            sys::handle_duplicate(startup_handle(abi::StartupRole::Filesystem),
                                  abi::Rights::Write | abi::Rights::Transfer, &filesystem);
        status != abi::Status::Ok) {
        shell.println("launch: cannot share the filesystem endpoint: {}", abi::status_name(status));
        return kFailure;
    }
    StartupGrant handles[] = {{abi::StartupRole::Filesystem, OwnedHandle(filesystem)}};
    auto process =
        spawn("wasm-run", runner.value(), handles, Span<const StringView>(arguments, count));
    if (process.is_error()) {
        shell.println("launch: {}: {}", name, process.error());
        return kFailure;
    }
    int64_t code = 0;
    if (abi::Status status =
            sys::process_wait(process.value().get(), abi::kDeadlineInfinite, &code);
        status != abi::Status::Ok) {
        shell.println("launch: {}: process_wait: {}", name, abi::status_name(status));
        return kFailure;
    }
    if (code == int64_t(abi::kExitFaulted))
        shell.println("launch: {} faulted", name);
    else if (code == int64_t(abi::kExitKilled))
        shell.println("launch: {} was killed", name);
    else
        shell.println("launch: {} exited with {}", name, code);
    return code;
}

int64_t remove(Shell& shell, const CommandLine& line) {
    if (line.count != 2)
        return usage_error(shell, *find_command("remove"));
    StringView name = line.words[1];
    if (!check_app_name(shell, "remove", name))
        return kFailure;
    vfs::Client* files = files_for(shell, "remove");
    if (!files)
        return kFailure;
    StringView root = registry_root(*files);
    Path app_dir;
    if (!app_dir.set("{}/apps/{}", root, name))
        return fail(shell, "remove", name, vfs::Status::NameTooLong);
    if (vfs::stat(*files, app_dir.view()).is_error()) {
        shell.println("remove: {}: not installed (see list)", name);
        return kFailure;
    }
    if (vfs::Status status = remove_flat_directory(*files, app_dir.view());
        status != vfs::Status::Ok)
        return fail(shell, "remove", app_dir.view(), status);
    // The data is the user's, not the app's: a reinstall finds it again.
    shell.println("remove: {} removed; its data stays in {}/appdata/{}", name, root, name);
    return kSuccess;
}

constexpr Command kCommands[] = {
    {"install", "[-y] bundle", "install an app bundle (-y: grant what it asks for)", install},
    {"list", "", "list the installed apps", list},
    {"launch", "app [arguments...]", "run an installed app with its directories", launch},
    {"remove", "app", "uninstall an app (its data stays)", remove},
};

} // namespace

Span<const Command> app_commands() { return Span<const Command>(kCommands, array_size(kCommands)); }

} // namespace mica::shell
