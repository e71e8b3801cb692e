import { logLevel, Partitioners } from 'kafkajs';
import { AUTO_COMMIT_INTERVAL_MS, KafkaConfig, KafkaConfigError } from './kafka.config';

describe('KafkaConfig.fromEnv', () => {
  it('defaults to localhost:9092, the given client id and earliest', () => {
    const config = KafkaConfig.fromEnv('backend-service', {});
    expect(config.bootstrapServers).toEqual(['localhost:9092']);
    expect(config.clientId).toBe('backend-service');
    expect(config.autoOffsetReset).toBe('earliest');
  });

  it('falls back to "service" as client id', () => {
    expect(KafkaConfig.fromEnv(undefined, {}).clientId).toBe('service');
  });

  it('reads KAFKA_BOOTSTRAP_SERVERS, KAFKA_CLIENT_ID and KAFKA_AUTO_OFFSET_RESET', () => {
    const config = KafkaConfig.fromEnv('x', {
      KAFKA_BOOTSTRAP_SERVERS: 'kafka:9092',
      KAFKA_CLIENT_ID: 'mysql-service',
      KAFKA_AUTO_OFFSET_RESET: 'LATEST',
    });
    expect(config).toEqual(new KafkaConfig(['kafka:9092'], 'mysql-service', 'latest'));
  });

  it('splits comma-separated brokers and trims blanks', () => {
    expect(KafkaConfig.fromEnv('x', { KAFKA_BOOTSTRAP_SERVERS: ' a:9092, b.example:19092 ,,c-1:1' }).bootstrapServers).toEqual([
      'a:9092',
      'b.example:19092',
      'c-1:1',
    ]);
  });

  it.each(['', ' , ', 'kafka', 'kafka:', 'http://kafka:9092'])('names KAFKA_BOOTSTRAP_SERVERS when it is %p', (value) => {
    expect(() => KafkaConfig.fromEnv('x', { KAFKA_BOOTSTRAP_SERVERS: value })).toThrow(/^KAFKA_BOOTSTRAP_SERVERS: /);
  });

  it('throws a KafkaConfigError that carries the variable name', () => {
    try {
      KafkaConfig.fromEnv('x', { KAFKA_AUTO_OFFSET_RESET: 'beginning' });
      throw new Error('expected a KafkaConfigError');
    } catch (err) {
      expect(err).toBeInstanceOf(KafkaConfigError);
      expect((err as KafkaConfigError).variable).toBe('KAFKA_AUTO_OFFSET_RESET');
      expect((err as Error).message).toBe('KAFKA_AUTO_OFFSET_RESET: "beginning" is not one of earliest, latest');
    }
  });

  it('names KAFKA_CLIENT_ID when it is blank', () => {
    expect(() => KafkaConfig.fromEnv('x', { KAFKA_CLIENT_ID: '  ' })).toThrow(/^KAFKA_CLIENT_ID: must not be empty/);
  });
});

describe('KafkaConfig.toProducerConfig', () => {
  const config = new KafkaConfig(['a:1', 'b:2'], 'backend-service');

  it('carries bootstrap.servers and client.id as kafkajs client options', () => {
    const { client } = config.toProducerConfig();
    expect(client).toMatchObject({
      clientId: 'backend-service',
      brokers: ['a:1', 'b:2'],
      logLevel: logLevel.INFO,
      logCreator: expect.any(Function),
    });
  });

  it('asks for an idempotent producer with one request in flight and the Java-compatible partitioner', () => {
    expect(config.toProducerConfig().producer).toEqual({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: true,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
  });

  it('gives a copy of the broker list, not the config itself', () => {
    const { client } = config.toProducerConfig();
    (client.brokers as string[]).push('c:3');
    expect(config.bootstrapServers).toEqual(['a:1', 'b:2']);
  });
});

describe('KafkaConfig.toConsumerConfig', () => {
  it("gives group id, auto commit every 5 s and fromBeginning for earliest, with the brief's settings by name", () => {
    const options = new KafkaConfig(['a:1', 'b:2'], 'mysql-service', 'earliest').toConsumerConfig('mysql-analytics-service');
    expect(options.client).toMatchObject({ clientId: 'mysql-service', brokers: ['a:1', 'b:2'] });
    expect(options.consumer).toEqual({ groupId: 'mysql-analytics-service', allowAutoTopicCreation: true });
    expect(options.run).toEqual({ autoCommit: true, autoCommitInterval: 5000 });
    expect(options.subscribe).toEqual({ fromBeginning: true });
    expect(options.settings).toEqual({
      'bootstrap.servers': 'a:1,b:2',
      'group.id': 'mysql-analytics-service',
      'client.id': 'mysql-service',
      'auto.offset.reset': 'earliest',
      'enable.auto.commit': true,
      'auto.commit.interval.ms': AUTO_COMMIT_INTERVAL_MS,
    });
    expect(AUTO_COMMIT_INTERVAL_MS).toBe(5000);
  });

  it('reads from the end for latest', () => {
    const options = new KafkaConfig(['a:1'], 'c', 'latest').toConsumerConfig('g');
    expect(options.subscribe).toEqual({ fromBeginning: false });
    expect(options.settings['auto.offset.reset']).toBe('latest');
  });

  it('names KAFKA_GROUP_ID when the group id is blank', () => {
    expect(() => new KafkaConfig(['a:1'], 'c').toConsumerConfig(' ')).toThrow(/^KAFKA_GROUP_ID: must not be empty/);
  });
});
