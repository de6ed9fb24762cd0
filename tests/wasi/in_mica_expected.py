#!/usr/bin/env python3
"""Checks one in-Mica case's committed expected output against Node's WASI, the oracle.

  in_mica_expected.py --node PATH --apps DIR CASE_FILE

init's test mode runs the case inside Mica (user/init/wasm_apps_test.cpp) and the QEMU test
driver compares what it printed with in_mica/<case>.out (check_mica_log.py); this test makes sure
that file is what Node's WASI prints for the same app, arguments and standard input, and that the
case's status is Node's. Inside Mica both streams reach the one console in the order written, so
a case may print on stdout or on stderr but not both (their interleaving would be unknowable).
A case's `dir:` is what Node preopens as /sandbox; inside Mica, wasm-run's --dir gives the module a
VFS directory with the same contents (user/init/wasm_apps_test.cpp says which).
"""
import argparse
import os
import sys
import tempfile

import compare

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--node', required=True)
    parser.add_argument('--apps', required=True)
    parser.add_argument('case')
    options = parser.parse_args()
    case = compare.read_case(options.case)
    module = os.path.join(options.apps, case['app'] + '.wasm')
    node = lambda extra: [options.node, '--no-warnings', os.path.join(HERE, 'node_wasi.cjs')] \
        + extra + [module]
    with tempfile.TemporaryDirectory() as work:
        result, _ = compare.run(node, case, work)
    with open(os.path.splitext(options.case)[0] + '.out', 'rb') as f:
        expected = f.read()
    failures = []
    if result.stdout and result.stderr:
        failures.append('node printed on both stdout and stderr')
    if result.stdout + result.stderr != expected:
        failures.append('node\'s output differs from the committed .out file')
    if result.returncode != int(case['status']):
        failures.append(f'node exits with {result.returncode}, the case expects {case["status"]}')
    if failures:
        print('--- node stdout:')
        sys.stdout.write(result.stdout.decode(errors='replace'))
        print('--- node stderr:')
        sys.stdout.write(result.stderr.decode(errors='replace'))
        print('--- expected:')
        sys.stdout.write(expected.decode(errors='replace'))
        print('FAILED: ' + '; '.join(failures))
        return 1
    print(f'the .out file is what node prints; status {result.returncode}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
