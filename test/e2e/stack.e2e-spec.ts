import { rmSync } from 'node:fs';
import { createServer, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveProfile } from '../../scripts/stack/profile';
import { isAlive } from '../../scripts/stack/proc';
import { status, up } from '../../scripts/stack/stack';

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

  it('refuses to start when a port is taken, naming the service and its log', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    const profile = resolveProfile('test', {
      STACK_TEST_DATA_DIR: join(tmpdir(), `stack-port-clash-${process.pid}`),
      STACK_TEST_KAFKA_PORT: '29392',
      STACK_TEST_MONGO_PORT: String(port),
      STACK_TEST_MYSQL_PORT: '29306',
    });
    try {
      await expect(up(profile, () => undefined)).rejects.toThrow(
        new RegExp(`ferretdb: port ${port} is taken[\\s\\S]*log: .*ferretdb\\.log`),
      );
      expect((await status(profile)).map((s) => s.state)).toEqual(['stopped', 'stopped', 'stopped']);
    } finally {
      blocker.close();
      rmSync(profile.dataDir, { recursive: true, force: true });
    }
  });
});
