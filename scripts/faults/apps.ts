import { ChildProcess, spawn } from 'node:child_process';
import { openSync } from 'node:fs';
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
      env: { ...process.env, THROTTLE_LIMIT: '0', ...this.env, ...clock, PORT: String(this.port) },
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

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Sends `signal` and waits for the process to exit (SIGKILL after 30 s). */
  stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
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
