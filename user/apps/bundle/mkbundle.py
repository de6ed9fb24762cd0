#!/usr/bin/env python3
"""Builds an app bundle (README.md in this folder is the format).

  mkbundle.py --manifest MANIFEST --out OUT.app FILE...

The manifest becomes the entry `manifest`; each FILE becomes an entry named by its base name
(the .wasm modules and any resources), in the order given. The output depends only on those
bytes and names, never on times or host paths, so every build makes the same bundle. The checks
are the reader's (bundle.cpp, manifest.cpp) in short: a bundle this refuses to build, Mica would
refuse to install.
"""
import argparse
import os
import re
import struct
import sys
import zlib

MAGIC = b'MICAAPP\0'
VERSION = 1
MAX_ENTRIES = 64
NAME = re.compile(r'[a-z0-9_-][a-z0-9._-]{0,63}\Z')
WASM_PREAMBLE = b'\0asm\x01\0\0\0'


def check_manifest(text, names):
    """Just enough to refuse the mistakes a person makes: the reader checks every rule."""
    fields = {}
    for number, line in enumerate(text.split('\n')[:-1], 1):
        if not line or line.startswith('#'):
            continue
        key, _, value = line.partition(' ')
        if key in ('name', 'version', 'entry'):
            if key in fields:
                raise ValueError(f'manifest line {number}: {key} given twice')
            fields[key] = value
        elif key != 'dir':
            raise ValueError(f'manifest line {number}: unknown key {key!r}')
    for key in ('name', 'version', 'entry'):
        if key not in fields:
            raise ValueError(f'manifest: no {key}')
    if fields['entry'] not in names:
        raise ValueError(f'manifest: entry {fields["entry"]} is not among the files')


def entry(name, data):
    record = struct.pack('<HHI', len(name), 0, len(data)) + name.encode() + data
    return record + b'\0' * (-len(record) % 8)


def build(manifest, files):
    """The bundle's bytes from the manifest text and (name, data) pairs."""
    if not manifest.endswith('\n'):
        raise ValueError('manifest: must end with a newline')
    names = [name for name, _ in files]
    check_manifest(manifest, names)
    if len(files) + 1 > MAX_ENTRIES:
        raise ValueError(f'at most {MAX_ENTRIES - 1} files')
    for name, data in files:
        if not NAME.match(name) or name == 'manifest':
            raise ValueError(f'{name}: entry names are [a-z0-9._-], 1-64, not starting with "."')
        if names.count(name) > 1:
            raise ValueError(f'{name}: given twice')
        if name.endswith('.wasm') and not data.startswith(WASM_PREAMBLE):
            raise ValueError(f'{name}: not a WebAssembly 1 module')
    body = entry('manifest', manifest.encode()) + b''.join(entry(n, d) for n, d in files)
    size = 32 + len(body)
    header = MAGIC + struct.pack('<IIQII', VERSION, len(files) + 1, size, zlib.crc32(body), 0)
    return header + body


def main():
    parser = argparse.ArgumentParser(description='Builds a Mica app bundle.')
    parser.add_argument('--manifest', required=True)
    parser.add_argument('--out', required=True)
    parser.add_argument('files', nargs='+')
    options = parser.parse_args()
    with open(options.manifest, encoding='ascii') as f:
        manifest = f.read()
    files = []
    for path in options.files:
        with open(path, 'rb') as f:
            files.append((os.path.basename(path), f.read()))
    try:
        bundle = build(manifest, files)
    except ValueError as error:
        sys.exit(f'mkbundle: {error}')
    with open(options.out + '.tmp', 'wb') as f:
        f.write(bundle)
    os.replace(options.out + '.tmp', options.out)


if __name__ == '__main__':
    main()
