/**
 * `npm start`: the whole platform on this machine, no Docker needed.
 * Starts the dev stack (Kafka, FerretDB, MariaDB; installed first if missing), builds and starts
 * the backend, the analytics consumer and the pipeline page, prints where to look, and on Ctrl-C stops the apps and
 * the stack it started.
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ANALYTICS_RUNTIME_ENV, appEnv, REPO_DIR, resolveProfile } from './stack/profile';
import { down, up } from './stack/stack';
import { devSecretPath, ensureDevSecret } from './auth/tokens';

const BACKEND_PORT = Number(process.env.BACKEND_PORT ?? 3000);
const ANALYTICS_PORT = Number(process.env.ANALYTICS_PORT ?? 3001);
const PIPELINE_PORT = Number(process.env.PIPELINE_PORT ?? 3002);

interface App {
  name: 'backend' | 'analytics' | 'pipeline';
  port: number;
  env: Record<string, string>;
  child?: ChildProcess;
}

async function waitHealthy(app: App, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (app.child?.exitCode !== null) throw new Error(`${app.name} exited with code ${app.child?.exitCode}`);
    const ok = await fetch(`http://127.0.0.1:${app.port}${app.name === 'pipeline' ? '/api' : ''}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`${app.name} did not answer /health on port ${app.port} within ${timeoutMs / 1000}s`);
}

function stopApp(app: App): Promise<void> {
  const child = app.child;
  if (!child || child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

async function main(): Promise<void> {
  const profile = resolveProfile('dev');
  console.log('starting the stack (Kafka, FerretDB, MariaDB)...');
  const stack = await up(profile, (m) => console.log(`  ${m}`));
  const env = appEnv(profile);
  // AUTH_MODE=jwt without a key of its own: a development HS256 secret, kept in the dev data directory, which
  // `npm run token` and `npm run demo` sign with.
  const jwtKeyGiven = ['JWT_SECRET', 'JWT_PUBLIC_KEY_FILE', 'JWT_JWKS_FILE'].some((v) => process.env[v]);
  const backendAuth: Record<string, string> = process.env.AUTH_MODE === 'jwt' && !jwtKeyGiven ? { JWT_SECRET: ensureDevSecret() } : {};
  const apps: App[] = [
    {
      name: 'backend',
      port: BACKEND_PORT,
      // No load balancer in front of `npm start` to drain from: Ctrl-C stops the backend at once.
      env: {
        ...env,
        ...backendAuth,
        KAFKA_CLIENT_ID: 'backend-service',
        PORT: String(BACKEND_PORT),
        SHUTDOWN_DRAIN_MS: process.env.SHUTDOWN_DRAIN_MS ?? '0',
      },
    },
    {
      name: 'analytics',
      port: ANALYTICS_PORT,
      env: { ...env, KAFKA_CLIENT_ID: 'mysql-service', PORT: String(ANALYTICS_PORT), ...ANALYTICS_RUNTIME_ENV },
    },
    {
      name: 'pipeline',
      port: PIPELINE_PORT,
      env: {
        ...env,
        KAFKA_CLIENT_ID: 'pipeline-page',
        PORT: String(PIPELINE_PORT),
        BACKEND_URL: `http://127.0.0.1:${BACKEND_PORT}`,
        ANALYTICS_URL: `http://127.0.0.1:${ANALYTICS_PORT}`,
      },
    },
  ];

  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping the apps...');
    await Promise.all(apps.map(stopApp));
    if (stack === 'started') {
      console.log('stopping the stack...');
      await down(profile, (m) => console.log(`  ${m}`));
    }
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  for (const app of apps) {
    console.log(`building ${app.name}...`);
    const build = spawnSync(join(REPO_DIR, 'node_modules', '.bin', 'nest'), ['build', app.name], { cwd: REPO_DIR, stdio: 'inherit' });
    if (build.status !== 0) throw new Error(`nest build ${app.name} failed`);
  }
  for (const app of apps) {
    app.child = spawn(process.execPath, [join(REPO_DIR, 'dist', 'apps', app.name, 'main.js')], {
      cwd: REPO_DIR,
      env: { ...process.env, ...app.env },
      stdio: 'inherit',
    });
    app.child.once('exit', (code) => {
      if (!stopping) {
        console.error(`${app.name} exited (code ${code}); stopping the platform`);
        void stopAll(1);
      }
    });
  }
  try {
    await Promise.all(apps.map((app) => waitHealthy(app)));
  } catch (err) {
    console.error((err as Error).message);
    await stopAll(1);
    return;
  }
  console.log(`
The platform is up.
  Backend API     http://localhost:${BACKEND_PORT}
  Swagger UI      http://localhost:${BACKEND_PORT}/docs
  Analytics       http://localhost:${ANALYTICS_PORT}/health
  Pipeline page   http://localhost:${PIPELINE_PORT}   (live offsets, lag, event feed, dead letters, try it)
  Read model      MySQL ${env.MYSQL_HOST}:${env.MYSQL_PORT} database ${env.MYSQL_DATABASE} (user ${env.MYSQL_USER})
  Identity        AUTH_MODE=${process.env.AUTH_MODE ?? 'headers'}${process.env.AUTH_MODE === 'jwt' ? `: npm run token -- user <id> (signed with ${backendAuth.JWT_SECRET ? devSecretPath() : 'your JWT_* key'}), then Authorize in Swagger UI` : ': X-User-ID / X-Supplier-ID headers, loopback only'}
  Try it          npm run demo   (in another terminal)
Press Ctrl-C to stop everything.`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
