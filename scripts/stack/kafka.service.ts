import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import '../../libs/kafka/src/kafkajs/request-queue-fix';
import { dlqTopicOf, TOPICS } from '../../libs/kafka/src/topics';
import { StackProfile } from './profile';
import { run, which } from './proc';
import { serviceDir, StackService } from './service';

export const KAFKA_VERSION = '4.1.1';
/** The five event topics and their dead letter topics, created up front. */
export const STACK_TOPICS = [...TOPICS, ...TOPICS.map(dlqTopicOf)];
export const TOPIC_PARTITIONS = 3;

const pomDir = (p: StackProfile) => join(p.repoDir, 'scripts', 'stack', 'kafka');
const libsDir = (p: StackProfile) => join(p.cacheDir, `kafka-${KAFKA_VERSION}`, 'libs');
const propertiesFile = (p: StackProfile) => join(serviceDir(p, 'kafka'), 'server.properties');

function serverProperties(p: StackProfile): string {
  const logDirs = join(serviceDir(p, 'kafka'), 'data');
  return [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${p.kafka.controllerPort}`,
    `listeners=PLAINTEXT://127.0.0.1:${p.kafka.port},CONTROLLER://127.0.0.1:${p.kafka.controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${p.kafka.port}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    `log.dirs=${logDirs}`,
    `num.partitions=${TOPIC_PARTITIONS}`,
    'auto.create.topics.enable=true',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=1',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'group.initial.rebalance.delay.ms=0',
    'log.cleaner.dedupe.buffer.size=16777216',
    '',
  ].join('\n');
}

function admin(p: StackProfile) {
  return new Kafka({
    clientId: 'stack',
    brokers: [`127.0.0.1:${p.kafka.port}`],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1000,
    retry: { retries: 0 },
  }).admin();
}

const javaArgs = (p: StackProfile, mainClass: string, args: string[]) => [
  '-Xms256m',
  '-Xmx512m',
  '-Djava.awt.headless=true',
  `-Dlog4j2.configurationFile=${join(pomDir(p), 'log4j2.properties')}`,
  '-cp',
  `${libsDir(p)}/*`,
  mainClass,
  ...args,
];

/** Apache Kafka in KRaft mode (one broker+controller node), from Maven Central jars. */
export const kafkaService: StackService = {
  name: 'kafka',
  port: (p) => p.kafka.port,

  async install(p, say) {
    if (existsSync(join(libsDir(p), `kafka_2.13-${KAFKA_VERSION}.jar`))) return;
    if (!which('java') || !which('mvn')) throw new Error('Kafka needs java (17+) and mvn on PATH to resolve the broker from Maven Central');
    say(`resolving Apache Kafka ${KAFKA_VERSION} from Maven Central (first run only)`);
    const staging = `${libsDir(p)}.partial`;
    rmSync(staging, { recursive: true, force: true });
    run('mvn', [
      '-q',
      '-B',
      '-f',
      join(pomDir(p), 'pom.xml'),
      'dependency:copy-dependencies',
      '-DincludeScope=runtime',
      `-DoutputDirectory=${staging}`,
    ]);
    if (!readdirSync(staging).some((f) => f.startsWith('kafka_2.13'))) throw new Error('Maven did not deliver kafka_2.13');
    rmSync(libsDir(p), { recursive: true, force: true });
    renameSync(staging, libsDir(p));
  },

  async prepare(p) {
    const dir = serviceDir(p, 'kafka');
    mkdirSync(dir, { recursive: true });
    writeFileSync(propertiesFile(p), serverProperties(p));
    if (existsSync(join(dir, 'data', 'meta.properties'))) return;
    // A KRaft cluster id is 16 random bytes, base64url without padding.
    const clusterId = randomBytes(16).toString('base64url');
    run('java', javaArgs(p, 'kafka.tools.StorageTool', ['format', '-t', clusterId, '-c', propertiesFile(p)]));
  },

  command: (p) => ({ command: 'java', args: javaArgs(p, 'kafka.Kafka', [propertiesFile(p)]) }),
  fingerprint: (p) => propertiesFile(p),

  async ready(p) {
    const client = admin(p);
    try {
      await client.connect();
      const cluster = await client.describeCluster();
      return cluster.brokers.length > 0;
    } catch {
      return false;
    } finally {
      await client.disconnect().catch(() => undefined);
    }
  },

  async afterReady(p) {
    const client = admin(p);
    await client.connect();
    try {
      const existing = new Set(await client.listTopics());
      const wanted = STACK_TOPICS.filter((t) => !existing.has(t));
      if (wanted.length) {
        await client.createTopics({
          waitForLeaders: true,
          topics: wanted.map((topic) => ({ topic, numPartitions: TOPIC_PARTITIONS, replicationFactor: 1 })),
        });
      }
    } finally {
      await client.disconnect();
    }
  },
};
