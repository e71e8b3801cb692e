/**
 * `npm test`: the whole suite on a machine that may have never seen the project.
 * Typecheck, lint (ESLint + Prettier), unit tests, then the e2e and outage tests on the throw-away "test" stack (started here,
 * installed first if missing, stopped afterwards unless it was already up or KEEP_TEST_STACK=1).
 * Ends with one plain line: `tests: N passed, N failed`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_DIR, resolveProfile } from './stack/profile';
import { down, up } from './stack/stack';

const RESULTS = join(REPO_DIR, '.test-results');
const bin = (name: string) => join(REPO_DIR, 'node_modules', '.bin', name);

interface JestSummary {
  passed: number;
  failed: number;
  suitesFailedToRun: number;
}

function runJest(name: string, args: string[]): JestSummary {
  const outputFile = join(RESULTS, `${name}.json`);
  rmSync(outputFile, { force: true });
  spawnSync(bin('jest'), [...args, '--json', `--outputFile=${outputFile}`], { stdio: 'inherit', cwd: REPO_DIR });
  if (!existsSync(outputFile)) return { passed: 0, failed: 0, suitesFailedToRun: 1 };
  const report = JSON.parse(readFileSync(outputFile, 'utf8'));
  return { passed: report.numPassedTests, failed: report.numFailedTests, suitesFailedToRun: report.numRuntimeErrorTestSuites };
}

async function main(): Promise<number> {
  mkdirSync(RESULTS, { recursive: true });
  const only = process.argv[2]; // optional: unit | e2e

  console.log('== typecheck');
  const typecheck = spawnSync(bin('tsc'), ['--noEmit', '-p', 'tsconfig.json'], { stdio: 'inherit', cwd: REPO_DIR });
  console.log('== lint (eslint, prettier --check)');
  const eslint = spawnSync(bin('eslint'), ['.'], { stdio: 'inherit', cwd: REPO_DIR });
  const prettier =
    eslint.status === 0 ? spawnSync(bin('prettier'), ['--check', '.', '--log-level', 'warn'], { stdio: 'inherit', cwd: REPO_DIR }) : eslint;
  const lintFailed = prettier.status !== 0;
  const totals: JestSummary = { passed: 0, failed: 0, suitesFailedToRun: (typecheck.status === 0 ? 0 : 1) + (lintFailed ? 1 : 0) };
  const add = (s: JestSummary) => {
    totals.passed += s.passed;
    totals.failed += s.failed;
    totals.suitesFailedToRun += s.suitesFailedToRun;
  };

  if (only !== 'e2e') {
    console.log('== unit tests');
    add(runJest('unit', ['--config', 'jest.config.js']));
  }
  if (only !== 'unit') {
    const profile = resolveProfile('test');
    console.log('== test stack');
    const started = await up(profile, (m) => console.log(`[test stack] ${m}`));
    try {
      console.log('== end-to-end tests');
      add(runJest('e2e', ['--config', 'test/e2e/jest.config.js']));
      console.log('== outage tests (stop and restart the stack servers; run alone)');
      add(runJest('outage', ['--config', 'test/outage/jest.config.js', '--runInBand']));
    } finally {
      if (started === 'started' && process.env.KEEP_TEST_STACK !== '1') await down(profile, () => undefined);
    }
  }

  if (typecheck.status !== 0) console.log('typecheck failed');
  if (lintFailed) console.log('lint failed: `npm run format` fixes what Prettier and ESLint can');
  if (totals.suitesFailedToRun) console.log(`${totals.suitesFailedToRun} test suite(s) or steps failed to run`);
  const failed = totals.failed + totals.suitesFailedToRun;
  console.log(`tests: ${totals.passed} passed, ${failed} failed`);
  return failed === 0 && totals.passed > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    console.log('tests: 0 passed, 1 failed');
    process.exit(1);
  },
);
