import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { AnalyticsTarget, analyticsEnv } from './analytics-app';

export interface Running {
  child: ChildProcess;
  /** stdout and stderr chunks as they came. */
  output: string[];
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** The analytics service as `main.ts` runs it, in a process of its own (from source), with `env` on top. */
export function startProcess(target: AnalyticsTarget, env: Record<string, string> = {}): Running {
  const child = spawn(process.execPath, [join(__dirname, 'run-from-source.js'), 'analytics'], {
    env: { ...process.env, ...analyticsEnv(target), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, output, exit };
}
