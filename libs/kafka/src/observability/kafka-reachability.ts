import { Admin, Kafka } from 'kafkajs';
import { KafkaConfig } from '../kafka.config';

/** Is the cluster answering? One admin client, connected on first use and reused by every probe. */
export class KafkaReachability {
  private admin?: Admin;
  private connecting?: Promise<Admin>;

  constructor(private readonly config: KafkaConfig) {}

  /** Resolves when the cluster answers describeCluster within `timeoutMs`; rejects with the reason otherwise. */
  async check(timeoutMs = 3000): Promise<void> {
    try {
      await withTimeout(
        this.connect().then((admin) => admin.describeCluster()),
        timeoutMs,
      );
    } catch (err) {
      await this.close(); // reconnect next time: a failed connection is not reused
      throw err;
    }
  }

  /** The shared admin client (lag readers use it too). */
  connect(): Promise<Admin> {
    this.connecting ??= (async () => {
      const admin = new Kafka({ ...this.config.toClientConfig(), retry: { retries: 0 } }).admin();
      await admin.connect();
      this.admin = admin;
      return admin;
    })().catch((err: unknown) => {
      this.connecting = undefined;
      throw err;
    });
    return this.connecting;
  }

  /** Nest calls this on shutdown when the probe is a provider. */
  onApplicationShutdown(): Promise<void> {
    return this.close();
  }

  async close(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    this.connecting = undefined;
    // With the broker gone, disconnect can wait on requests that never answer: a probe must not hang on it.
    await withTimeout(admin?.disconnect() ?? Promise.resolve(), 1000).catch(() => undefined);
  }
}

export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
