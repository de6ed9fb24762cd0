#!/usr/bin/env python3
"""Runs one WASI app case under Mica's runtime (mica-wasm) and under Node's WASI, and checks that
both give the same standard output and error, exit status and, when the case preopens a directory, the same
directory contents afterwards; and that they match the case's expected exit status.

  compare.py --mica-wasm PATH --node PATH --apps DIR CASE_FILE

A case file (tests/wasi/cases/*.case) has `key: value` lines:
  app:    the app's name (APPS/<app>.wasm)
  args:   its arguments, split on spaces
  stdin:  a file under tests/wasi/data fed to standard input (default: empty)
  dir:    a directory under tests/wasi/data, copied afresh for each run and preopened as /sandbox
          (`-`: an empty directory)
  guest:  the name the app sees that directory under (default /sandbox)
  status: the exit status both must give
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, 'data')


def read_case(path):
    case = {}
    with open(path) as f:
        for line in f:
            line = line.rstrip('\n')
            if not line or line.startswith('#'):
                continue
            key, _, value = line.partition(':')
            case[key.strip()] = value.strip()
    for key in ('app', 'status'):
        if key not in case:
            sys.exit(f'{path}: missing "{key}:"')
    return case


def snapshot(root):
    """Every file and directory under root with the contents of the files."""
    tree = {}
    for directory, subdirectories, files in os.walk(root):
        relative = os.path.relpath(directory, root)
        for name in subdirectories:
            tree[os.path.join(relative, name)] = None
        for name in files:
            with open(os.path.join(directory, name), 'rb') as f:
                tree[os.path.join(relative, name)] = f.read()
    return tree


def run(command, case, work):
    stdin = subprocess.DEVNULL
    if 'stdin' in case:
        stdin = open(os.path.join(DATA, case['stdin']), 'rb')
    options = ['--argv0', case['app']]
    sandbox = None
    if 'dir' in case:
        sandbox = os.path.join(work, 'sandbox')
        if case['dir'] == '-':
            os.mkdir(sandbox)
        else:
            shutil.copytree(os.path.join(DATA, case['dir']), sandbox)
        options += ['--dir', f'{case.get("guest", "/sandbox")}={sandbox}']
    args = case.get('args', '').split()
    result = subprocess.run(command(options) + args, stdin=stdin, capture_output=True,
                            timeout=120)
    tree = snapshot(sandbox) if sandbox else None
    return result, tree


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--mica-wasm', required=True)
    parser.add_argument('--node', required=True)
    parser.add_argument('--apps', required=True)
    parser.add_argument('case')
    options = parser.parse_args()
    case = read_case(options.case)
    module = os.path.join(options.apps, case['app'] + '.wasm')
    runners = {
        'mica': lambda extra: [options.mica_wasm] + extra + [module],
        'node': lambda extra: [options.node, '--no-warnings', os.path.join(HERE, 'node_wasi.cjs')]
        + extra + [module],
    }
    results = {}
    for name, command in runners.items():
        with tempfile.TemporaryDirectory() as work:
            results[name] = run(command, case, work)
    (mica, mica_tree), (node, node_tree) = results['mica'], results['node']
    failures = []
    if mica.stdout != node.stdout:
        failures.append('stdout differs')
    if mica.stderr != node.stderr:
        failures.append('stderr differs')
    if mica.returncode != node.returncode:
        failures.append(f'exit status: mica {mica.returncode}, node {node.returncode}')
    if mica.returncode != int(case['status']):
        failures.append(f'exit status {mica.returncode}, expected {case["status"]}')
    if mica_tree != node_tree:
        failures.append('the preopened directory ends up different')
    sys.stdout.write(mica.stdout.decode(errors='replace'))
    if failures:
        for name, (result, _) in results.items():
            print(f'--- {name}: status {result.returncode}, stdout:')
            sys.stdout.write(result.stdout.decode(errors='replace'))
            print(f'--- {name}: stderr:')
            sys.stdout.write(result.stderr.decode(errors='replace'))
        print('FAILED: ' + '; '.join(failures))
        return 1
    print(f'same stdout, stderr and exit status ({mica.returncode}) as node')
    return 0


if __name__ == '__main__':
    sys.exit(main())
