#!/usr/bin/env python3
"""ctest app_bundle.builder: mkbundle.py is deterministic and refuses what the reader would.

  mkbundle_test.py --apps DIR --bundles DIR

DIR/<app>.wasm are the sample apps; the bundles the build made from them must be exactly what
building again gives (the same bytes on every ISA), and bad input must be refused with a message.
"""
import argparse
import glob
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mkbundle  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def refused(manifest, files):
    try:
        mkbundle.build(manifest, files)
    except ValueError as error:
        return str(error)
    return None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--apps', required=True)
    parser.add_argument('--bundles', required=True)
    options = parser.parse_args()
    failures = []
    manifests = sorted(glob.glob(os.path.join(HERE, 'manifests', '*.manifest')))
    if not manifests:
        failures.append('no manifests')
    for path in manifests:
        name = os.path.splitext(os.path.basename(path))[0]
        with open(path) as f:
            manifest = f.read()
        with open(os.path.join(options.apps, name + '.wasm'), 'rb') as f:
            module = f.read()
        again = mkbundle.build(manifest, [(name + '.wasm', module)])
        with open(os.path.join(options.bundles, name + '.app'), 'rb') as f:
            built = f.read()
        if again != built:
            failures.append(f'{name}.app: building again gives different bytes')

    wasm = b'\0asm\x01\0\0\0'
    good = 'name a\nversion 1\nentry a.wasm\n'
    bad_cases = {
        'no newline at the end': ('name a\nversion 1\nentry a.wasm', [('a.wasm', wasm)]),
        'entry missing': (good, [('b.wasm', wasm)]),
        'no name': ('version 1\nentry a.wasm\n', [('a.wasm', wasm)]),
        'unknown key': (good + 'net all\n', [('a.wasm', wasm)]),
        'not wasm': (good, [('a.wasm', b'\x7fELF')]),
        'bad entry name': (good, [('a.wasm', wasm), ('.hidden', b'')]),
        'duplicate': (good, [('a.wasm', wasm), ('a.wasm', wasm)]),
    }
    for label, (manifest, files) in bad_cases.items():
        if refused(manifest, files) is None:
            failures.append(f'built a bundle with {label}')
    if refused(good, [('a.wasm', wasm), ('res.txt', b'hello')]) is not None:
        failures.append('refused a good bundle with a resource')

    for failure in failures:
        print('FAILED: ' + failure)
    print(f'{len(bad_cases) + 1 + len(manifests) - len(failures)} passed, {len(failures)} failed')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
