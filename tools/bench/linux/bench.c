// The Linux column of `make bench`: a static program that runs as /init of a Debian kernel under
// the same `qemu -icount shift=0,sleep=off` as Mica, does the closest Linux equivalent of each of
// Mica's rows (user/bench) and prints the same `bench: <row> <per-op> n=<iterations>
// total=<instructions>` lines, then powers the machine off.
//
// Rows are timed with CLOCK_MONOTONIC, as Mica's with clock_get(0): under icount Linux calibrates
// its clocksource against the same virtual clock, so a ns is an instruction there too. The boot
// row reads the counter Mica's boot row reads, straight from user mode (the TSC on x86_64,
// CNTVCT_EL0 on aarch64): under icount both are the virtual clock, zero at reset, so both boot
// rows count from the same zero. CLOCK_MONOTONIC at the first instruction of main is printed as
// well (`boot_monotonic`): Linux starts that clock in timekeeping_init(), after the firmware, the
// decompressor and setup_arch(), so it is not the boot cost.
//
//   /init            every row (as PID 1), then power off
//   /init exit       the exec'd child of the process_exec row: exits at once
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/reboot.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum {
    kSyscalls = 20000,
    kCalls = 4000,
    kWarmUp = 100,
    kNotifyRounds = 4000,
    kYields = 10000,
    kPages = 1000,
    kProcesses = 100,
    kPageSize = 4096,
};

// Virtual ns since reset = instructions under icount (see the file comment). Only meaningful
// under icount: plain TCG's TSC follows the host's.
static inline uint64_t counter_since_reset(void) {
#if defined(__x86_64__)
    uint32_t low, high;
    __asm__ volatile("rdtsc" : "=a"(low), "=d"(high));
    return (uint64_t)high << 32 | low;
#elif defined(__aarch64__)
    uint64_t ticks, frequency;
    __asm__ volatile("isb\n mrs %0, cntvct_el0" : "=r"(ticks)::"memory");
    __asm__ volatile("mrs %0, cntfrq_el0" : "=r"(frequency));
    return (uint64_t)((unsigned __int128)ticks * 1000000000u / frequency);
#else
#error "the Linux column exists for x86_64 and aarch64 only"
#endif
}

static inline uint64_t counter_ns(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
}

static void report(const char* row, uint64_t total, uint64_t iterations) {
    printf("bench: %s %llu n=%llu total=%llu\n", row,
           (unsigned long long)((total + iterations / 2) / iterations),
           (unsigned long long)iterations, (unsigned long long)total);
    fflush(stdout);
}

static void fail(const char* row, const char* what) {
    printf("bench: %s error %s: %s\n", row, what, strerror(errno));
    fflush(stdout);
}

static void must(int ok, const char* what) {
    if (!ok) {
        printf("bench: fatal: %s: %s\n", what, strerror(errno));
        fflush(stdout);
        _exit(1);
    }
}

static void full_read(int fd, void* buffer, size_t size) {
    must(read(fd, buffer, size) == (ssize_t)size, "read");
}

static void full_write(int fd, const void* buffer, size_t size) {
    must(write(fd, buffer, size) == (ssize_t)size, "write");
}

static void null_syscall_row(void) {
    for (int i = 0; i < kWarmUp; ++i)
        syscall(SYS_getpid);
    uint64_t start = counter_ns();
    for (int i = 0; i < kSyscalls; ++i)
        syscall(SYS_getpid);
    report("null_syscall", counter_ns() - start, kSyscalls);
}

// A pipe round trip of `size` bytes each way between this process and a forked echo child: the
// counterpart of an endpoint call + reply (1 byte for 0 words, a pipe cannot carry nothing; 32
// bytes for 4 words).
static void pipe_row(const char* row, size_t size) {
    int to_child[2], to_parent[2];
    must(pipe(to_child) == 0 && pipe(to_parent) == 0, "pipe");
    char buffer[64] = {1};
    pid_t child = fork();
    must(child >= 0, "fork");
    if (child == 0) {
        for (int i = 0; i < kWarmUp + kCalls; ++i) {
            full_read(to_child[0], buffer, size);
            full_write(to_parent[1], buffer, size);
        }
        _exit(0);
    }
    for (int i = 0; i < kWarmUp; ++i) {
        full_write(to_child[1], buffer, size);
        full_read(to_parent[0], buffer, size);
    }
    uint64_t start = counter_ns();
    for (int i = 0; i < kCalls; ++i) {
        full_write(to_child[1], buffer, size);
        full_read(to_parent[0], buffer, size);
    }
    uint64_t total = counter_ns() - start;
    waitpid(child, NULL, 0);
    close(to_child[0]), close(to_child[1]), close(to_parent[0]), close(to_parent[1]);
    report(row, total, kCalls);
}

