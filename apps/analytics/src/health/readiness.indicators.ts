import { KafkaReachability, withTimeout } from '@app/kafka';
import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ConsumerMonitor } from './consumer-monitor';

const CHECK_TIMEOUT_MS = 3000;

/** The three things analytics needs to do its job: MySQL, Kafka, and a consumer that is in its group and moving; and whether it can still recover. */
@Injectable()
export class ReadinessIndicators {
  constructor(
    private readonly indicators: HealthIndicatorService,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cluster: KafkaReachability,
    private readonly monitor: ConsumerMonitor,
  ) {}

  async mysql(): Promise<HealthIndicatorResult> {
    const check = this.indicators.check('mysql');
    try {
      await withTimeout(this.dataSource.query('SELECT 1'), CHECK_TIMEOUT_MS);
      return check.up();
    } catch (err) {
      return check.down({ message: (err as Error).message });
    }
  }

  async kafka(): Promise<HealthIndicatorResult> {
    const check = this.indicators.check('kafka');
    try {
      await this.cluster.check(CHECK_TIMEOUT_MS);
      return check.up();
    } catch (err) {
      return check.down({ message: (err as Error).message });
    }
  }

  /** Liveness: down only when the consumer crashed for good (kafkajs will not restart it); main.ts then exits 1. */
  alive(): HealthIndicatorResult {
    const check = this.indicators.check('consumer');
    const { state, lastError } = this.monitor;
    return state === 'failed' ? check.down({ state, message: lastError }) : check.up({ state });
  }

  /** Down when the consumer is not in its group (starting, crashed, stopped) or a partition with lag has stalled. */
  async consumer(): Promise<HealthIndicatorResult> {
    const check = this.indicators.check('consumer');
    const { state, lastError, stallTimeoutMs } = this.monitor;
    if (state !== 'member') return check.down({ state, ...(lastError ? { message: lastError } : {}) });
    try {
      const partitions = await this.monitor.partitions();
      const lag = partitions.reduce((sum, p) => sum + p.lag, 0);
      const stalled = partitions.filter((p) => p.lag > 0 && p.stuckMs >= stallTimeoutMs);
      if (stalled.length === 0) return check.up({ state, lag });
      return check.down({
        state,
        lag,
        message: `no progress for ${Math.round(stallTimeoutMs / 1000)} s on a partition with lag`,
        stalled: stalled.map(({ topic, partition, committed, lag: behind, stuckMs }) => ({
          topic,
          partition,
          committed,
          lag: behind,
          stuck_ms: stuckMs,
        })),
      });
    } catch (err) {
      return check.down({ state, message: `lag unknown: ${(err as Error).message}` });
    }
  }
}
