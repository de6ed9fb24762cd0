// A QEMU TCG plugin for `make bench`: exact guest instruction counts where the virtual clock
// cannot give them (it also advances while the guest idles, and it cannot see a kernel's entry).
//
//   -plugin insn_count.so,until=0xADDR[,until=0xADDR...]
//       prints "insn_count: 0xADDR reached after N instructions" the first time the vCPU executes
//       the instruction at that (virtual) address; N counts every instruction before it since
//       reset. Used for "firmware + loader": the instructions before a kernel's first one.
//   -plugin insn_count.so,start=0xA,stop=0xB,nth=N,out=FILE
//       counts the instructions executed between the N-th execution of A (default: the last)
//       and the next execution of B, per translation block, and writes "vaddr instructions executions"
//       lines to FILE at exit; tools/bench/profile.py turns them into per-function counts.
//
// QEMU 7.2 installs no qemu-plugin.h, so the few declarations this needs are written out below
// from the plugin API's documentation (API version 1, stable since QEMU 4.2). The plugin counts
// whole translation blocks as they start; a block cut short by an exception (a syscall, a page
// fault) counts the instructions after it too, so counts per block can run a few instructions
// high. Single vCPU only (the bench runs with -smp 1 under icount).
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// ---- The QEMU plugin API, version 1 (the subset used here) --------------------------------------
typedef uint64_t qemu_plugin_id_t;
struct qemu_plugin_tb;
struct qemu_plugin_insn;
typedef struct qemu_info_t qemu_info_t; // not read here
enum qemu_plugin_cb_flags { QEMU_PLUGIN_CB_NO_REGS = 0 };
enum qemu_plugin_op { QEMU_PLUGIN_INLINE_ADD_U64 = 0 };
typedef void (*qemu_plugin_vcpu_udata_cb_t)(unsigned int vcpu_index, void* userdata);
typedef void (*qemu_plugin_vcpu_tb_trans_cb_t)(qemu_plugin_id_t id, struct qemu_plugin_tb* tb);
typedef void (*qemu_plugin_udata_cb_t)(qemu_plugin_id_t id, void* userdata);

#define QEMU_PLUGIN_EXPORT __attribute__((visibility("default")))
void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id, qemu_plugin_vcpu_tb_trans_cb_t cb);
void qemu_plugin_register_vcpu_tb_exec_cb(struct qemu_plugin_tb* tb, qemu_plugin_vcpu_udata_cb_t cb,
                                          enum qemu_plugin_cb_flags flags, void* userdata);
void qemu_plugin_register_vcpu_tb_exec_inline(struct qemu_plugin_tb* tb, enum qemu_plugin_op op,
                                              void* ptr, uint64_t imm);
void qemu_plugin_register_vcpu_insn_exec_cb(struct qemu_plugin_insn* insn,
                                            qemu_plugin_vcpu_udata_cb_t cb,
                                            enum qemu_plugin_cb_flags flags, void* userdata);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb* tb);
uint64_t qemu_plugin_tb_vaddr(const struct qemu_plugin_tb* tb);
struct qemu_plugin_insn* qemu_plugin_tb_get_insn(const struct qemu_plugin_tb* tb, size_t index);
uint64_t qemu_plugin_insn_vaddr(const struct qemu_plugin_insn* insn);
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id, qemu_plugin_udata_cb_t cb,
                                    void* userdata);
void qemu_plugin_outs(const char* string);

QEMU_PLUGIN_EXPORT int qemu_plugin_version = 1;

// ---- State --------------------------------------------------------------------------------------
enum { kMaxTargets = 8 };

static uint64_t g_executed; // instructions in blocks started so far (inline add)

// until=: addresses to report once.
static uint64_t g_targets[kMaxTargets];
static bool g_reported[kMaxTargets];
static int g_target_count;

// start/stop/out: the profile window.
static uint64_t g_start, g_stop;
static bool g_have_window, g_active;
static uint64_t g_nth, g_opened; // the window wanted (0: the last) and windows opened so far
static const char* g_out_path;

// One record per translation (blocks are translated once and executed many times).
struct Block {
    uint64_t vaddr;
    uint64_t instructions;
    uint64_t executions; // inside the current window
    struct Block* next;
};
static struct Block* g_blocks;

// An instruction that is a target or a window edge; `tail` = instructions after it in its block,
// which the inline add has counted already.
struct Mark {
    uint64_t vaddr;
    uint64_t tail;
};

