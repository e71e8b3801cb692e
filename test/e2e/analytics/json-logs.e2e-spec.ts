import { Producer } from 'kafkajs';
import { envelope, userData } from '../../../apps/analytics/src/testing/event-fixtures';
import { AnalyticsTarget, analyticsTarget, produce } from '../../support/analytics-app';
import { Running, startProcess } from '../../support/analytics-process';
import { eventually } from '../../support/eventually';
import { rawProducer } from '../../support/kafka-probe';

/** Off a terminal (LOG_FORMAT=json), every line the service writes is one JSON object; lines about an event say which. */
describe('analytics logs', () => {
  let target: AnalyticsTarget;
  let producer: Producer;
  let running: Running | undefined;

  beforeAll(async () => {
    target = await analyticsTarget('logs');
    producer = await rawProducer();
  });

  afterAll(async () => {
    if (running && running.child.exitCode === null) running.child.kill('SIGKILL');
    await producer?.disconnect();
    await target?.drop();
  });

  it('writes JSON lines only, and the dead-letter line carries event_id, event_type, topic, partition and offset', async () => {
    running = startProcess(target, { LOG_FORMAT: 'json', LOG_LEVEL: 'log' });
    const user = userData();
    // Valid JSON envelope of a known type whose payload fails validation: dead-lettered at once.
    const poison = { ...envelope('user.created', user.id, user), data: { id: user.id, email: 42 } };
    const landed = await produce(producer, 'user', user.id, poison);
    const lines = () =>
      running!.output
        .join('')
        .split('\n')
        .filter((l) => l.trim() !== '');
    const deadLetter = await eventually(() => lines().find((l) => l.includes(poison.event_id) && l.includes('dead-lettered')), {
      timeoutMs: 60_000,
      what: 'the dead-letter log line',
      intervalMs: 100,
    });
    running.child.kill('SIGTERM');
    expect(await running.exit).toEqual({ code: 0, signal: null });

    const parsed = lines().map((line) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw new Error(`not a JSON line: ${line}`);
      }
    });
    for (const entry of parsed)
      expect(entry).toEqual(
        expect.objectContaining({ level: expect.any(String), message: expect.anything(), timestamp: expect.any(Number) }),
      );
    expect(JSON.parse(deadLetter)).toMatchObject({
      level: 'warn',
      context: 'EnvelopeKafkaServer',
      event_id: poison.event_id,
      event_type: 'user.created',
      entity_id: user.id,
      topic: 'user',
      partition: landed.partition,
      offset: landed.offset,
      attempts: 1,
    });
    expect(parsed.some((e) => String(e.context).startsWith('kafkajs'))).toBe(true);
    expect(lines().join('\n')).not.toContain('Limiting retries for the idempotent producer');
  });
});
