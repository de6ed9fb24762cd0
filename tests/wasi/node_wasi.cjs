// The oracle: runs a WASI command module under Node's built-in WASI (preview1) with the same
// arguments, standard streams and preopened directories mica-wasm gets, and exits with the
// module's exit status.
//   node --no-warnings node_wasi.cjs [--dir GUEST=HOST]... [--argv0 NAME] module.wasm [args...]
'use strict';
const fs = require('fs');
const path = require('path');
const { WASI } = require('wasi');

const preopens = {};
let argv0 = null;
const rest = process.argv.slice(2);
while (rest.length && rest[0].startsWith('--')) {
    const option = rest.shift();
    const value = rest.shift();
    if (option === '--dir') {
        const equals = value.indexOf('=');
        preopens[value.slice(0, equals)] = value.slice(equals + 1);
    } else if (option === '--argv0') {
        argv0 = value;
    } else {
        console.error(`node_wasi.cjs: unknown option ${option}`);
        process.exit(64);
    }
}
const modulePath = rest.shift();
const wasi = new WASI({
    version: 'preview1',
    args: [argv0 || path.basename(modulePath), ...rest],
    env: {},
    preopens,
    returnOnExit: true,
});
const compiled = new WebAssembly.Module(fs.readFileSync(modulePath));
const instance = new WebAssembly.Instance(compiled, wasi.getImportObject());
process.exitCode = wasi.start(instance);