static void send_fd(int socket, int fd) {
    char byte = 1;
    struct iovec io = {.iov_base = &byte, .iov_len = 1};
    union {
        struct cmsghdr header;
        char space[CMSG_SPACE(sizeof(int))];
    } control;
    memset(&control, 0, sizeof control);
    struct msghdr message = {.msg_iov = &io, .msg_iovlen = 1, .msg_control = control.space,
                             .msg_controllen = sizeof control.space};
    struct cmsghdr* header = CMSG_FIRSTHDR(&message);
    header->cmsg_level = SOL_SOCKET;
    header->cmsg_type = SCM_RIGHTS;
    header->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(header), &fd, sizeof(int));
    must(sendmsg(socket, &message, 0) == 1, "sendmsg");
}

static int receive_fd(int socket) {
    char byte;
    struct iovec io = {.iov_base = &byte, .iov_len = 1};
    union {
        struct cmsghdr header;
        char space[CMSG_SPACE(sizeof(int))];
    } control;
    struct msghdr message = {.msg_iov = &io, .msg_iovlen = 1, .msg_control = control.space,
                             .msg_controllen = sizeof control.space};
    must(recvmsg(socket, &message, 0) == 1, "recvmsg");
    struct cmsghdr* header = CMSG_FIRSTHDR(&message);
    must(header && header->cmsg_type == SCM_RIGHTS, "SCM_RIGHTS");
    int fd;
    memcpy(&fd, CMSG_DATA(header), sizeof(int));
    return fd;
}

// One file descriptor there and back over a Unix socket pair (SCM_RIGHTS): the counterpart of a
// call that moves a handle to the server and a reply that moves it back. Linux duplicates
// rather than moves, so each receiver closes the copy it got once it has sent it back (the
// parent closes what comes back), which keeps one descriptor in play as Mica's row does.
static void fd_passing_row(void) {
    int sockets[2];
    must(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sockets) == 0, "socketpair");
    int passed = eventfd(0, 0);
    must(passed >= 0, "eventfd");
    pid_t child = fork();
    must(child >= 0, "fork");
    if (child == 0) {
        for (int i = 0; i < kWarmUp + kCalls; ++i) {
            int fd = receive_fd(sockets[1]);
            send_fd(sockets[1], fd);
            close(fd);
        }
        _exit(0);
    }
    for (int i = 0; i < kWarmUp; ++i) {
        send_fd(sockets[0], passed);
        close(receive_fd(sockets[0]));
    }
    uint64_t start = counter_ns();
    for (int i = 0; i < kCalls; ++i) {
        send_fd(sockets[0], passed);
        close(receive_fd(sockets[0]));
    }
    uint64_t total = counter_ns() - start;
    waitpid(child, NULL, 0);
    close(sockets[0]), close(sockets[1]), close(passed);
    report("ipc_call_handle", total, kCalls);
}

// eventfd ping-pong between two processes: each hand-over is a write that wakes the other side's
// blocked read. Two per round trip.
static void eventfd_row(void) {
    int ping = eventfd(0, 0), pong = eventfd(0, 0);
    must(ping >= 0 && pong >= 0, "eventfd");
    uint64_t value = 1;
    pid_t child = fork();
    must(child >= 0, "fork");
    if (child == 0) {
        for (int i = 0; i < kWarmUp + kNotifyRounds; ++i) {
            full_read(ping, &value, 8);
            full_write(pong, &value, 8);
        }
        _exit(0);
    }
    for (int i = 0; i < kWarmUp; ++i) {
        full_write(ping, &value, 8);
        full_read(pong, &value, 8);
    }
    uint64_t start = counter_ns();
    for (int i = 0; i < kNotifyRounds; ++i) {
        full_write(ping, &value, 8);
        full_read(pong, &value, 8);
    }
    uint64_t total = counter_ns() - start;
    waitpid(child, NULL, 0);
    close(ping), close(pong);
    report("notify_wake", total, 2 * kNotifyRounds);
}

