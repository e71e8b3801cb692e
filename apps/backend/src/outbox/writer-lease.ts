import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { Connection } from 'mongoose';
import { notWriter } from '../common/errors/api-error';
import { Lease } from '../common/lease/lease';
import { LeaseDoc } from '../common/lease/lease-step';
import { isFerretDb } from '../common/mongo/by-id';
import { BackendConfig } from '../config/backend.config';

/** `lease`: FerretDB, one instance writes; `cas`: MongoDB, every instance writes (compare-and-set); `single`: WRITER_MODE=single. */
export type WriterMode = 'lease' | 'cas' | 'single';

/** What /health reports (readiness details.writer). */
export interface WriterStatus {
  mode: WriterMode;
  writer: boolean;
  /** This instance's lease owner id, the current holder's, its term and its wall-clock expiry (lease mode only). */
  me?: string;
  owner?: string | null;
  term?: number | null;
  expires_at?: string | null;
}

/** How soon a standby looks at the writer lease again at most (a read of one small document). */
const STANDBY_POLL_MS = 250;

/**
 * Who may write. FerretDB applies concurrent updates of one document from two connections without isolation (one is
 * lost), so with several backend instances on it exactly one writes: the holder of the `writer` lease (in
 * `outbox_leases`, see Lease), renewed every WRITER_RENEW_MS; it stops writing once its last successful renewal is
 * WRITER_LEASE_MS - WRITER_RENEW_MS old (a paused process included), before anyone else may take it. The others
 * answer reads, refuse writes with 503 NOT_WRITER (WriterGuard, and the write seam itself) and take over when the
 * lease runs out; a takeover runs the outbox relay's scan at once, which sends what the dead writer left.
 * On MongoDB every instance writes: the seam's compare-and-set keeps them correct. Decided once at start.
 */
@Injectable()
export class WriterLease implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WriterLease.name);
  private mode: WriterMode = 'single';
  private lease?: Lease;
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private readonly takeoverListeners: Array<() => void> = [];

  constructor(
    @InjectConnection() private readonly connection: Connection,
    private readonly config: BackendConfig,
  ) {}

  /** Decides the mode; in lease mode makes a first attempt before the app listens (a lone instance writes at once). */
  async onApplicationBootstrap(): Promise<void> {
    const { mode, leaseMs, renewMs } = this.config.writer;
    this.mode = mode === 'single' ? 'single' : (await isFerretDb(this.connection)) ? 'lease' : 'cas';
    if (this.mode !== 'lease') return;
    this.lease = new Lease(this.connection.collection<LeaseDoc>('outbox_leases'), {
      name: 'writer',
      leaseMs,
      marginMs: renewMs,
      pollMs: renewMs,
    });
    await this.step();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    try {
      await this.lease?.release();
    } catch {
      // MongoDB already gone: the lease runs out by itself after WRITER_LEASE_MS.
    }
  }

  /** Calls `listener` each time this instance takes the lease over (not on renewals). */
  onTakeover(listener: () => void): void {
    this.takeoverListeners.push(listener);
  }

  get currentMode(): WriterMode {
    return this.mode;
  }

  /** True when this instance may write now (always outside lease mode). */
  mayWrite(): boolean {
    return this.mode !== 'lease' || (!!this.lease && this.lease.held());
  }

  /** Throws 503 NOT_WRITER unless this instance may write now. */
  assertWriter(): void {
    if (!this.mayWrite()) throw notWriter(Math.ceil(this.config.writer.leaseMs / 1000), this.lease?.current()?.owner ?? null);
  }

  status(): WriterStatus {
    if (this.mode !== 'lease') return { mode: this.mode, writer: true };
    const current = this.lease?.current();
    return {
      mode: this.mode,
      writer: this.mayWrite(),
      me: this.lease?.owner,
      owner: current?.owner ?? null,
      term: current?.term ?? null,
      expires_at: current?.expires_at ? new Date(current.expires_at).toISOString() : null,
    };
  }

  private async step(): Promise<void> {
    const lease = this.lease!;
    const { renewMs } = this.config.writer;
    const wasWriter = lease.held();
    let next = Math.min(renewMs, STANDBY_POLL_MS);
    try {
      const attempt = await lease.acquire();
      if (attempt.took) {
        this.logger.log(`this instance is the writer now (term ${lease.current()?.term}: ${attempt.why})`);
        for (const listener of this.takeoverListeners) listener();
      } else if (wasWriter && !attempt.held) {
        this.logger.warn(`this instance is no longer the writer: ${attempt.why ?? 'another instance holds the lease'}`);
      }
      next = attempt.held ? renewMs : Math.min(attempt.retryInMs, STANDBY_POLL_MS);
    } catch (err) {
      this.logger.warn(`writer lease: ${(err as Error).message}`);
    }
    if (!this.stopped) this.timer = setTimeout(() => void this.step(), next);
  }
}
