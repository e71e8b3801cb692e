import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ferretdbService } from './ferretdb.service';
import { jaegerService } from './jaeger.service';
import { kafkaService } from './kafka.service';
import { mariadbService } from './mariadb.service';
import { StackProfile } from './profile';
import { commandLineOf, isAlive, portInUse, sleep, startDetached, stopProcess, tail } from './proc';
import { logFileOf, ServiceName, StackService } from './service';

/**
 * The servers of a profile: its Kafka node(s), FerretDB, MariaDB (in this order in status and logs), and Jaeger
 * when asked for (profile.jaeger.enabled) or already started, so that `down` and `status` find it without the flag.
 */
export function servicesOf(p: StackProfile): StackService[] {
  const kafka = p.kafka.nodes.map((node) => kafkaService(node, p.kafka.nodes.length === 1 ? 'kafka' : `kafka-${node.id}`));
  const jaeger = p.jaeger.enabled || readState(p).services.jaeger ? [jaegerService] : [];
  return [...kafka, ferretdbService, mariadbService, ...jaeger];
}
const READY_TIMEOUT_MS = 120_000;

interface StackState {
  services: Partial<Record<ServiceName, { pid: number; port: number; startedAt: string }>>;
}

export type ServiceStatus = { name: ServiceName; state: 'ready' | 'starting' | 'stopped'; pid?: number; port: number; log: string };

const stateFile = (p: StackProfile) => join(p.dataDir, 'stack.json');

function readState(p: StackProfile): StackState {
  if (!existsSync(stateFile(p))) return { services: {} };
  return JSON.parse(readFileSync(stateFile(p), 'utf8')) as StackState;
}

function writeState(p: StackProfile, state: StackState): void {
  mkdirSync(dirname(stateFile(p)), { recursive: true });
  writeFileSync(stateFile(p), JSON.stringify(state, null, 2));
}

/** The pid we recorded, if that process is still alive and still the one we started. */
function ownedPid(p: StackProfile, service: StackService, state: StackState): number | undefined {
  const pid = state.services[service.name]?.pid;
  return pid && isAlive(pid) && commandLineOf(pid).includes(service.fingerprint(p)) ? pid : undefined;
}

export class StackError extends Error {
  constructor(
    readonly service: ServiceName,
    message: string,
    readonly logFile: string,
  ) {
    super(`${service}: ${message}\n  log: ${logFile}\n${tail(logFile, 15).replace(/^/gm, '  | ')}`);
  }
}

export async function status(p: StackProfile): Promise<ServiceStatus[]> {
  const state = readState(p);
  return Promise.all(
    servicesOf(p).map(async (s) => {
      const pid = ownedPid(p, s, state);
      const stateName = !pid ? 'stopped' : (await s.ready(p)) ? 'ready' : 'starting';
      return { name: s.name, state: stateName, pid, port: s.port(p), log: logFileOf(p, s.name) } as ServiceStatus;
    }),
  );
}

/**
 * Installs what is missing, starts what is not running, waits until every service answers.
 * `only`: a part of the profile's services (the bench starts just the cluster's Kafka nodes, beside the test stack's databases).
 */
export async function up(
  p: StackProfile,
  say: (m: string) => void = console.log,
  only: (s: StackService) => boolean = () => true,
): Promise<'started' | 'already-up'> {
  const state = readState(p);
  const services = servicesOf(p).filter(only);
  const running = services.filter((s) => ownedPid(p, s, state));
  if (running.length === services.length && (await Promise.all(services.map((s) => s.ready(p)))).every(Boolean)) {
    say(`stack "${p.name}" is already up; nothing to do`);
    return 'already-up';
  }
  if (running.length === 0 && p.ephemeral) rmSync(p.dataDir, { recursive: true, force: true });
  mkdirSync(join(p.dataDir, 'logs'), { recursive: true });

  const toStart = services.filter((s) => !running.includes(s));
  for (const s of toStart) await refuseTakenPorts(p, s);
  // Installs run one after the other (apt, mvn and go all want the disk); starts run together.
  for (const s of toStart) {
    try {
      await s.install(p, (m) => say(`${s.name}: ${m}`));
      await s.prepare(p);
    } catch (err) {
      throw new StackError(s.name, `install failed: ${(err as Error).message}`, logFileOf(p, s.name));
    }
  }
  for (const s of toStart) {
    const { command, args } = s.command(p);
    const pid = startDetached(command, args, logFileOf(p, s.name));
    state.services[s.name] = { pid, port: s.port(p), startedAt: new Date().toISOString() };
    writeState(p, state);
  }
  await Promise.all(toStart.map((s) => waitReady(p, s, state.services[s.name]!.pid)));
  for (const s of services) await s.afterReady?.(p);
  return 'started';
}