static void reached(unsigned int vcpu, void* data) {
    (void)vcpu;
    struct Mark* mark = data;
    for (int i = 0; i < g_target_count; ++i) {
        if (g_targets[i] == mark->vaddr && !g_reported[i]) {
            g_reported[i] = true;
            // The block's instructions were added as it started; the target and those after it
            // in the block have not executed yet.
            char line[128];
            snprintf(line, sizeof line, "insn_count: 0x%" PRIx64 " reached after %" PRIu64
                     " instructions\n", mark->vaddr, g_executed - mark->tail - 1);
            qemu_plugin_outs(line);
        }
    }
}

static void window_edge(unsigned int vcpu, void* data) {
    (void)vcpu;
    struct Mark* mark = data;
    if (mark->vaddr == g_start) {
        if (g_nth && ++g_opened != g_nth)
            return;
        // A new window: forget the previous one.
        for (struct Block* block = g_blocks; block; block = block->next)
            block->executions = 0;
        g_active = true;
    } else if (mark->vaddr == g_stop) {
        g_active = false;
    }
}

static void block_executed(unsigned int vcpu, void* data) {
    (void)vcpu;
    if (g_active)
        ((struct Block*)data)->executions++;
}

static bool is_target(uint64_t vaddr) {
    for (int i = 0; i < g_target_count; ++i)
        if (g_targets[i] == vaddr)
            return true;
    return false;
}

static void translated(qemu_plugin_id_t id, struct qemu_plugin_tb* tb) {
    (void)id;
    size_t count = qemu_plugin_tb_n_insns(tb);
    qemu_plugin_register_vcpu_tb_exec_inline(tb, QEMU_PLUGIN_INLINE_ADD_U64, &g_executed, count);
    for (size_t i = 0; i < count; ++i) {
        struct qemu_plugin_insn* insn = qemu_plugin_tb_get_insn(tb, i);
        uint64_t vaddr = qemu_plugin_insn_vaddr(insn);
        bool edge = g_have_window && (vaddr == g_start || vaddr == g_stop);
        if (!edge && !is_target(vaddr))
            continue;
        struct Mark* mark = malloc(sizeof *mark);
        mark->vaddr = vaddr;
        mark->tail = count - i - 1;
        qemu_plugin_register_vcpu_insn_exec_cb(insn, edge ? window_edge : reached,
                                               QEMU_PLUGIN_CB_NO_REGS, mark);
    }
    if (g_have_window) {
        struct Block* block = calloc(1, sizeof *block);
        block->vaddr = qemu_plugin_tb_vaddr(tb);
        block->instructions = count;
        block->next = g_blocks;
        g_blocks = block;
        qemu_plugin_register_vcpu_tb_exec_cb(tb, block_executed, QEMU_PLUGIN_CB_NO_REGS, block);
    }
}

static void finished(qemu_plugin_id_t id, void* data) {
    (void)id, (void)data;
    char line[128];
    snprintf(line, sizeof line, "insn_count: %" PRIu64 " instructions in all\n", g_executed);
    qemu_plugin_outs(line);
    if (!g_have_window || !g_out_path)
        return;
    FILE* out = fopen(g_out_path, "w");
    if (!out) {
        qemu_plugin_outs("insn_count: cannot write the profile\n");
        return;
    }
    for (struct Block* block = g_blocks; block; block = block->next) {
        if (block->executions)
            fprintf(out, "0x%" PRIx64 " %" PRIu64 " %" PRIu64 "\n", block->vaddr,
                    block->instructions, block->executions);
    }
    fclose(out);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t* info, int argc,
                                           char** argv) {
    (void)info;
    bool have_start = false, have_stop = false;
    for (int i = 0; i < argc; ++i) {
        const char* argument = argv[i];
        if (strncmp(argument, "until=", 6) == 0 && g_target_count < kMaxTargets) {
            g_targets[g_target_count++] = strtoull(argument + 6, NULL, 0);
        } else if (strncmp(argument, "start=", 6) == 0) {
            g_start = strtoull(argument + 6, NULL, 0);
            have_start = true;
        } else if (strncmp(argument, "stop=", 5) == 0) {
            g_stop = strtoull(argument + 5, NULL, 0);
            have_stop = true;
        } else if (strncmp(argument, "nth=", 4) == 0) {
            g_nth = strtoull(argument + 4, NULL, 0);
        } else if (strncmp(argument, "out=", 4) == 0) {
            g_out_path = argument + 4;
        } else {
            fprintf(stderr, "insn_count: unknown argument '%s'\n", argument);
            return -1;
        }
    }
    g_have_window = have_start && have_stop;
    qemu_plugin_register_vcpu_tb_trans_cb(id, translated);
    qemu_plugin_register_atexit_cb(id, finished, NULL);
    return 0;
}
