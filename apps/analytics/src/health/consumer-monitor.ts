import { KafkaReachability, withTimeout } from '@app/kafka';
import type { Consumer } from 'kafkajs';
import type { ConsumerObserver } from '../transport/consumer-observer';

/**
 * `crashed`: kafkajs restarts the consumer by itself (a retriable error). `failed`: it will not (a non-retriable
 * error, such as a group whose members speak another protocol): nothing in this process consumes any more, so
 * liveness fails and main.ts exits non-zero for its supervisor to start a new one.
 */
export type GroupState = 'starting' | 'member' | 'crashed' | 'failed' | 'stopped';

export interface PartitionLag {
  topic: string;
  partition: number;
  /** The group's committed offset (-1: none yet, the consumer starts from the beginning). */
  committed: number;
  end: number;
  lag: number;
  /** ms the committed offset has not moved while there was lag (0 without lag). */
  stuckMs: number;
}

interface Progress {
  committed: number;
  since: number;
}

/**
 * What readiness needs to know about the consumer: its group state (kafkajs instrumentation events) and,
 * per partition, the lag and how long the committed offset has stood still while there was lag (a stall:
 * one message retried forever, a consumer that lost its partitions without leaving). Lag is read with the
 * shared admin client and cached briefly, so probes and scrapes stay cheap.
 */
export class ConsumerMonitor implements ConsumerObserver {
  state: GroupState = 'starting';
  lastError?: string;
  private readonly progress = new Map<string, Progress>();
  private cached?: { at: number; lag: Promise<PartitionLag[]> };
  private readonly failedListeners: ((error: string) => void)[] = [];

  constructor(
    private readonly kafka: KafkaReachability,
    private readonly groupId: string,
    private readonly topics: string[],
    readonly stallTimeoutMs: number,
    private readonly cacheMs = 1000,
  ) {}

  attached(consumer: Consumer): void {
    const { GROUP_JOIN, CRASH, STOP } = consumer.events;
    consumer.on(GROUP_JOIN, () => {
      this.state = 'member';
      this.lastError = undefined;
    });
    consumer.on(CRASH, (event) => {
      this.lastError = event.payload.error?.message ?? String(event.payload.error);
      this.state = event.payload.restart === false ? 'failed' : 'crashed';
      if (this.state === 'failed') for (const listener of this.failedListeners) listener(this.lastError);
    });
    consumer.on(STOP, () => {
      if (this.state !== 'failed') this.state = 'stopped';
    });
  }

  /**
   * Called once the consumer crashed for good (kafkajs will not restart it), with the error; at once when it already
   * has (a join refused while the app was starting: kafkajs reports it and `consumer.run()` still resolves).
   */
  onFailed(listener: (error: string) => void): void {
    if (this.state === 'failed') listener(this.lastError ?? 'consumer failed');
    else this.failedListeners.push(listener);
  }

  /** Lag per partition of the subscribed topics (cached for cacheMs). */
  partitions(now = Date.now()): Promise<PartitionLag[]> {
    if (!this.cached || now - this.cached.at >= this.cacheMs) {
      const lag = withTimeout(this.readLag(now), 3000);
      lag.catch(() => (this.cached = undefined));
      this.cached = { at: now, lag };
    }
    return this.cached.lag;
  }

  private async readLag(now: number): Promise<PartitionLag[]> {
    const admin = await this.kafka.connect();
    const [committed, ends] = await Promise.all([
      admin.fetchOffsets({ groupId: this.groupId, topics: this.topics }),
      Promise.all(this.topics.map(async (topic) => ({ topic, partitions: await admin.fetchTopicOffsets(topic) }))),
    ]);
    return ends.flatMap(({ topic, partitions }) =>
      partitions.map(({ partition, high }) => {
        const mine = committed.find((c) => c.topic === topic)?.partitions.find((p) => p.partition === partition);
        const offset = Number(mine?.offset ?? -1);
        const end = Number(high);
        const lag = offset < 0 ? end : Math.max(0, end - offset);
        return { topic, partition, committed: offset, end, lag, stuckMs: this.track(`${topic}:${partition}`, offset, lag, now) };
      }),
    );
  }

  /** How long `committed` has stood still with lag; moving offsets or no lag reset the clock. */
  private track(key: string, committed: number, lag: number, now: number): number {
    const seen = this.progress.get(key);
    if (!seen || seen.committed !== committed || lag === 0) {
      this.progress.set(key, { committed, since: now });
      return 0;
    }
    return now - seen.since;
  }
}
