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
