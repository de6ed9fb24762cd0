// cpu_mark: a CoreMark-style CPU benchmark (this project's own code, not CoreMark's), built both
// for wasm32-wasi and natively so Mica's WebAssembly runtime can be compared with native code
// (tools/bench/wasm_cpu.py).
//
//   cpu_mark ITERATIONS      prints "iterations N", "seconds S", "checksum 0xXXXX"
//
// Each iteration runs three kernels on data derived from the iteration number, so no result can
// be computed ahead of time, and folds their results into a CRC-16 checksum that must be the same
// for every build: a linked list (search, reverse, merge sort), small integer matrices (multiply,
// scale, column sums) and a character-class state machine (scanning number-like tokens).

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static uint16_t crc16_byte(uint16_t crc, uint8_t byte) {
    crc ^= byte;
    for (int bit = 0; bit < 8; ++bit)
        crc = (crc & 1) ? (uint16_t)((crc >> 1) ^ 0xa001) : (uint16_t)(crc >> 1);
    return crc;
}

static uint16_t crc16_word(uint16_t crc, uint32_t word) {
    for (int i = 0; i < 4; ++i)
        crc = crc16_byte(crc, (uint8_t)(word >> (8 * i)));
    return crc;
}

static uint32_t next_random(uint32_t* state) { // xorshift32: cheap, deterministic test data
    uint32_t x = *state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *state = x;
}

// ---- linked list ----
enum { kListSize = 200 };
struct node {
    struct node* next;
    int32_t value;
    int32_t index;
};
static struct node g_nodes[kListSize];

static struct node* build_list(uint32_t seed) {
    struct node* head = NULL;
    for (int i = kListSize - 1; i >= 0; --i) {
        g_nodes[i].value = (int32_t)(next_random(&seed) % 1000);
        g_nodes[i].index = i;
        g_nodes[i].next = head;
        head = &g_nodes[i];
    }
    return head;
}

static struct node* reverse(struct node* list) {
    struct node* done = NULL;
    while (list) {
        struct node* next = list->next;
        list->next = done;
        done = list;
        list = next;
    }
    return done;
}

static struct node* merge_sort(struct node* list, int by_value) {
    // Bottom-up merge sort: runs of width 1, 2, 4, ... merged pairwise until one remains.
    for (int width = 1;; width *= 2) {
        struct node* head = NULL;
        struct node** tail = &head;
        int merges = 0;
        struct node* p = list;
        while (p) {
            ++merges;
            struct node* q = p;
            int p_size = 0;
            while (q && p_size < width) {
                q = q->next;
                ++p_size;
            }
            int q_size = width;
            while (p_size > 0 || (q_size > 0 && q)) {
                struct node* take;
                if (p_size == 0) {
                    take = q, q = q->next, --q_size;
                } else if (q_size == 0 || !q) {
                    take = p, p = p->next, --p_size;
                } else {
                    int32_t a = by_value ? p->value : p->index;
                    int32_t b = by_value ? q->value : q->index;
                    if (a <= b)
                        take = p, p = p->next, --p_size;
                    else
                        take = q, q = q->next, --q_size;
                }
                *tail = take;
                tail = &take->next;
            }
            p = q;
        }
        *tail = NULL;
        list = head;
        if (merges <= 1)
            return list;
    }
}

static uint16_t list_kernel(uint32_t seed, uint16_t crc) {
    struct node* list = build_list(seed);
    int32_t found = 0;
    for (int32_t wanted = 0; wanted < 1000; wanted += 37)
        for (struct node* n = list; n; n = n->next)
            if (n->value == wanted) {
                found += n->index;
                break;
            }
    list = merge_sort(reverse(list), 1);
    crc = crc16_word(crc, (uint32_t)found);
    crc = crc16_word(crc, (uint32_t)(list->value + list->next->value));
    list = merge_sort(list, 0);
    return crc16_word(crc, (uint32_t)list->next->next->index);
}

// ---- matrices ----
enum { kMatrix = 16 };
static int16_t g_a[kMatrix][kMatrix], g_b[kMatrix][kMatrix];
static int32_t g_c[kMatrix][kMatrix];

static uint16_t matrix_kernel(uint32_t seed, uint16_t crc) {
    for (int i = 0; i < kMatrix; ++i)
        for (int j = 0; j < kMatrix; ++j) {
            g_a[i][j] = (int16_t)(next_random(&seed) & 0xff) - 128;
            g_b[i][j] = (int16_t)(next_random(&seed) & 0xff) - 128;
        }
    for (int i = 0; i < kMatrix; ++i)
        for (int j = 0; j < kMatrix; ++j) {
            int32_t sum = 0;
            for (int k = 0; k < kMatrix; ++k)
                sum += g_a[i][k] * g_b[k][j];
            g_c[i][j] = sum;
        }
    int32_t scale = (int32_t)(seed & 7) + 1;
    int64_t total = 0;
    for (int j = 0; j < kMatrix; ++j) {
        int32_t column = 0;
        for (int i = 0; i < kMatrix; ++i)
            column += (g_c[i][j] * scale) >> 3;
        total += column ^ (column >> 5);
    }
    return crc16_word(crc, (uint32_t)total);
}

// ---- state machine ----
enum state { kStart, kInteger, kFraction, kExponentSign, kExponent, kInvalid, kStates };

static enum state step(enum state state, char c) {
    int digit = c >= '0' && c <= '9';
    switch (state) {
    case kStart: return digit ? kInteger : (c == '.' ? kFraction : kInvalid);
    case kInteger:
        return digit ? kInteger : (c == '.' ? kFraction : (c == 'e' ? kExponentSign : kInvalid));
    case kFraction: return digit ? kFraction : (c == 'e' ? kExponentSign : kInvalid);
    case kExponentSign: return digit || c == '-' ? kExponent : kInvalid;
    case kExponent: return digit ? kExponent : kInvalid;
    default: return kInvalid;
    }
}

static uint16_t state_kernel(uint32_t seed, uint16_t crc) {
    static const char kAlphabet[] = "0123456789.e-,x";
    char text[400];
    for (int i = 0; i < (int)sizeof text; ++i)
        text[i] = kAlphabet[next_random(&seed) % (sizeof kAlphabet - 1)];
    uint32_t finals[kStates] = {0};
    enum state state = kStart;
    for (int i = 0; i < (int)sizeof text; ++i) {
        if (text[i] == ',') { // a token ends
            finals[state]++;
            state = kStart;
        } else {
            state = step(state, text[i]);
        }
    }
    for (int s = 0; s < kStates; ++s)
        crc = crc16_word(crc, finals[s]);
    return crc;
}

static double now_seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

int main(int argc, char** argv) {
    if (argc != 2 || atol(argv[1]) <= 0) {
        fprintf(stderr, "usage: cpu_mark ITERATIONS\n");
        return 2;
    }
    long iterations = atol(argv[1]);
    double start = now_seconds();
    uint16_t crc = 0;
    for (long i = 0; i < iterations; ++i) {
        uint32_t seed = (uint32_t)i * 2654435761u + 1;
        crc = list_kernel(seed, crc);
        crc = matrix_kernel(seed, crc);
        crc = state_kernel(seed, crc);
    }
    double seconds = now_seconds() - start;
    printf("iterations %ld\nseconds %.6f\nchecksum 0x%04x\n", iterations, seconds, crc);
    return 0;
}
