// Outage tests: they stop and restart the test stack's servers, so they run alone (after the e2e suite, in band).
const base = require('../e2e/jest.config.js');

/** @type {import('jest').Config} */
module.exports = { ...base, testRegex: '.*\\.outage-spec\\.ts$', maxWorkers: 1, testTimeout: 300_000 };
