import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveProfile } from './profile';
import { clusterIdOf, serverProperties } from './kafka.service';

const settings = (text: string) =>
  Object.fromEntries(
    text
      .trim()
      .split('\n')
      .map((line) => line.split(/=(.*)/s).slice(0, 2)),
  );

describe('serverProperties', () => {
  it('makes each cluster node a broker+controller of a 3-voter quorum, RF 3, min.insync.replicas 2, no unclean election', () => {
    const cluster = resolveProfile('cluster', { STACK_TEST_KAFKA_PORT: '21092' });
    const node2 = settings(serverProperties(cluster, cluster.kafka.nodes[1]!, '/d/kafka-2'));
    expect(node2).toMatchObject({
      'process.roles': 'broker,controller',
      'node.id': '2',
      'controller.quorum.voters': '1@127.0.0.1:21145,2@127.0.0.1:21146,3@127.0.0.1:21147',
      listeners: 'PLAINTEXT://127.0.0.1:21143,SASL_PLAINTEXT://127.0.0.1:21149,CONTROLLER://127.0.0.1:21146',
      'advertised.listeners': 'PLAINTEXT://127.0.0.1:21143,SASL_PLAINTEXT://127.0.0.1:21149',
      'sasl.enabled.mechanisms': 'SCRAM-SHA-512',
      'log.dirs': '/d/kafka-2/data',
      'num.partitions': '6',
      'default.replication.factor': '3',
      'min.insync.replicas': '2',
      'unclean.leader.election.enable': 'false',
      'offsets.topic.replication.factor': '3',
      'transaction.state.log.replication.factor': '3',
      'transaction.state.log.min.isr': '2',
    });
  });

  it('keeps the single broker at replication factor 1', () => {
    const test = resolveProfile('test', {});
    expect(settings(serverProperties(test, test.kafka.nodes[0]!, '/d/kafka'))).toMatchObject({
      'node.id': '1',
      'controller.quorum.voters': '1@127.0.0.1:19093',
      'num.partitions': '3',
      'default.replication.factor': '1',
      'min.insync.replicas': '1',
      'offsets.topic.replication.factor': '1',
      'transaction.state.log.min.isr': '1',
    });
  });
});

describe('clusterIdOf', () => {
  const dataDir = () => mkdtempSync(join(tmpdir(), 'cluster-id-'));

  it('makes a 22-character base64url id once and gives the same one to every node after', () => {
    const p = { ...resolveProfile('test', {}), dataDir: dataDir() };
    const id = clusterIdOf(p);
    expect(id).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
    expect(clusterIdOf(p)).toBe(id);
  });

  it('never gives an id that starts with "-", which kafka-storage format reads as an option, even one saved by an older stack', () => {
    const p = { ...resolveProfile('test', {}), dataDir: dataDir() };
    writeFileSync(join(p.dataDir, 'kafka-cluster-id'), '-As-RrAwDy49U1L2IRXEHQ');
    expect(clusterIdOf(p)).not.toMatch(/^-/);
    const ids = Array.from({ length: 400 }, () => {
      const q = { ...p, dataDir: dataDir() };
      return clusterIdOf(q);
    });
    expect(ids.filter((id) => id.startsWith('-'))).toEqual([]);
  });
});
