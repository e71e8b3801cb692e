import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { shiftedClockEnv } from '../stack/faketime';
import { REPO_DIR } from '../stack/profile';

/** One backend or analytics process started from its build (dist/apps/<name>/main.js), so it can be kill -9'd. */
export class AppProcess {
  private child?: ChildProcess;

  constructor(
    readonly name: 'backend' | 'analytics',
    readonly label: string,
    readonly port: number,
    private readonly env: Record<string, string>,
    private readonly logFile: string,
  ) {}

  /**
   * Starts it and waits until `readyPath` answers 2xx (a standby backend is live, never ready: '/health/live');
   * `clockOffsetSeconds`: with its wall clock that far off (libfaketime).
   */
  async start({
    timeoutMs = 60_000,
    clockOffsetSeconds,
    readyPath = '/health',
  }: { timeoutMs?: number; clockOffsetSeconds?: number; readyPath?: string } = {}): Promise<void> {
    const log = openSync(this.logFile, 'a');
    const clock = clockOffsetSeconds === undefined ? {} : shiftedClockEnv(clockOffsetSeconds);
    this.child = spawn(process.execPath, [join(REPO_DIR, 'dist', 'apps', this.name, 'main.js')], {
      cwd: REPO_DIR,
      // THROTTLE_LIMIT=0: the load comes from 127.0.0.1 at up to 15 mutations/s, past the default per-IP limit.
      // WRITER_MODE=auto: the suite runs on a stack of its own, so a backend takes the writer lease as in production.
      env: { ...process.env, THROTTLE_LIMIT: '0', WRITER_MODE: 'auto', ...this.env, ...clock, PORT: String(this.port) },
      stdio: ['ignore', log, log],
    });
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`${this.label} exited with code ${this.child.exitCode} (log ${this.logFile})`);
      if (
        await fetch(`http://127.0.0.1:${this.port}${readyPath}`).then(
          (r) => r.ok,
          () => false,
        )
      )
        return;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    throw new Error(`${this.label} did not answer ${readyPath} within ${timeoutMs / 1000}s (log ${this.logFile})`);
  }

  /** Its process id while started (for /proc figures such as peakRssMb). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Started and not exited. */
  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Sends `signal` and waits for the process to exit (SIGKILL after 30 s). */
  stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return Promise.resolve();
    return new Promise((resolve) => {
      const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      child.once('exit', () => {
        clearTimeout(killer);
        resolve();
      });
      child.kill(signal);
    });
  }
}

const APPS = ['backend', 'analytics'] as const;
const LOCK = join(REPO_DIR, 'dist', '.faults-build.lock');
const STAMP = join(REPO_DIR, 'dist', '.faults-build.stamp');

/** The newest modification time of the apps' sources (apps/, libs/, the lockfile): what a build depends on. */
function sourcesStamp(): string {
  let newest = statSync(join(REPO_DIR, 'package-lock.json')).mtimeMs;
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  walk(join(REPO_DIR, 'apps'));
  walk(join(REPO_DIR, 'libs'));
  return String(newest);
}

/**
 * `nest build` of both apps, unless dist already holds a build of the current sources. One build at a time (a lock
 * directory): the two fault e2e files run beside each other, and one rebuilding dist while the other starts an app
 * from it could hand that app a half-written main.js.
 */
export async function buildApps(say: (message: string) => void = () => undefined): Promise<void> {
  mkdirSync(join(REPO_DIR, 'dist'), { recursive: true });
  const deadline = Date.now() + 600_000;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      if (Date.now() > deadline) rmSync(LOCK, { recursive: true, force: true }); // a build that died holding it
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
  try {
    const stamp = sourcesStamp();
    const built =
      existsSync(STAMP) &&
      readFileSync(STAMP, 'utf8') === stamp &&
      APPS.every((app) => existsSync(join(REPO_DIR, 'dist', 'apps', app, 'main.js')));
    if (built) return say('faults: dist holds a build of the current sources');
    for (const app of APPS) {
      say(`faults: nest build ${app}`);
      const build = spawnSync(join(REPO_DIR, 'node_modules', '.bin', 'nest'), ['build', app], { cwd: REPO_DIR, encoding: 'utf8' });
      if (build.status !== 0) throw new Error(`nest build ${app} failed:\n${build.stdout}${build.stderr}`);
    }
    writeFileSync(STAMP, stamp);
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}
