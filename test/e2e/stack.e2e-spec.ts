import { rmSync } from 'node:fs';
import { createServer, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveProfile } from '../../scripts/stack/profile';
import { isAlive } from '../../scripts/stack/proc';
import { createConnection } from 'mysql2/promise';
import { isolatedTestProfile } from '../../scripts/faults/profile';
import {
  down,
  isPaused,
  pauseService,
  restartService,
  resumeService,
  startService,
  status,
  stopService,
  up,
} from '../../scripts/stack/stack';

describe('npm run stack', () => {
  it('answers a second up with a no-op while every service is ready', async () => {
    const messages: string[] = [];
    const profile = resolveProfile('test');
    await expect(up(profile, (m) => messages.push(m))).resolves.toBe('already-up');
    expect(messages).toEqual(['stack "test" is already up; nothing to do']);
    const services = await status(profile);
    expect(services.map((s) => [s.name, s.state])).toEqual([
      ['kafka', 'ready'],
      ['ferretdb', 'ready'],
      ['mariadb', 'ready'],
    ]);
    expect(services.every((s) => isAlive(s.pid))).toBe(true);
  });

  // FerretDB's only port, and a port of Kafka's that is not the one it answers clients on (its controller listener).
  it.each([
    ['ferretdb', 'STACK_TEST_MONGO_PORT'],
    ['kafka', 'STACK_TEST_KAFKA_CONTROLLER_PORT'],
  ])('refuses to start when a port %s listens on is taken (%s), naming the service and its log', async (service, variable) => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    const profile = resolveProfile('test', {
      STACK_TEST_DATA_DIR: join(tmpdir(), `stack-port-clash-${process.pid}`),
      STACK_TEST_KAFKA_PORT: '29392',
      STACK_TEST_MONGO_PORT: '29317',
      STACK_TEST_MYSQL_PORT: '29306',
      [variable]: String(port),
    });
    try {
      await expect(up(profile, () => undefined)).rejects.toThrow(
        new RegExp(`${service}: port ${port} is taken[\\s\\S]*log: .*${service}\\.log`),
      );
      expect((await status(profile)).map((s) => s.state)).toEqual(['stopped', 'stopped', 'stopped']);
    } finally {
      blocker.close();
      await down(profile, () => undefined);
      rmSync(profile.dataDir, { recursive: true, force: true });
    }
  });
});

// On its own copy of the stack: stopping and pausing services must not disturb the e2e files running beside.
describe('npm run stack -- stop|start|restart|pause|resume <service>', () => {
  const profile = isolatedTestProfile('stack-commands', 20);
  const stateOf = async (name: string) => (await status(profile)).find((s) => s.name === name)!;
  const mysqlAnswers = async (timeoutMs: number) => {
    const attempt = (async () => {
      const db = await createConnection({
        host: '127.0.0.1',
        port: profile.mysql.port,
        user: profile.mysql.user,
        password: profile.mysql.password,
        connectTimeout: timeoutMs,
      });
      await db.query('SELECT 1');
      db.destroy();
      return true;
    })().catch(() => false);
    return Promise.race([attempt, new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutMs))]);
  };

  /** Polls: a resumed MariaDB on a loaded machine may take a few seconds to answer again. */
  const answersWithin = async (deadlineMs: number) => {
    const deadline = Date.now() + deadlineMs;
    while (Date.now() < deadline) if (await mysqlAnswers(3000)) return true;
    return false;
  };

  beforeAll(() => up(profile, () => undefined), 150_000);
  afterAll(() => down(profile, () => undefined), 60_000);

  it('pause freezes MariaDB (no answer) and resume brings it back with the same pid', async () => {
    const before = await stateOf('mariadb');
    expect(pauseService(profile, 'mariadb')).toBe(before.pid);
    expect(isPaused(profile, 'mariadb')).toBe(true);
    await expect(mysqlAnswers(1500)).resolves.toBe(false);
    expect(resumeService(profile, 'mariadb')).toBe(before.pid);
    expect(isPaused(profile, 'mariadb')).toBe(false);
    await expect(answersWithin(20_000)).resolves.toBe(true);
  });

  it('stop leaves the others running; start brings the service back on its data; restart gives a new pid', async () => {
    await stopService(profile, 'kafka');
    expect((await status(profile)).map((s) => [s.name, s.state])).toEqual([
      ['kafka', 'stopped'],
      ['ferretdb', 'ready'],
      ['mariadb', 'ready'],
    ]);
    const started = await startService(profile, 'kafka');
    expect(await stateOf('kafka')).toMatchObject({ state: 'ready', pid: started });
    const restarted = await restartService(profile, 'kafka');
    expect(restarted).not.toBe(started);
    expect(isAlive(started)).toBe(false);
    expect(await stateOf('kafka')).toMatchObject({ state: 'ready', pid: restarted });
  }, 90_000);

  it('refuses to pause a service that is not running, naming it', async () => {
    await stopService(profile, 'ferretdb');
    expect(() => pauseService(profile, 'ferretdb')).toThrow(/ferretdb: is not running/);
    await startService(profile, 'ferretdb');
  }, 60_000);
});
