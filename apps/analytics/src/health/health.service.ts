import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Kafka, logLevel } from 'kafkajs';
import { DataSource } from 'typeorm';
import { ANALYTICS_CONFIG, AnalyticsConfig } from '../config/analytics.config';

export type Dependency = 'up' | 'down';

export interface HealthReport {
  status: 'ok' | 'error';
  mysql: Dependency;
  kafka: Dependency;
}

const CHECK_TIMEOUT_MS = 3000;

@Injectable()
export class HealthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(ANALYTICS_CONFIG) private readonly config: AnalyticsConfig,
  ) {}

  async check(): Promise<HealthReport> {
    const [mysql, kafka] = await Promise.all([this.probe(() => this.mysql()), this.probe(() => this.kafka())]);
    return { status: mysql === 'up' && kafka === 'up' ? 'ok' : 'error', mysql, kafka };
  }

  private async mysql(): Promise<void> {
    await this.dataSource.query('SELECT 1');
  }

  /** A short-lived admin without retries, so a broker that is down answers within the timeout. */
  private async kafka(): Promise<void> {
    const client = this.config.kafka.toClientConfig();
    const admin = new Kafka({ ...client, retry: { retries: 0 }, logLevel: logLevel.NOTHING }).admin();
    try {
      await admin.connect();
      await admin.describeCluster();
    } finally {
      await admin.disconnect();
    }
  }

  private async probe(check: () => Promise<void>): Promise<Dependency> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('timed out')), CHECK_TIMEOUT_MS);
    });
    try {
      await Promise.race([check(), timeout]);
      return 'up';
    } catch {
      return 'down';
    } finally {
      clearTimeout(timer);
    }
  }
}
