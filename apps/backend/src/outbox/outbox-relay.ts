import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { Connection } from 'mongoose';
import { Gauge, Registry } from 'prom-client';
import { Lease } from '../common/lease/lease';
import { LeaseDoc } from '../common/lease/lease-step';
import { BackendConfig } from '../config/backend.config';
import { AnyModel, OutboxEntry } from './outbox-entry';
import { OutboxPublisher } from './outbox-publisher';
import { WriterLease } from './writer-lease';

export interface OutboxBacklog {
  /** Documents with events not yet on Kafka (at the last relay pass). */
  documents: number;
  /** Age of the oldest pending event, in seconds (0 without backlog). */
  oldest_age_s: number;
}

/**
 * Publishes what requests could not (Kafka down or slow, a crash after the write), oldest event first per document:
 * - every OUTBOX_RELAY_INTERVAL_MS, the documents requests of this process left pending (kept in memory, read by
 *   `_id`: cheap). No lease is needed: a second sender of a document only duplicates an event, never reorders.
 * - at start and every OUTBOX_SCAN_INTERVAL_MS, every collection is scanned for documents with pending events
 *   (what a crashed or stopped instance left). FerretDB cannot use an index for that query, so a scan of 100k
 *   documents costs seconds: it runs rarely, and with several backend instances only one does it: the holder of
 *   the `outbox-relay` Lease, so a dead instance's lease simply runs out.
 * In lease mode (FerretDB, see WriterLease) only the writer relays (sending takes events off documents: a write),
 * and it scans at once when it takes the writer lease over, sending what the dead writer left.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly lease: Lease;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private last: OutboxBacklog = { documents: 0, oldest_age_s: 0 };
  private lastScan = 0;

  constructor(
    @InjectConnection() private readonly connection: Connection,
    private readonly publisher: OutboxPublisher,
    private readonly config: BackendConfig,
    registry: Registry,
    private readonly writer: WriterLease,
  ) {
    const { leaseMs } = config.outbox;
    this.lease = new Lease(connection.collection<LeaseDoc>('outbox_leases'), {
      name: 'outbox-relay',
      leaseMs,
      marginMs: 0,
      pollMs: leaseMs,
    });
    writer.onTakeover(() => void this.scanNow());
    const backlog = () => this.backlog();
    new Gauge({
      name: 'backend_outbox_pending_documents',
      help: 'Documents with events not yet on Kafka, at the last relay pass',
      registers: [registry],
      collect() {
        this.set(backlog().documents);
      },
    });
    new Gauge({
      name: 'backend_outbox_oldest_age_seconds',
      help: 'Age of the oldest event not yet on Kafka, at the last relay pass',
      registers: [registry],
      collect() {
        this.set(backlog().oldest_age_s);
      },
    });
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), this.config.outbox.relayIntervalMs);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
    try {
      await this.lease.release();
    } catch {
      // MongoDB already gone: the lease runs out by itself after OUTBOX_LEASE_MS.
    }
  }

  /** The last scan's backlog, or this process's own pending documents when there are more. */
  backlog(): OutboxBacklog {
    const here = this.publisher.pendingHere();
    if (here.length <= this.last.documents) return this.last;
    return { documents: here.length, oldest_age_s: Math.round((Date.now() - Math.min(...here.map((d) => d.since))) / 1000) };
  }

  /** One pass, unless the previous one is still going (Kafka slow). Resolves when the pass is over. */
  tick(): Promise<void> {
    this.running ??= this.pass()
      .catch((err: unknown) => this.logger.warn({ message: `outbox relay pass stopped: ${(err as Error).message}` }))
      .finally(() => (this.running = undefined));
    return this.running;
  }

  /** This instance's id in the relay's lease. */
  get owner(): string {
    return this.lease.owner;
  }

  /** Takes or renews the relay's lease; false when another live instance holds it. */
  async acquire(): Promise<boolean> {
    return (await this.lease.acquire()).held;
  }

  /** A pass with a scan, now (this instance just became the writer). */
  scanNow(): Promise<void> {
    this.lastScan = 0;
    return this.tick();
  }

  private async pass(): Promise<void> {
    if (!this.writer.mayWrite()) return; // a standby in lease mode: sending takes events off documents (a write)
    for (const doc of this.publisher.pendingHere()) {
      await this.publisher.deliver(doc.model, doc.id); // throws while Kafka is down: the document stays listed
      doc.done();
    }
    // A pending document that did not fit in this process's memory (OUTBOX_MEMORY_LIMIT) is found by scanning now.
    const due = this.publisher.takeOverflow() || Date.now() - this.lastScan >= (this.config.outbox.scanIntervalMs ?? 60_000);
    if (!due) return;
    // In lease mode the writer lease already makes this the one instance that scans.
    if (!(this.writer.currentMode === 'lease' || (await this.acquire()))) return;
    this.lastScan = Date.now();
    const graceMs = 2 * this.config.outbox.fastPathMs; // younger events may still be on their request's fast path
    const work: Array<{ model: AnyModel; id: string; first: number }> = [];
    for (const model of this.outboxModels()) {
      const pending = await model
        .find({ 'outbox.0': { $exists: true } }, { outbox: 1 })
        .limit(500)
        .lean<Array<{ _id: { toHexString(): string }; outbox: OutboxEntry[] }>>()
        .exec();
      for (const doc of pending) work.push({ model, id: doc._id.toHexString(), first: Date.parse(doc.outbox[0].timestamp) });
    }
    const oldest = Math.min(Date.now(), ...work.map((w) => w.first));
    this.last = { documents: work.length, oldest_age_s: Math.round((Date.now() - oldest) / 1000) };
    for (const { model, id, first } of work) {
      if (!this.writer.mayWrite()) return;
      if (Date.now() - first >= graceMs) await this.publisher.deliver(model, id);
    }
  }

  private outboxModels(): AnyModel[] {
    return Object.values(this.connection.models).filter((m) => m.schema.path('outbox')) as AnyModel[];
  }
}
