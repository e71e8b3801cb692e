import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Admin, Kafka, logLevel } from 'kafkajs';
import '../../libs/kafka/src/kafkajs/request-queue-fix';
import { dlqTopicOf, TOPICS } from '../../libs/kafka/src/topics';
import { KafkaNode, KafkaSaslUser, StackProfile } from './profile';
import { ensureJava, ensureMaven, findJava, JAVA_MINIMUM, javaEnv } from './java';
import { run, sleep } from './proc';
import { ServiceName, serviceDir, StackService } from './service';

export const KAFKA_VERSION = '4.1.1';
/** The five event topics and their dead letter topics, created up front. */
export const STACK_TOPICS = [...TOPICS, ...TOPICS.map(dlqTopicOf)];

const pomDir = (p: StackProfile) => join(p.repoDir, 'scripts', 'stack', 'kafka');
/** The broker's jars (and the admin tools'), named by a hash of the pom so a change of it resolves them again. */
export function kafkaLibsDir(p: StackProfile): string {
  const pom = createHash('sha256')
    .update(readFileSync(join(pomDir(p), 'pom.xml')))
    .digest('hex')
    .slice(0, 12);
  return join(p.cacheDir, `kafka-${KAFKA_VERSION}-${pom}`, 'libs');
}
/** The file that holds the cluster id every node of this profile is formatted with. */
const clusterIdFile = (p: StackProfile) => join(p.dataDir, 'kafka-cluster-id');

/**
 * The profile's KRaft cluster id, made once and shared by every node: 16 random bytes, base64url without padding.
 * Like Kafka's own Uuid.randomUuid, never one that starts with '-': kafka-storage would read it as an option
 * ("argument --cluster-id/-t: expected one argument"), one id in 64.
 */
export function clusterIdOf(p: StackProfile): string {
  const saved = existsSync(clusterIdFile(p)) ? readFileSync(clusterIdFile(p), 'utf8') : '';
  if (saved && !saved.startsWith('-')) return saved;
  let id: string;
  do id = randomBytes(16).toString('base64url');
  while (id.startsWith('-'));
  writeFileSync(clusterIdFile(p), id);
  return id;
}

