import { acknowledged, Mutation } from './ledger';

/** A partition's end offset at one moment, and (from the metadata) its leader and replicas. */
export interface PartitionState {
  topic: string;
  partition: number;
  offset: number;
  leader: number;
  replicas: number[];
  isr: number[];
}

/**
 * The partition that took the most messages between two samples of the end offsets (the one the load is writing to
 * hardest right now), with its leader in the second sample; undefined when nothing was written or no leader is known.
 */
export function busiestPartition(before: PartitionState[], after: PartitionState[]): (PartitionState & { written: number }) | undefined {
  const start = new Map(before.map((p) => [`${p.topic}/${p.partition}`, p.offset]));
  let best: (PartitionState & { written: number }) | undefined;
  for (const p of after) {
    const written = p.offset - (start.get(`${p.topic}/${p.partition}`) ?? p.offset);
    if (p.leader < 0 || written <= 0) continue;
    if (!best || written > best.written) best = { ...p, written };
  }
  return best;
}

/** `topic/partition` of every partition with fewer in-sync replicas than replicas (or no leader). */
export function underReplicated(partitions: Array<Pick<PartitionState, 'topic' | 'partition' | 'leader' | 'replicas' | 'isr'>>): string[] {
  return partitions.filter((p) => p.leader < 0 || p.isr.length < p.replicas.length).map((p) => `${p.topic}/${p.partition}`);
}

/** The backend's writer role from its GET /health body (`details.writer`), when it has one (the writer lease). */
export function writerOf(health: unknown): { mode: string; writer: unknown } | undefined {
  const writer = (health as { details?: { writer?: { mode?: unknown; writer?: unknown } } } | undefined)?.details?.writer;
  if (!writer || typeof writer !== 'object' || typeof writer.mode !== 'string') return undefined;
  return { mode: writer.mode, writer: writer.writer };
}

/**
 * True when a request certainly was not applied by the instance asked, so the load may send it to another backend:
 * a 503 NOT_WRITER (a standby), or a connection refused (nothing listens: a dead instance).
 */
export function tryAnotherBackend(answer: { status: number; body?: unknown; errorCode?: string }): boolean {
  if (answer.status === 0) return answer.errorCode === 'ECONNREFUSED';
  return answer.status === 503 && (answer.body as { code?: unknown } | undefined)?.code === 'NOT_WRITER';
}

/** Seconds from `since` until `backend` first acknowledged a mutation (the takeover), or null if it has not. */
export function takeoverSeconds(mutations: Mutation[], since: number, backend: string): number | null {
  let first: number | undefined;
  for (const m of mutations) {
    if (m.backend !== backend || !acknowledged(m) || m.answeredAt === undefined || m.answeredAt < since) continue;
    if (first === undefined || m.answeredAt < first) first = m.answeredAt;
  }
  return first === undefined ? null : (first - since) / 1000;
}

/** The backend that acknowledged the newest answered mutation: the writer the load found last. */
export function lastWriter(mutations: Mutation[]): string | undefined {
  let newest: Mutation | undefined;
  for (const m of mutations) if (acknowledged(m) && m.backend && (!newest || m.answeredAt! > newest.answeredAt!)) newest = m;
  return newest?.backend;
}
