// End-to-end tests: real Kafka, FerretDB and MariaDB of the throw-away "test" stack profile
// (started by globalSetup if it is not up; `npm test` stops it afterwards).
const { join } = require('node:path');
const root = join(__dirname, '..', '..');

/** @type {import('jest').Config} */
module.exports = {
  rootDir: root,
  roots: ['<rootDir>/test'],
  testRegex: '.*\\.e2e-spec\\.ts$',
  moduleFileExtensions: ['js', 'json', 'ts'],
  transform: { '^.+\\.ts$': 'ts-jest' },
  moduleNameMapper: { '^@app/kafka(|/.*)$': '<rootDir>/libs/kafka/src$1' },
  testEnvironment: 'node',
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  setupFiles: ['<rootDir>/test/support/test-env.ts'],
  testTimeout: 90_000,
  maxWorkers: 2,
};