export function serverProperties(p: StackProfile, node: KafkaNode, dir: string): string {
  const replicated = p.kafka.replicationFactor;
  const minIsr = Math.max(1, replicated - 1);
  return [
    'process.roles=broker,controller',
    `node.id=${node.id}`,
    `controller.quorum.voters=${p.kafka.nodes.map((n) => `${n.id}@127.0.0.1:${n.controllerPort}`).join(',')}`,
    // PLAINTEXT (the tests, CONTRACT.md) and, on port + 6, SASL_PLAINTEXT with SCRAM-SHA-512 (the user of p.kafka.sasl).
    `listeners=PLAINTEXT://127.0.0.1:${node.port},SASL_PLAINTEXT://127.0.0.1:${node.saslPort},CONTROLLER://127.0.0.1:${node.controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${node.port},SASL_PLAINTEXT://127.0.0.1:${node.saslPort}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT',
    'sasl.enabled.mechanisms=SCRAM-SHA-512',
    'listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;',
    `log.dirs=${join(dir, 'data')}`,
    `num.partitions=${p.kafka.partitions}`,
    'auto.create.topics.enable=true',
    `default.replication.factor=${replicated}`,
    // RF 3: a write acknowledged with acks=all is on at least 2 brokers, and a broker that missed writes never leads.
    `min.insync.replicas=${minIsr}`,
    'unclean.leader.election.enable=false',
    `offsets.topic.replication.factor=${replicated}`,
    'offsets.topic.num.partitions=1',
    `transaction.state.log.replication.factor=${replicated}`,
    `transaction.state.log.min.isr=${minIsr}`,
    'group.initial.rebalance.delay.ms=0',
    'log.cleaner.dedupe.buffer.size=16777216',
    '',
  ].join('\n');
}

function admin(brokers: string[], sasl?: KafkaSaslUser) {
  return new Kafka({
    clientId: 'stack',
    brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1000,
    retry: { retries: 0 },
    ...(sasl ? { sasl: { mechanism: sasl.mechanism, username: sasl.username, password: sasl.password } } : {}),
  }).admin();
}

/** The `--add-scram` / `--add-config` value that gives the stack's SCRAM user its password. */
const scramCredential = (sasl: KafkaSaslUser, withName: boolean) =>
  `SCRAM-SHA-512=[${withName ? `name=${sasl.username},` : ''}password=${sasl.password}]`;

/**
 * The stack's SCRAM user on the SASL listener: made at format time on a new data directory; a directory formatted by
 * an older stack (no SASL listener then) gets it here, through kafka-configs, once: when a SASL login already works,
 * nothing runs.
 */
async function ensureScramUser(p: StackProfile): Promise<void> {
  const node = p.kafka.nodes[0]!;
  const client = admin([`127.0.0.1:${node.saslPort}`], p.kafka.sasl);
  try {
    await client.connect();
    await client.describeCluster();
    return;
  } catch {
    // not there yet: added below
  } finally {
    await client.disconnect().catch(() => undefined);
  }
  const tool = kafkaJava(p, 'kafka.admin.ConfigCommand', [
    '--bootstrap-server',
    `127.0.0.1:${node.port}`,
    '--alter',
    '--add-config',
    scramCredential(p.kafka.sasl, false),
    '--entity-type',
    'users',
    '--entity-name',
    p.kafka.sasl.username,
  ]);
  run(tool.command, tool.args);
}

/** The Java 17+ that install() found or installed (on PATH or recorded in the cache). */
function javaOf(p: StackProfile): string {
  const java = findJava(p);
  if (!java) throw new Error(`no Java ${JAVA_MINIMUM}+ on PATH or in ${p.cacheDir}: npm run stack -- up installs one`);
  return java;
}

/** A Kafka (or Kafka tools) main class on the cached jars, with the stack's heap and logging. */
export function kafkaJava(p: StackProfile, mainClass: string, args: string[]): { command: string; args: string[] } {
  return {
    command: javaOf(p),
    args: [
      '-Xms256m',
      '-Xmx512m',
      '-Djava.awt.headless=true',
      `-Dlog4j2.configurationFile=${join(pomDir(p), 'log4j2.properties')}`,
      '-cp',
      `${kafkaLibsDir(p)}/*`,
      mainClass,
      ...args,
    ],
  };
}

async function resolveJars(p: StackProfile, say: (m: string) => void): Promise<void> {
  const java = ensureJava(p, say);
  if (existsSync(join(kafkaLibsDir(p), `kafka_2.13-${KAFKA_VERSION}.jar`))) return;
  const mvn = ensureMaven(p, java, say);
  say(`resolving Apache Kafka ${KAFKA_VERSION} from Maven Central (first run only)`);
  const staging = `${kafkaLibsDir(p)}.partial-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  run(
    mvn,
    [
      '-q',
      '-B',
      '-f',
      join(pomDir(p), 'pom.xml'),
      'dependency:copy-dependencies',
      '-DincludeScope=runtime',
      `-DoutputDirectory=${staging}`,
    ],
    { env: javaEnv(java) },
  );
  if (!readdirSync(staging).some((f) => f.startsWith('kafka_2.13'))) throw new Error('Maven did not deliver kafka_2.13');
  rmSync(kafkaLibsDir(p), { recursive: true, force: true });
  renameSync(staging, kafkaLibsDir(p));
}

/**
 * Waits until every partition of `topics` has a leader, as the nodes' metadata says (60 s at most). A node learns of a
 * topic the controller just created a moment later, and answers UNKNOWN_TOPIC_OR_PARTITION meanwhile, which kafkajs'
 * `createTopics({ waitForLeaders: true })` does not retry (it failed `stack up --profile cluster` once in CI).
 * `before` runs ahead of each look (what makes the brokers create a topic).
 */
async function untilLed(client: Admin, topics: string[], before: () => Promise<unknown> = async () => undefined): Promise<void> {
  const deadline = Date.now() + 60_000;
  let last = 'no leader yet';
  for (;;) {
    try {
      await before();
      const found = (await client.fetchTopicMetadata({ topics })).topics;
      if (topics.every((t) => found.find((f) => f.name === t)?.partitions.every((partition) => partition.leader >= 0))) return;
    } catch (err) {
      last = (err as Error).message;
    }
    if (Date.now() > deadline) throw new Error(`${topics.join(', ')}: ${last} after 60 s`);
    await sleep(500);
  }
}

/**
 * The brokers create __consumer_offsets (at offsets.topic.replication.factor) on the first FindCoordinator: ask for a
 * coordinator now, while every node is up. Left to the first consumer, a cluster that has lost a broker by then
 * cannot place 3 replicas, and no consumer group can join until the broker is back.
 */
function createOffsetsTopic(client: Admin): Promise<void> {
  return untilLed(client, ['__consumer_offsets'], () => client.describeGroups(['stack-creates-the-offsets-topic']));
}

/**
 * Apache Kafka in KRaft mode, one combined broker+controller node of profile `p` (`kafka` for the single broker,
 * `kafka-1`..`kafka-3` on the cluster), from Maven Central jars.
 */
export function kafkaService(node: KafkaNode, name: ServiceName): StackService {
  const dir = (p: StackProfile) => serviceDir(p, name);
  const propertiesFile = (p: StackProfile) => join(dir(p), 'server.properties');
  return {
    name,
    port: () => node.port,
    listens: () => [node.port, node.saslPort, node.controllerPort],
    install: resolveJars,

    async prepare(p) {
      mkdirSync(dir(p), { recursive: true });
      writeFileSync(propertiesFile(p), serverProperties(p, node, dir(p)));
      if (existsSync(join(dir(p), 'data', 'meta.properties'))) return;
      const format = kafkaJava(p, 'kafka.tools.StorageTool', [
        'format',
        '-t',
        clusterIdOf(p),
        '-c',
        propertiesFile(p),
        '--add-scram',
        scramCredential(p.kafka.sasl, true),
      ]);
      run(format.command, format.args);
    },

    command: (p) => kafkaJava(p, 'kafka.Kafka', [propertiesFile(p)]),
    fingerprint: (p) => propertiesFile(p),

    /** Ready once this node answers describeCluster and counts itself among the brokers (registered, unfenced). */
    async ready() {
      const client = admin([`127.0.0.1:${node.port}`]);
      try {
        await client.connect();
        const cluster = await client.describeCluster();
        return cluster.brokers.some((b) => b.nodeId === node.id);
      } catch {
        return false;
      } finally {
        await client.disconnect().catch(() => undefined);
      }
    },

    /** The first node creates the topics, once every node is ready (RF 3 needs all three). */
    async afterReady(p) {
      if (node.id !== p.kafka.nodes[0]!.id) return;
      const client = admin(p.kafka.nodes.map((n) => `127.0.0.1:${n.port}`));
      await client.connect();
      try {
        const existing = new Set(await client.listTopics());
        const wanted = STACK_TOPICS.filter((t) => !existing.has(t));
        if (wanted.length) {
          await client.createTopics({
            waitForLeaders: false,
            topics: wanted.map((topic) => ({ topic, numPartitions: p.kafka.partitions, replicationFactor: p.kafka.replicationFactor })),
          });
          await untilLed(client, wanted);
        }
        await createOffsetsTopic(client);
      } finally {
        await client.disconnect();
      }
      await ensureScramUser(p);
    },
  };
}
