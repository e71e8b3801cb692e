import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isolatedTestProfile } from '../../scripts/faults/profile';
import { resolveProfile } from '../../scripts/stack/profile';
import { status } from '../../scripts/stack/stack';
import { GO_TOOLCHAIN_VERSION, toolchainDir } from '../../scripts/stack/go-toolchain';
import { stackCli } from '../support/stack-cli';

const HIDDEN = new Set(['java', 'mvn', 'mvnDebug', 'go', 'gofmt']);

/** One directory of symlinks to everything on `path` except java, mvn and go (first one on PATH wins). */
function pathWithout(path: string, dir: string): string {
  mkdirSync(dir, { recursive: true });
  const linked = new Set<string>();
  for (const entry of path.split(':').filter(existsSync)) {
    for (const name of readdirSync(entry)) {
      if (HIDDEN.has(name) || linked.has(name)) continue;
      linked.add(name);
      symlinkSync(join(entry, name), join(dir, name));
    }
  }
  return dir;
}

// A stock machine: no java, no mvn, no go on PATH, an empty stack cache. On its own copy of the test stack (+30).
describe('npm run stack -- up without java, mvn and go', () => {
  const profile = isolatedTestProfile('install', 30);
  const scratch = mkdtempSync(join(tmpdir(), 'stack-install-'));
  const cacheDir = join(scratch, 'cache');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: pathWithout(process.env.PATH ?? '', join(scratch, 'bin')),
    STACK_CACHE_DIR: cacheDir,
    STACK_TEST_DATA_DIR: profile.dataDir,
    STACK_TEST_KAFKA_PORT: String(profile.kafka.port),
    STACK_TEST_KAFKA_CONTROLLER_PORT: String(profile.kafka.controllerPort),
    STACK_TEST_MONGO_PORT: String(profile.mongo.port),
    STACK_TEST_MYSQL_PORT: String(profile.mysql.port),
  };
  const installed = resolveProfile('test', env);

  afterAll(async () => {
    await stackCli(['down', '--profile', 'test'], env);
    rmSync(scratch, { recursive: true, force: true });
  }, 60_000);

  it('installs Java and Maven from apt and Go from the module proxy, then comes up ready', async () => {
    for (const tool of ['java', 'mvn', 'go']) {
      expect(spawnSync('sh', ['-c', `command -v ${tool}`], { env }).status).not.toBe(0);
    }
    const cold = await stackCli(['up', '--profile', 'test'], env);
    console.log(`cold up without java, mvn, go and cache: ${cold.seconds.toFixed(0)} s\n${cold.output}`);
    expect(cold.code).toBe(0);
    expect(cold.output).toMatch(/installing Java 17 \(no java on PATH.*apt-get install -y openjdk-17-jre-headless/);
    expect(cold.output).toMatch(/installing Maven \(no mvn on PATH.*apt-get install -y maven/);
    expect(cold.output).toContain(`downloading Go ${GO_TOOLCHAIN_VERSION} (no go on PATH)`);
    expect((await status(installed)).map((s) => [s.name, s.state])).toEqual([
      ['kafka', 'ready'],
      ['ferretdb', 'ready'],
      ['mariadb', 'ready'],
    ]);

    // Where they went: apt's Java and Maven recorded by path in the cache, Go unpacked there; Kafka runs on that Java.
    const recorded = JSON.parse(readFileSync(join(cacheDir, 'installed-tools.json'), 'utf8')) as Record<string, string>;
    expect(recorded.java).toMatch(/^\/usr\/lib\/jvm\/.*\/bin\/java$/);
    expect(recorded.mvn).toMatch(/\/bin\/mvn$/);
    const go = join(toolchainDir(installed), 'bin', 'go');
    expect(spawnSync(go, ['version'], { encoding: 'utf8' }).stdout).toContain(`go${GO_TOOLCHAIN_VERSION}`);
    const kafka = (await status(installed)).find((s) => s.name === 'kafka')!;
    expect(readlinkSync(`/proc/${kafka.pid}/exe`)).toBe(realpathSync(recorded.java!));
  }, 900_000);

  it('installs nothing on the next start: the cache has it all', async () => {
    expect((await stackCli(['down', '--profile', 'test'], env)).code).toBe(0);
    const warm = await stackCli(['up', '--profile', 'test'], env);
    console.log(`warm up: ${warm.seconds.toFixed(0)} s`);
    expect(warm.code).toBe(0);
    expect(warm.output).not.toMatch(/installing|downloading|building|resolving/);
    expect((await status(installed)).every((s) => s.state === 'ready')).toBe(true);
  }, 300_000);
});
