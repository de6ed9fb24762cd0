#!/usr/bin/env python3
"""Checks a QEMU test run's log for the WebAssembly apps init ran inside Mica.

  check_mica_log.py LOG

For every tests/wasi/in_mica/<case>.case but those with `run_by: shell`, the log must hold init's marker lines for the case
(user/init/wasm_apps_test.h) with exactly the lines of <case>.out between them, and the exit code
the case expects. Prints one line per problem and exits with 1 if there was any.
"""
import glob
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

import compare  # noqa: E402  (read_case)


def check_case(lines, case_path):
    name = os.path.splitext(os.path.basename(case_path))[0]
    case = compare.read_case(case_path)
    if case.get('run_by') == 'shell':  # launched by the shell test: shell_expected.txt checks it
        return []
    with open(os.path.splitext(case_path)[0] + '.out') as f:
        expected = f.read().splitlines()
    begin = f'init: wasm app {name}: begin'
    if begin not in lines:
        return [f'{name}: init did not run it (no "{begin}")']
    start = lines.index(begin) + 1
    end_pattern = re.compile(rf'^init: wasm app {re.escape(name)}: (exited with (-?\d+)|cannot run.*)')
    for end in range(start, len(lines)):
        match = end_pattern.match(lines[end])
        if match:
            break
    else:
        return [f'{name}: the run never ended (no exit line after "{begin}")']
    problems = []
    if match.group(2) is None:
        problems.append(f'{name}: {lines[end]}')
    elif int(match.group(2)) != int(case['status']):
        problems.append(f'{name}: exited with {match.group(2)}, expected {case["status"]}')
    printed = lines[start:end]
    if printed != expected:
        problems.append(f'{name}: printed {printed!r}, expected {expected!r}')
    return problems


def main():
    if len(sys.argv) != 2:
        sys.exit('usage: check_mica_log.py LOG')
    with open(sys.argv[1], 'rb') as f:
        lines = f.read().decode(errors='replace').replace('\r', '').splitlines()
    cases = sorted(glob.glob(os.path.join(HERE, 'in_mica', '*.case')))
    problems = [problem for case in cases for problem in check_case(lines, case)]
    for problem in problems:
        print(problem)
    return 1 if problems or not cases else 0


if __name__ == '__main__':
    sys.exit(main())
