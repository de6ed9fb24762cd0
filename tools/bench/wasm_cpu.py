#!/usr/bin/env python3
"""The WebAssembly runtime's CPU speed as a fraction of native code, on the host.

    wasm_cpu.py [--build DIR] [--iterations N] [--runs N]

Builds user/apps/bench/cpu_mark.c (a CoreMark-style benchmark: linked lists, small matrices, a
state machine, folded into a CRC) twice with clang-16 -O2, natively and for wasm32-wasi, and
Mica's host embedder mica-wasm with -O2 and no sanitizers (the host test build's copy has ASan
and UBSan, which would measure them instead). Runs each RUNS times, keeps each one's best time,
requires the same checksum from all, and prints the scores (iterations per second) and the
runtime's score as a fraction of native. Node's WASI (V8, a JIT) is shown for context when node
is installed. Writes the table to DIR/wasm_cpu.md as well.
"""
import argparse
import glob
import os
import re
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BENCH_SOURCE = os.path.join(ROOT, 'user', 'apps', 'bench', 'cpu_mark.c')
NODE_WASI = os.path.join(ROOT, 'tests', 'wasi', 'node_wasi.cjs')


def build(out):
    """Compiles the three programs into `out`; returns (native, wasm module, mica-wasm)."""
    os.makedirs(out, exist_ok=True)
    native = os.path.join(out, 'cpu_mark')
    module = os.path.join(out, 'cpu_mark.wasm')
    embedder = os.path.join(out, 'mica-wasm')
    flags = ['-O2', '-Wall', '-Wextra', '-Werror']
    subprocess.run(['clang-16', *flags, '-o', native, BENCH_SOURCE], check=True)
    subprocess.run(['clang-16', '--target=wasm32-wasi', *flags, '-Wl,--strip-all', '-o', module,
                    BENCH_SOURCE], check=True)
    sources = (glob.glob(os.path.join(ROOT, 'user', 'wasm', '*.cpp'))
               + glob.glob(os.path.join(ROOT, 'user', 'wasm', 'wasi', '*.cpp'))
               + glob.glob(os.path.join(ROOT, 'user', 'wasm', 'embedder', '*.cpp'))
               + [os.path.join(ROOT, 'kernel', 'lib', 'format.cpp')])
    includes = ['-I' + os.path.join(ROOT, 'kernel'), '-I' + ROOT, '-I' + os.path.join(ROOT, 'user')]
    print('building mica-wasm (-O2, no sanitizers)...', flush=True)
    subprocess.run(['clang++-16', '-std=c++20', *flags, '-fno-exceptions', '-fno-rtti', *includes,
                    '-o', embedder, *sorted(sources)], check=True)
    return native, module, embedder


def measure(command, runs):
    """Best time over `runs` runs and the checksum (which must not change between runs)."""
    best, checksum = None, None
    for _ in range(runs):
        result = subprocess.run(command, capture_output=True, text=True, check=True)
        seconds = float(re.search(r'^seconds (\S+)$', result.stdout, re.M).group(1))
        sum_line = re.search(r'^checksum (\S+)$', result.stdout, re.M).group(1)
        if checksum not in (None, sum_line):
            sys.exit(f'{command[0]}: the checksum changed between runs')
        checksum = sum_line
        best = seconds if best is None else min(best, seconds)
    return best, checksum


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--build', default=os.path.join(ROOT, 'build', 'bench'))
    parser.add_argument('--iterations', type=int, default=4000)
    parser.add_argument('--runs', type=int, default=3)
    options = parser.parse_args()
    native, module, embedder = build(os.path.join(options.build, 'wasm_cpu'))
    n = str(options.iterations)
    runners = [('native (clang-16 -O2)', [native, n]),
               ("Mica's interpreter (mica-wasm)", [embedder, module, n])]
    node = shutil.which('node')
    if node:
        runners.append(("Node's WASI (V8 JIT), for context",
                        [node, '--no-warnings', NODE_WASI, module, n]))
    results = []
    for name, command in runners:
        seconds, checksum = measure(command, options.runs)
        results.append((name, seconds, checksum))
        print(f'{name}: {seconds:.3f} s, checksum {checksum}', flush=True)
    if len({checksum for _, _, checksum in results}) != 1:
        sys.exit('FAILED: the builds disagree on the checksum')
    native_score = options.iterations / results[0][1]
    lines = ['| cpu_mark, %d iterations, best of %d | seconds | iterations/s | of native |'
             % (options.iterations, options.runs), '|---|---|---|---|']
    for name, seconds, _ in results:
        score = options.iterations / seconds
        lines.append(f'| {name} | {seconds:.3f} | {score:.0f} | {score / native_score:.1%} |')
    table = '\n'.join(lines) + '\n'
    print(table, end='')
    with open(os.path.join(options.build, 'wasm_cpu.md'), 'w') as f:
        f.write(table)
    runtime = options.iterations / results[1][1] / native_score
    print(f'WebAssembly runtime score: {runtime:.1%} of native')
    return 0


if __name__ == '__main__':
    sys.exit(main())
