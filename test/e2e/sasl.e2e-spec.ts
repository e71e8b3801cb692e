import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import request from 'supertest';
import { kafkaSaslEnv, resolveProfile } from '../../scripts/stack/profile';
import { AnalyticsTarget, analyticsEnv, analyticsTarget } from '../support/analytics-app';
import { Running, startProcess } from '../support/analytics-process';
import { BackendProcess, startBackendProcess } from '../support/backend-process';
import { rows } from '../support/databases';
import { eventually } from '../support/eventually';

/** Both apps on the stack's SASL_PLAINTEXT listener (SCRAM-SHA-512) only: its port, its user. */
const sasl = kafkaSaslEnv(resolveProfile('test'));
const WRONG_PASSWORD = 'not-the-password-4f1c';

/** `app` as main.ts runs it, from source, with `env` on top; resolves with its exit code and output. */
function runToExit(app: 'backend' | 'analytics', env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child: ChildProcess = spawn(process.execPath, [join(__dirname, '..', 'support', 'run-from-source.js'), app], {
    env: { ...process.env, LOG_FORMAT: 'text', ...env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      clearTimeout(killer);
      resolve({ code, output: output.join('') });
    }),
  );
}

describe('the apps over Kafka SASL/SCRAM-SHA-512', () => {
  let target: AnalyticsTarget;
  let backend: BackendProcess | undefined;
  let analytics: Running | undefined;

  beforeAll(async () => {
    target = await analyticsTarget('sasl');
  });

  afterAll(async () => {
    await backend?.stop();
    if (analytics && analytics.child.exitCode === null) {
      analytics.child.kill('SIGTERM');
      await analytics.exit;
    }
    await target?.drop();
  });

  it('carries a user from the backend to the read model through the SASL listener', async () => {
    expect(sasl.KAFKA_BOOTSTRAP_SERVERS).not.toBe(process.env.KAFKA_BOOTSTRAP_SERVERS);
    backend = await startBackendProcess({ env: sasl });
    analytics = startProcess(target, { ...sasl, LOG_FORMAT: 'text' });
    const user = (
      await request(backend.url)
        .post('/users')
        .send({ email: `sasl.${Date.now()}@example.com`, profile: { display_name: 'Over SASL' } })
        .expect(201)
    ).body as { id: string };
    const found = await eventually(
      async () => {
        if (analytics!.child.exitCode !== null) throw new Error(`analytics exited: ${analytics!.output.join('').slice(-2000)}`);
        const got = await rows(target.db, 'SELECT display_name FROM users WHERE user_id = ?', [user.id]);
        return got.length ? got : undefined;
      },
      { timeoutMs: 60_000, what: 'the user projected by analytics over SASL' },
    );
    expect(found).toEqual([{ display_name: 'Over SASL' }]);
  });

  it.each(['backend', 'analytics'] as const)(
    'stops %s at start, non-zero, naming the SASL authentication failure, on a wrong password (never printed)',
    async (app) => {
      const { code, output } = await runToExit(app, {
        ...(app === 'analytics' ? analyticsEnv(target) : {}),
        ...sasl,
        KAFKA_SASL_PASSWORD: WRONG_PASSWORD,
      });
      expect(code).not.toBe(0);
      expect(code).not.toBeNull();
      expect(output).toMatch(/Kafka SASL authentication failed for user "platform" \(SCRAM-SHA-512\)/);
      expect(output).not.toContain(WRONG_PASSWORD);
    },
  );
});
