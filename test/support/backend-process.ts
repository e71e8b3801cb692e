import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { shiftedClockEnv } from '../../scripts/stack/faketime';
import { eventually } from './eventually';
import { freePort } from '../../scripts/stack/proc';

export interface BackendProcess {
  url: string;
  output: string[];
  stop(): Promise<void>;
  /** Sends `signal` (kill -9: SIGKILL) and resolves once the process is gone. */
  kill(signal: NodeJS.Signals): Promise<void>;
  /** Sends `signal` without waiting (SIGSTOP, SIGCONT). */
  signal(signal: NodeJS.Signals): void;
}

/**
 * The backend as main.ts runs it, in a process of its own (from source), on the test stack, with `env` on top;
 * `clockOffsetSeconds` runs it under faketime (its wall clock that far off; timers unaffected). Resolves once it
 * answers /health/live.
 */
export async function startBackendProcess({
  env = {},
  clockOffsetSeconds,
}: { env?: Record<string, string>; clockOffsetSeconds?: number } = {}): Promise<BackendProcess> {
  const port = await freePort();
  const clock = clockOffsetSeconds === undefined ? {} : shiftedClockEnv(clockOffsetSeconds);
  const child: ChildProcess = spawn(process.execPath, [join(__dirname, 'run-from-source.js'), 'backend'], {
    env: { ...process.env, LOG_FORMAT: 'text', LOG_LEVEL: 'warn', ...clock, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  await eventually(
    async () => {
      if (child.exitCode !== null) throw new Error(`backend exited with code ${child.exitCode}: ${output.join('').slice(-2000)}`);
      return (
        (await fetch(`${url}/health/live`).then(
          (r) => r.ok,
          () => false,
        )) || undefined
      );
    },
    { timeoutMs: 60_000, intervalMs: 250, what: `the backend on port ${port} to answer` },
  );
  return {
    url,
    output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
    kill: async (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
    signal: (signal) => void child.kill(signal),
  };
}
