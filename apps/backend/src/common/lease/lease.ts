import { randomUUID } from 'node:crypto';
import { readFileSync, readlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Collection } from 'mongoose';
import { LeaseDoc, leaseStep, Seen } from './lease-step';

export interface LeaseOptions {
  /** Which lease: several live in one collection (`outbox-relay`, `writer`). */
  name: string;
  /** How long a term lasts without renewal. */
  leaseMs: number;
  /** The holder stops acting this long before its lease could be taken (0: it only needs to have taken it). */
  marginMs: number;
  /** How soon a waiting instance looks again at most. */
  pollMs: number;
}

export interface Attempt {
  held: boolean;
  /** This attempt took a new term (not a renewal): the previous holder may have left work behind. */
  took: boolean;
  /** When to try again at the latest (a waiting instance: when the current term can run out). */
  retryInMs: number;
  why?: string;
}

/**
 * A lease held by one instance at a time, in a collection shared by the instances: each term is a document inserted
 * once (`<name>#<term>`), so of two instances taking the same term the unique `_id` lets exactly one win, even on
 * FerretDB, whose updates of one document are not isolated across connections. Only the holder updates its term
 * (renewals); when to take the next term is decided by `leaseStep`. `held()` is the holder's local view: true until
 * its last successful renewal's start + leaseMs - marginMs, by the monotonic clock.
 */
export class Lease {
  readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private heldUntil = 0;
  private seen?: Seen;
  private last: LeaseDoc | null = null;

  constructor(
    private readonly collection: Collection<LeaseDoc>,
    private readonly options: LeaseOptions,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  held(): boolean {
    return this.heldUntil > this.clock();
  }

  /** The current term as last read (or written) by this instance. */
  current(): LeaseDoc | null {
    return this.last;
  }

  /** Renews the lease when this instance holds it, else takes it when that is safe (see leaseStep). */
  async acquire(): Promise<Attempt> {
    const { name, leaseMs, marginMs, pollMs } = this.options;
    const start = this.clock();
    const current = await this.collection.find({ name }).sort({ term: -1 }).limit(1).next();
    this.last = current;
    const ownerDead = !!current && current.owner !== this.owner && isDeadHere(current);
    const step = leaseStep({ me: this.owner, current, heldUntil: this.heldUntil, seen: this.seen, now: start, leaseMs, pollMs, ownerDead });
    if (step.step === 'wait') {
      this.seen = step.seen;
      this.heldUntil = 0;
      return { held: false, took: false, retryInMs: step.retryInMs };
    }
    const expires_at = new Date(Date.now() + leaseMs);
    if (step.step === 'renew') {
      const renewed = await this.collection.updateOne(
        { _id: current!._id, owner: this.owner },
        { $inc: { renewals: 1 }, $set: { expires_at } },
      );
      // A renewal that lands after this instance's own deadline does not count: another may have taken over meanwhile.
      if (renewed.matchedCount === 1 && this.clock() < this.heldUntil) {
        this.heldUntil = start + leaseMs - marginMs;
        this.last = { ...current!, renewals: current!.renewals + 1, expires_at };
        return { held: true, took: false, retryInMs: pollMs };
      }
      this.heldUntil = 0;
      return { held: false, took: false, retryInMs: 0, why: 'the renewal came too late or the term is gone' };
    }
    const doc: LeaseDoc = { _id: `${name}#${step.term}`, name, term: step.term, owner: this.owner, ...HERE, renewals: 0, expires_at };
    try {
      await this.collection.insertOne(doc);
    } catch (err) {
      if ((err as { code?: number }).code !== 11000) throw err;
      this.heldUntil = 0;
      return { held: false, took: false, retryInMs: pollMs, why: `another instance took term ${step.term} first` };
    }
    this.heldUntil = start + leaseMs - marginMs;
    this.last = doc;
    this.seen = undefined;
    await this.collection.deleteMany({ name, term: { $lt: step.term } }).catch(() => undefined); // old terms: tidiness only
    return { held: true, took: true, retryInMs: pollMs, why: step.why };
  }

  /** Stops acting as the holder and marks the term released, so the next instance takes over at once. */
  async release(): Promise<void> {
    if (!this.last || this.last.owner !== this.owner) return;
    this.heldUntil = 0;
    await this.collection.updateOne({ _id: this.last._id, owner: this.owner }, { $set: { released: true } });
  }
}

/** This machine's boot and pid namespace: pids are only comparable between processes with the same key. */
const HERE: Pick<LeaseDoc, 'host_key' | 'pid'> = { host_key: hostKey(), pid: process.pid };

function hostKey(): string | undefined {
  try {
    return `${readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim()}/${readlinkSync('/proc/self/ns/pid')}`;
  } catch {
    return undefined; // not Linux: a dead holder is only seen when its lease runs out
  }
}

/** True when the holder ran on this machine, in this pid namespace, in another process that no longer exists. */
function isDeadHere(doc: LeaseDoc): boolean {
  if (!HERE.host_key || doc.host_key !== HERE.host_key || !doc.pid || doc.pid === process.pid) return false;
  try {
    process.kill(doc.pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
