import { join } from 'node:path';
import { StackProfile } from './profile';

/** `kafka` is the single broker; the cluster profile has `kafka-1`, `kafka-2`, `kafka-3` instead. */
export type ServiceName = 'kafka' | `kafka-${number}` | 'ferretdb' | 'mariadb' | 'jaeger';

/** One server of the stack: how to install it (cached), lay out its data, start it and ask it if it is ready. */
export interface StackService {
  name: ServiceName;
  /** The port it answers on (recorded in the state file, asked by `ready`). */
  port(profile: StackProfile): number;
  /** Every TCP port it listens on, `port` first: all must be free before it starts. */
  listens(profile: StackProfile): number[];
  /** Ensures the binaries are there; cached across profiles and clones. */
  install(profile: StackProfile, say: (message: string) => void): Promise<void>;
  /** Creates the data directory on first use. */
  prepare(profile: StackProfile): Promise<void>;
  command(profile: StackProfile): { command: string; args: string[] };
  /** True once the server answers a real request. */
  ready(profile: StackProfile): Promise<boolean>;
  /** Runs once it is ready: topics, databases. */
  afterReady?(profile: StackProfile): Promise<void>;
  /** Text that must appear in the process's command line for a recorded pid to count as ours. */
  fingerprint(profile: StackProfile): string;
}

export function serviceDir(profile: StackProfile, name: ServiceName): string {
  return join(profile.dataDir, name);
}

export function logFileOf(profile: StackProfile, name: ServiceName): string {
  return join(profile.dataDir, 'logs', `${name}.log`);
}