async function waitReady(p: StackProfile, s: StackService, pid: number): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < READY_TIMEOUT_MS) {
    if (!isAlive(pid)) throw new StackError(s.name, `exited during start-up`, logFileOf(p, s.name));
    if (await s.ready(p)) return;
    await sleep(250);
  }
  throw new StackError(s.name, `not ready after ${READY_TIMEOUT_MS / 1000}s`, logFileOf(p, s.name));
}

/** Stops exactly the processes this profile started (recorded pids whose command line is ours). */
export async function down(p: StackProfile, say: (m: string) => void = console.log): Promise<void> {
  const state = readState(p);
  const stops = servicesOf(p).map(async (s) => {
    const pid = ownedPid(p, s, state);
    if (pid) {
      await stopProcess(pid);
      say(`${s.name}: stopped (pid ${pid})`);
    }
    delete state.services[s.name];
  });
  await Promise.all(stops);
  if (existsSync(p.dataDir)) writeState(p, state);
  if (p.ephemeral) rmSync(p.dataDir, { recursive: true, force: true });
}

function serviceNamed(p: StackProfile, name: string): StackService {
  const service = servicesOf(p).find((s) => s.name === name);
  if (!service)
    throw new Error(
      `unknown service "${name}" (${servicesOf(p)
        .map((s) => s.name)
        .join(', ')})`,
    );
  return service;
}

function runningPid(p: StackProfile, name: string): { service: StackService; pid: number } {
  const service = serviceNamed(p, name);
  const pid = ownedPid(p, service, readState(p));
  if (!pid) throw new StackError(service.name, 'is not running (npm run stack -- up first)', logFileOf(p, service.name));
  return { service, pid };
}

/** Stops one service of a running stack (its data stays, even for the ephemeral test profile). */
export async function stopService(p: StackProfile, name: string): Promise<void> {
  const service = serviceNamed(p, name);
  const state = readState(p);
  const pid = ownedPid(p, service, state);
  if (pid) {
    process.kill(pid, 'SIGCONT'); // a paused process cannot act on SIGTERM
    await stopProcess(pid);
  }
  delete state.services[service.name];
  writeState(p, state);
}

/** Throws, naming the port and the service's log, when another process listens on one of the service's ports. */
async function refuseTakenPorts(p: StackProfile, s: StackService): Promise<void> {
  for (const port of s.listens(p)) {
    if (await portInUse(port)) {
      throw new StackError(s.name, `port ${port} is taken by another process; stop it or choose another port`, logFileOf(p, s.name));
    }
  }
}

/** Starts one stopped service on its existing data and waits until it answers. */
export async function startService(p: StackProfile, name: string): Promise<number> {
  const service = serviceNamed(p, name);
  const state = readState(p);
  const running = ownedPid(p, service, state);
  if (running) return running;
  await refuseTakenPorts(p, service);
  const { command, args } = service.command(p);
  const pid = startDetached(command, args, logFileOf(p, service.name));
  state.services[service.name] = { pid, port: service.port(p), startedAt: new Date().toISOString() };
  writeState(p, state);
  await waitReady(p, service, pid);
  return pid;
}

export async function restartService(p: StackProfile, name: string): Promise<number> {
  await stopService(p, name);
  return startService(p, name);
}

/** SIGSTOP: the process keeps its sockets open but answers nothing (a hung server, not a dead one). */
/** Stops the service's process with SIGSTOP and returns once the kernel shows it stopped (a signal is delivered asynchronously). */
export function pauseService(p: StackProfile, name: string): number {
  const { service, pid } = runningPid(p, name);
  process.kill(pid, 'SIGSTOP');
  const deadline = Date.now() + 5000;
  while (!isStopped(pid)) {
    if (Date.now() > deadline) {
      throw new StackError(service.name, `pid ${pid} is still not stopped 5 s after SIGSTOP`, logFileOf(p, service.name));
    }
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
  }
  return pid;
}

export function resumeService(p: StackProfile, name: string): number {
  const { pid } = runningPid(p, name);
  process.kill(pid, 'SIGCONT');
  return pid;
}

/** True while the service's process is stopped by SIGSTOP (state T in /proc). */
export function isPaused(p: StackProfile, name: string): boolean {
  return isStopped(runningPid(p, name).pid);
}

const isStopped = (pid: number) => /^T/.test(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1] ?? '');
