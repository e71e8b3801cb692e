import { EventEmitter } from 'node:events';
import { KafkaReachability } from '@app/kafka';
import type { Consumer } from 'kafkajs';
import { ConsumerMonitor } from './consumer-monitor';

const EVENTS = { GROUP_JOIN: 'consumer.group_join', CRASH: 'consumer.crash', STOP: 'consumer.stop' };

/** kafkajs's instrumentation surface of a consumer: `events` names and `on`. */
function fakeConsumer(): { consumer: Consumer; emit: (event: string, payload?: unknown) => void } {
  const emitter = new EventEmitter();
  const consumer = {
    events: EVENTS,
    on: (event: string, listener: (e: unknown) => void) => emitter.on(event, listener),
  } as unknown as Consumer;
  return { consumer, emit: (event, payload = {}) => emitter.emit(event, { payload }) };
}

/** A lag source whose committed offset and end offset the test moves. */
function monitorOver(offsets: { committed: number; end: number }, stallMs = 1000) {
  const admin = {
    fetchOffsets: async () => [{ topic: 'user', partitions: [{ partition: 0, offset: String(offsets.committed) }] }],
    fetchTopicOffsets: async () => [{ partition: 0, high: String(offsets.end) }],
  };
  const kafka = { connect: async () => admin } as unknown as KafkaReachability;
  return new ConsumerMonitor(kafka, 'g', ['user'], stallMs, 0);
}

describe('ConsumerMonitor', () => {
  it('follows the group state from the consumer instrumentation events, keeping the crash reason', () => {
    const { consumer, emit } = fakeConsumer();
    const monitor = monitorOver({ committed: 0, end: 0 });
    monitor.attached(consumer);
    expect(monitor.state).toBe('starting');
    emit(EVENTS.GROUP_JOIN);
    expect(monitor.state).toBe('member');
    emit(EVENTS.CRASH, { error: new Error('The coordinator is not aware of this member'), restart: true });
    expect([monitor.state, monitor.lastError]).toEqual(['crashed', 'The coordinator is not aware of this member']);
    emit(EVENTS.GROUP_JOIN);
    expect([monitor.state, monitor.lastError]).toEqual(['member', undefined]);
    emit(EVENTS.STOP);
    expect(monitor.state).toBe('stopped');
  });

  it('turns failed, for good, when kafkajs will not restart the consumer, and tells its listeners once', () => {
    const { consumer, emit } = fakeConsumer();
    const monitor = monitorOver({ committed: 0, end: 0 });
    const failures: string[] = [];
    monitor.onFailed((error) => failures.push(error));
    monitor.attached(consumer);
    emit(EVENTS.GROUP_JOIN);
    emit(EVENTS.STOP); // kafkajs disconnects the crashed consumer before it reports the crash
    emit(EVENTS.CRASH, { error: new Error("The group member's supported protocols are incompatible"), restart: false });
    emit(EVENTS.STOP);
    expect([monitor.state, monitor.lastError]).toEqual(['failed', "The group member's supported protocols are incompatible"]);
    expect(failures).toEqual(["The group member's supported protocols are incompatible"]);
    monitor.onFailed((error) => failures.push(`late: ${error}`)); // registered after the crash (during start-up)
    expect(failures).toEqual([
      "The group member's supported protocols are incompatible",
      "late: The group member's supported protocols are incompatible",
    ]);
  });

  it('measures how long a partition with lag has not committed; progress or no lag resets it', async () => {
    const offsets = { committed: 5, end: 9 };
    const monitor = monitorOver(offsets);
    expect(await monitor.partitions(1_000)).toEqual([{ topic: 'user', partition: 0, committed: 5, end: 9, lag: 4, stuckMs: 0 }]);
    expect((await monitor.partitions(2_500))[0].stuckMs).toBe(1_500);
    offsets.committed = 7;
    expect((await monitor.partitions(3_000))[0]).toMatchObject({ lag: 2, stuckMs: 0 });
    offsets.committed = 9;
    expect((await monitor.partitions(9_000))[0]).toMatchObject({ lag: 0, stuckMs: 0 });
  });

  it('counts the whole partition as lag before the group committed anything', async () => {
    expect((await monitorOver({ committed: -1, end: 3 }).partitions(0))[0]).toMatchObject({ committed: -1, lag: 3 });
  });
});
