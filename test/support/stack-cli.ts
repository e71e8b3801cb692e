import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_DIR } from '../../scripts/stack/profile';

/** `npm run stack -- <args>` in a child process, as a user types it (tsx run by this node: no PATH lookup needed). */
export function stackCli(
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ code: number | null; output: string; seconds: number }> {
  const started = Date.now();
  const tsx = join(REPO_DIR, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const child = spawn(process.execPath, [tsx, join(REPO_DIR, 'scripts', 'stack', 'cli.ts'), ...args], {
    env,
    cwd: REPO_DIR,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, output, seconds: (Date.now() - started) / 1000 })));
}
