// Tests that need the test stack to themselves, run after the e2e suite, in band: the outage tests stop and restart
// its servers; the reconcile tests (test/alone) compare whole collections with whole tables, so no other suite may
// write events meanwhile.
const base = require('../e2e/jest.config.js');

/** @type {import('jest').Config} */
module.exports = { ...base, testRegex: '.*\\.(outage|alone)-spec\\.ts$', maxWorkers: 1, testTimeout: 300_000 };
