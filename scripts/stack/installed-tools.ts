import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StackProfile } from './profile';

export type ToolName = 'java' | 'mvn';

/**
 * The tools the stack installed, by absolute path, in its cache: a JDK apt installs may not be on PATH (or PATH may
 * hold an older one), and every later start (and `stack -- start kafka` in another process) must find the same one.
 */
const recordFile = (p: StackProfile) => join(p.cacheDir, 'installed-tools.json');

export function recordedTool(p: StackProfile, name: ToolName): string | undefined {
  if (!existsSync(recordFile(p))) return undefined;
  const path = (JSON.parse(readFileSync(recordFile(p), 'utf8')) as Partial<Record<ToolName, string>>)[name];
  return path && existsSync(path) ? path : undefined;
}

export function recordTool(p: StackProfile, name: ToolName, path: string): void {
  mkdirSync(p.cacheDir, { recursive: true });
  const tools = existsSync(recordFile(p)) ? (JSON.parse(readFileSync(recordFile(p), 'utf8')) as Record<string, string>) : {};
  const partial = `${recordFile(p)}.${process.pid}`;
  writeFileSync(partial, JSON.stringify({ ...tools, [name]: path }, null, 2));
  renameSync(partial, recordFile(p));
}
