// Unit tests: pure logic beside the code (*.spec.ts). No services needed.
/** @type {import('jest').Config} */
module.exports = {
  rootDir: '.',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/scripts', '<rootDir>/test'],
  testRegex: '.*\\.spec\\.ts$',
  moduleFileExtensions: ['js', 'json', 'ts'],
  transform: { '^.+\\.ts$': 'ts-jest' },
  moduleNameMapper: { '^@app/kafka(|/.*)$': '<rootDir>/libs/kafka/src$1' },
  testEnvironment: 'node',
};
