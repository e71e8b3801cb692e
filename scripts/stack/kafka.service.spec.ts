import { resolveProfile } from './profile';
import { serverProperties } from './kafka.service';

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
      listeners: 'PLAINTEXT://127.0.0.1:21143,CONTROLLER://127.0.0.1:21146',
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
