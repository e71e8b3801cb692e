import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { BackendConfig } from '../config/backend.config';

/**
 * SIGTERM (docker stop, a rolling update): readiness answers 503 at once while the app goes on serving for
 * SHUTDOWN_DRAIN_MS, so the load balancer stops sending requests before the server closes; then Nest closes the HTTP
 * server (requests in flight finish), the outbox and Kafka. Nest calls this hook before any other beforeApplicationShutdown
 * of the backend (HealthModule is nearer the root than the global OutboxModule). SIGINT (Ctrl-C) closes at once.
 */
@Injectable()
export class ShutdownDrain implements BeforeApplicationShutdown {
  private readonly log = new Logger(ShutdownDrain.name);
  private since?: number;

  constructor(private readonly config: BackendConfig) {}

  /** Set while draining: the signal and how long ago it came. */
  get draining(): { signal: string; elapsedMs: number } | undefined {
    return this.since === undefined ? undefined : { signal: 'SIGTERM', elapsedMs: Date.now() - this.since };
  }

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    if (signal !== 'SIGTERM') return;
    this.since = Date.now();
    const ms = this.config.shutdownDrainMs;
    this.log.log(`SIGTERM: not ready; still serving for ${ms} ms, then closing`);
    await new Promise((resolve) => setTimeout(resolve, ms));
  }
}
