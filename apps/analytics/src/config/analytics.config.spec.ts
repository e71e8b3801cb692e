import { loadAnalyticsConfig } from './analytics.config';

describe('loadAnalyticsConfig', () => {
  it('uses the contract defaults', () => {
    const config = loadAnalyticsConfig({
      PORT: '',
      KAFKA_GROUP_ID: undefined,
      MYSQL_HOST: undefined,
      MYSQL_PORT: undefined,
      MYSQL_USER: undefined,
      MYSQL_PASSWORD: undefined,
      MYSQL_DATABASE: undefined,
    });
    expect(config.port).toBe(3001);
    expect(config.groupId).toBe('mysql-analytics-service');
    expect(config.mysql).toEqual({ host: 'localhost', port: 3306, user: 'root', password: '', database: 'analytics' });
    expect([config.batchSize, config.concurrency]).toEqual([500, 3]);
    expect(config.processedEvents).toEqual({ retentionDays: 7, pruneIntervalMs: 3_600_000 });
  });

  it('takes a processed_events retention in days, or off', () => {
    const retention = (value: string) => loadAnalyticsConfig({ PROCESSED_EVENTS_RETENTION_DAYS: value }).processedEvents.retentionDays;
    expect([retention('30'), retention(' 1 '), retention('off'), retention('OFF'), retention('')]).toEqual([30, 1, null, null, 7]);
    for (const wrong of ['0', '-1', '1.5', '7d', '1e2', '3651', 'never']) {
      expect(() => retention(wrong)).toThrow(
        `PROCESSED_EVENTS_RETENTION_DAYS: "${wrong}" is not a whole number of days from 1 to 3650, or off`,
      );
    }
    expect(() => loadAnalyticsConfig({ PROCESSED_EVENTS_PRUNE_INTERVAL_MS: '0' })).toThrow(/^PROCESSED_EVENTS_PRUNE_INTERVAL_MS: /);
  });

  it('names the variable that is wrong', () => {
    expect(() => loadAnalyticsConfig({ MYSQL_PORT: 'abc' })).toThrow('MYSQL_PORT: "abc" is not a TCP port');
    expect(() => loadAnalyticsConfig({ KAFKA_GROUP_ID: ' ' })).toThrow('KAFKA_GROUP_ID: must not be empty');
    expect(() => loadAnalyticsConfig({ MYSQL_DATABASE: 'a-b' })).toThrow(/^MYSQL_DATABASE: /);
    expect(() => loadAnalyticsConfig({ KAFKA_BOOTSTRAP_SERVERS: 'nohost' })).toThrow(/^KAFKA_BOOTSTRAP_SERVERS: /);
    expect(() => loadAnalyticsConfig({ CONSUMER_BATCH_SIZE: '0' })).toThrow(
      'CONSUMER_BATCH_SIZE: "0" is not a whole number from 1 to 10000',
    );
    expect(() => loadAnalyticsConfig({ CONSUMER_CONCURRENCY: '2.5' })).toThrow(/^CONSUMER_CONCURRENCY: /);
  });
});
