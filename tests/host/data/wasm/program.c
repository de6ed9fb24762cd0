// A small C program for wasm32, built by clang-16 without a libc: the decoder and validator
// must accept what the real toolchain writes (wasm_data.cmake).
typedef unsigned long size_t;

static int table[64];
int counter = 3;

static int square(int x) { return x * x; }
static int cube(int x) { return x * x * x; }
int (*volatile operations[])(int) = {square, cube};

int apply(int which, int x) { return operations[which & 1](x); }

long long mix(long long a, double b, float c) {
    return a * (long long)b + (long long)(c * 2.0f) + (signed char)a;
}

size_t fill(unsigned char* out, size_t length) {
    for (size_t i = 0; i < length; ++i)
        out[i] = (unsigned char)(i * 7);
    __builtin_memset(out, 0, length / 2);
    __builtin_memcpy(out + length / 2, out, length / 4);
    return length;
}

int sum_table(void) {
    int total = 0;
    for (int i = 0; i < 64; ++i) {
        table[i] = i * counter;
        total += table[i];
    }
    switch (total & 7) {
    case 0: return total;
    case 1: return total + 1;
    case 2: return total - 2;
    case 3: return total * 3;
    default: return -total;
    }
}