static volatile int g_stop_yielding;

static void* yield_partner(void* unused) {
    (void)unused;
    while (!g_stop_yielding)
        sched_yield();
    return NULL;
}

// Two threads of one process on one CPU handing it to each other with sched_yield, as Mica's
// row does with thread_yield: two switches per turn of the timed loop.
static void yield_row(void) {
    pthread_t thread;
    if (pthread_create(&thread, NULL, yield_partner, NULL) != 0) {
        fail("yield_switch", "pthread_create");
        return;
    }
    for (int i = 0; i < kWarmUp; ++i)
        sched_yield();
    uint64_t start = counter_ns();
    for (int i = 0; i < kYields; ++i)
        sched_yield();
    uint64_t total = counter_ns() - start;
    g_stop_yielding = 1;
    pthread_join(thread, NULL);
    report("yield_switch", total, 2 * kYields);
}

// page_map: mmap of one fresh anonymous page + the first write (one demand fault), the
// counterpart of Mica's memory_object_create + address_space_map + first write; munmap is not
// timed. page_fault: the demand fault alone, on pages mapped beforehand.
static void page_rows(void) {
    uint64_t start = counter_ns();
    for (int i = 0; i < kPages; ++i)
        (void)counter_ns();
    uint64_t clock_cost = (counter_ns() - start) / kPages;
    uint64_t total = 0;
    for (int i = 0; i < kWarmUp + kPages; ++i) {
        uint64_t begin = counter_ns();
        volatile char* page =
            mmap(NULL, kPageSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        must(page != MAP_FAILED, "mmap");
        page[0] = 1;
        uint64_t elapsed = counter_ns() - begin;
        munmap((void*)page, kPageSize);
        if (i >= kWarmUp)
            total += elapsed > clock_cost ? elapsed - clock_cost : 0;
    }
    report("page_map", total, kPages);

    char* region = mmap(NULL, (size_t)kPages * kPageSize, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    must(region != MAP_FAILED, "mmap");
    start = counter_ns();
    for (int i = 0; i < kPages; ++i)
        ((volatile char*)region)[(size_t)i * kPageSize] = 1;
    report("page_fault", counter_ns() - start, kPages);
    munmap(region, (size_t)kPages * kPageSize);
}

// fork + _exit + waitpid; and fork + execve of this program + exit + waitpid, which like Mica's
// spawn loads an executable.
static void process_rows(void) {
    for (int exec = 0; exec < 2; ++exec) {
        const char* row = exec ? "process_spawn_exec" : "process_create_exit";
        uint64_t start = 0;
        for (int i = 0; i < 3 + kProcesses; ++i) {
            if (i == 3)
                start = counter_ns();
            pid_t child = fork();
            if (child < 0) {
                fail(row, "fork");
                return;
            }
            if (child == 0) {
                if (exec) {
                    char* arguments[] = {"/init", "exit", NULL};
                    char* environment[] = {NULL};
                    execve("/init", arguments, environment);
                }
                _exit(exec ? 127 : 0);
            }
            int status = 0;
            if (waitpid(child, &status, 0) != child || !WIFEXITED(status) ||
                WEXITSTATUS(status) != 0) {
                fail(row, "the child did not exit with 0");
                return;
            }
        }
        report(row, counter_ns() - start, kProcesses);
    }
}

int main(int argc, char** argv) {
    uint64_t first_user_counter = counter_since_reset();
    if (argc > 1 && strcmp(argv[1], "exit") == 0)
        return 0;
    uint64_t monotonic = counter_ns();

    printf("bench: start\n");
    report("boot_to_user", first_user_counter, 1);
    report("boot_monotonic", monotonic, 1);
    null_syscall_row();
    pipe_row("ipc_call_0w", 1);
    pipe_row("ipc_call_4w", 32);
    fd_passing_row();
    eventfd_row();
    yield_row();
    page_rows();
    process_rows();
    printf("bench: done\n");
    fflush(stdout);
    sync();
    reboot(RB_POWER_OFF);
    return 0;
}
