import { randomUUID } from 'node:crypto';
import { KafkaConfig } from '@app/kafka';
import { ConfigResourceTypes, Kafka, logLevel } from 'kafkajs';
import { kafkaJava, STACK_TOPICS } from '../../scripts/stack/kafka.service';
import { appEnv, resolveProfile } from '../../scripts/stack/profile';
import { run } from '../../scripts/stack/proc';
import { down, status } from '../../scripts/stack/stack';
import { eventually } from '../support/eventually';
import { stackCli } from '../support/stack-cli';

/** The leader and voter ids of `kafka-metadata-quorum describe --status` (the broker's DescribeQuorum answer). */
function quorumOf(output: string): { leader: number; voters: number[] } {
  const line = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'm').exec(output)?.[1] ?? '';
  // CurrentVoters: [{"id": 1, "endpoints": ["CONTROLLER://127.0.0.1:21145"]}, {"id": 2, ...}, ...]
  const voters = [...line('CurrentVoters').matchAll(/"id":\s*(\d+)/g)].map((m) => Number(m[1]));
  return { leader: Number(line('LeaderId')), voters: voters.sort((a, b) => a - b) };
}

// The cluster profile on this session's test ports + 50: its own three brokers, FerretDB and MariaDB.
describe('npm run stack -- up --profile cluster', () => {
  const cluster = resolveProfile('cluster');
  const env = appEnv(cluster);
  const brokers = env.KAFKA_BOOTSTRAP_SERVERS!.split(',');
  const kafka = new Kafka({ clientId: 'e2e-cluster', brokers, logLevel: logLevel.NOTHING });

  beforeAll(async () => {
    const result = await stackCli(['up', '--profile', 'cluster']);
    if (result.code !== 0) throw new Error(`stack up --profile cluster failed:\n${result.output}`);
  }, 300_000);
  afterAll(() => down(cluster, () => undefined), 120_000);

  it('comes up with 3 brokers, a 3-voter quorum, __consumer_offsets and the topics at RF 3 (6 partitions)', async () => {
    expect((await status(cluster)).map((s) => [s.name, s.state])).toEqual([
      ['kafka-1', 'ready'],
      ['kafka-2', 'ready'],
      ['kafka-3', 'ready'],
      ['ferretdb', 'ready'],
      ['mariadb', 'ready'],
    ]);
    const admin = kafka.admin();
    await admin.connect();
    try {
      const described = await admin.describeCluster();
      expect(described.brokers.map((b) => b.nodeId).sort()).toEqual([1, 2, 3]);

      const tool = kafkaJava(cluster, 'org.apache.kafka.tools.MetadataQuorumCommand', [
        '--bootstrap-server',
        brokers.join(','),
        'describe',
        '--status',
      ]);
      const quorum = quorumOf(run(tool.command, tool.args));
      expect(quorum.voters).toEqual([1, 2, 3]);
      expect([1, 2, 3]).toContain(quorum.leader);

      const [config] = (
        await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.BROKER, name: '1' }] })
      ).resources;
      const value = (name: string) => config!.configEntries.find((e) => e.configName === name)?.configValue;
      expect({
        'default.replication.factor': value('default.replication.factor'),
        'min.insync.replicas': value('min.insync.replicas'),
        'unclean.leader.election.enable': value('unclean.leader.election.enable'),
        'offsets.topic.replication.factor': value('offsets.topic.replication.factor'),
        'transaction.state.log.replication.factor': value('transaction.state.log.replication.factor'),
      }).toEqual({
        'default.replication.factor': '3',
        'min.insync.replicas': '2',
        'unclean.leader.election.enable': 'false',
        'offsets.topic.replication.factor': '3',
        'transaction.state.log.replication.factor': '3',
      });

      // Created by the stack while all three were up (left to the first consumer, a broker lost by then leaves it
      // without its 3 replicas and no group can join).
      const [offsets] = (await admin.fetchTopicMetadata({ topics: ['__consumer_offsets'] })).topics;
      expect(offsets!.partitions.map((p) => p.replicas.length)).toEqual([3]);

      const { topics } = await admin.fetchTopicMetadata({ topics: STACK_TOPICS });
      for (const topic of topics) {
        expect({ topic: topic.name, partitions: topic.partitions.length }).toEqual({ topic: topic.name, partitions: 6 });
        for (const p of topic.partitions) expect([p.replicas.length, p.isr.length]).toEqual([3, 3]);
      }
    } finally {
      await admin.disconnect();
    }
  }, 120_000);

  it('keeps a message acknowledged with acks=all through kill -9 of its partition leader, read back from the new leader', async () => {
    // The backend's own producer settings (idempotent; kafkajs sends with acks=-1, all in-sync replicas).
    const options = KafkaConfig.fromEnv('e2e-cluster', env).toProducerConfig();
    const producer = new Kafka({ ...options.client, logLevel: logLevel.NOTHING }).producer(options.producer);
    await producer.connect();
    const key = randomUUID();
    const value = JSON.stringify({ survives: key });
    const [sent] = await producer.send({ topic: 'user', acks: -1, messages: [{ key, value }] });
    const partition = sent!.partition;

    const admin = kafka.admin();
    await admin.connect();
    const leaderOf = async () =>
      (await admin.fetchTopicMetadata({ topics: ['user'] })).topics[0]!.partitions.find((p) => p.partitionId === partition)!;
    const before = await leaderOf();
    const victim = (await status(cluster)).find((s) => s.name === `kafka-${before.leader}`)!;
    process.kill(victim.pid!, 'SIGKILL');

    // A new leader from the in-sync replicas (unclean election is off), and writes still acknowledged by 2 of 3.
    const after = await eventually(
      async () => {
        const p = await leaderOf();
        if (p.leader === before.leader || p.leader < 0) throw new Error(`partition ${partition} still led by ${p.leader}`);
        return p;
      },
      { timeoutMs: 60_000, intervalMs: 500, what: 'a new leader' },
    );
    expect(before.isr).toContain(after.leader);
    await producer.send({ topic: 'user', acks: -1, messages: [{ key: `${key}-after`, value: 'with one broker down', partition }] });
    await admin.disconnect();

    const consumer = kafka.consumer({ groupId: `e2e-cluster-${key}` });
    const read: { key: string; value: string; offset: string }[] = [];
    await consumer.connect();
    await consumer.subscribe({ topics: ['user'], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition: p, message }) => {
        if (p === partition) read.push({ key: String(message.key), value: String(message.value), offset: message.offset });
      },
    });
    try {
      await eventually(() => (read.some((m) => m.key === `${key}-after`) ? true : undefined), {
        timeoutMs: 90_000,
        intervalMs: 250,
        what: `both messages of partition ${partition}`,
      });
      expect(read.find((m) => m.key === key)).toEqual({ key, value, offset: sent!.baseOffset });
    } finally {
      await consumer.disconnect();
      await producer.disconnect();
    }
  }, 240_000);
});
