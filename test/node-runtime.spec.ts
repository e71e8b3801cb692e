import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const pkg = JSON.parse(read('package.json'));
const lock = JSON.parse(read('package-lock.json'));

/** Node 24 LTS everywhere the project names a runtime (issue 19; Node 20 reached end of life on 2026-04-30). */
describe('Node 24', () => {
  it('is what engines and devEngines require (devEngines makes npm refuse an older Node)', () => {
    expect(pkg.engines).toEqual({ node: '>=24' });
    expect(pkg.devEngines).toEqual({ runtime: { name: 'node', version: '>=24', onFail: 'error' } });
    expect(lock.packages[''].engines).toEqual(pkg.engines);
  });

  it('types the code with @types/node 24', () => {
    expect(pkg.devDependencies['@types/node']).toMatch(/^\^24\./);
    expect(lock.packages['node_modules/@types/node'].version).toMatch(/^24\./);
  });

  it('builds every Dockerfile stage on node:24-slim pinned by digest', () => {
    const froms = read('Dockerfile')
      .split('\n')
      .filter((line) => line.startsWith('FROM '));
    expect(froms.length).toBeGreaterThan(0);
    for (const from of froms) expect(from).toMatch(/^FROM node:24-slim@sha256:[0-9a-f]{64}( AS \w+)?$/);
  });

  it('.ci/run runs the README test command, which runs on Node 24 whatever the machine has', () => {
    const command = "npx -y --prefix /tmp -p node@24 -c 'npm ci && npm test'";
    expect(read('README.md')).toContain(`\`${command}\``);
    expect(read('.ci/run')).toContain(`{ ${command}; } 2>&1 | tee "$log"`);
  });
});
