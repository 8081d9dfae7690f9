/* eslint-disable @typescript-eslint/no-require-imports -- a plain CommonJS bootstrap, run by node itself */
/* global require, process */
// Runs a TypeScript entry point in a child process, compiled on the fly by swc (as jest does), so a test
// can kill a real process mid-work. Usage: node test/support/ts-child.js <file.ts> [args...]
const { transformSync } = require('@swc/core');
const fs = require('node:fs');
const path = require('node:path');

require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: { parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true }, target: 'es2022', keepClassNames: true },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};

const entry = path.resolve(process.argv[2]);
process.argv.splice(1, 2, entry);
require(entry);
