import { randomUUID } from 'node:crypto';
import { Kafka } from 'kafkajs';
import { dlqTopicOf } from '../../libs/kafka/src/topics';
import { createConnection, RowDataPacket } from 'mysql2/promise';
import { loadAnalyticsConfig, MysqlSettings } from '../../apps/analytics/src/config/analytics.config';
import { printable, replayOf, select, Selection, StoredLetter } from './letters';

/**
 * The Kafka side of dead letters, shared by `npm run dlq` (scripts/dlq.ts) and the pipeline page (apps/pipeline):
 * reading a DLQ topic, the replay group's offsets, and the replay itself (the decisions are in ./letters).
 */

export const DEFAULT_REPLAY_GROUP = 'dlq-replay';

export function dlqTopic(name: string): string {
  return name.startsWith('dlq.') ? name : dlqTopicOf(name);
}

/** Every letter on a DLQ topic, read with a throw-away group from the beginning to the current end. */
export async function readLetters(kafka: Kafka, topic: string): Promise<StoredLetter[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ends = (await admin.fetchTopicOffsets(topic)).filter((p) => BigInt(p.high) > BigInt(p.low));
    if (ends.length === 0) return [];
    const groupId = `dlq-reader-${randomUUID()}`;
    const consumer = kafka.consumer({ groupId });
    const letters: StoredLetter[] = [];
    const pending = new Map(ends.map((p) => [p.partition, BigInt(p.high) - 1n]));
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      consumer
        .run({
          eachMessage: async ({ partition, message }) => {
            const last = pending.get(partition);
            if (last === undefined || BigInt(message.offset) > last) return;
            letters.push({
              dlqTopic: topic,
              partition,
              offset: message.offset,
              key: message.key?.toString('utf8') ?? null,
              value: parse(message.value?.toString('utf8') ?? 'null'),
            });
            if (BigInt(message.offset) === last) pending.delete(partition);
            if (pending.size === 0) resolve();
          },
        })
        .catch(reject);
    });
    await consumer.disconnect();
    await admin.deleteGroups([groupId]).catch(() => undefined);
    return letters.sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
  } finally {
    await admin.disconnect();
  }
}

function parse(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null
      ? (value as Record<string, unknown>)
      : { error: 'not a dead letter', original_event: value };
  } catch {
    return { error: 'not a dead letter (not JSON)', original_event: text };
  }
}

/** The replay group's committed offset per partition of a DLQ topic. */
export async function committedOffsets(kafka: Kafka, groupId: string, topic: string): Promise<Map<number, bigint>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return new Map((offsets?.partitions ?? []).filter((p) => Number(p.offset) >= 0).map((p) => [p.partition, BigInt(p.offset)]));
  } finally {
    await admin.disconnect();
  }
}

export interface ReplayReport {
  replayed: number;
  refused: number;
  /** One line per letter taken: `replayed <where> -> <topic>` or `refused <why>`. */
  lines: string[];
}

/**
 * Puts the chosen letters' original events back on their source topic with their key (replayOf decides, and refuses
 * what cannot go back as is). With `selection.all`, the replay group then commits past every letter read.
 */
/** The processed_events rows of these event ids in the read model `mysql` (default: MYSQL_* as the analytics app reads them). */
export async function processedEvents(
  eventIds: string[],
  mysql: MysqlSettings = loadAnalyticsConfig().mysql,
): Promise<Map<string, { outcome: string; processed_at: string }>> {
  if (eventIds.length === 0) return new Map();
  const where = `${mysql.user}@${mysql.host}:${mysql.port}/${mysql.database}`;
  const db = await createConnection({ ...mysql, dateStrings: true }).catch((err: Error) => {
    throw new Error(`cannot check processed_events in MySQL ${where} (${err.message}); --force replays without the check`);
  });
  try {
    const [rows] = await db.query<RowDataPacket[]>('SELECT event_id, outcome, processed_at FROM processed_events WHERE event_id IN (?)', [
      eventIds,
    ]);
    return new Map(rows.map((r) => [String(r.event_id), { outcome: String(r.outcome), processed_at: String(r.processed_at) }]));
  } finally {
    await db.end();
  }
}

/**
 * Replays the chosen letters to their source topics, after the checks the consumer will make (`replayOf`). A letter
 * whose event_id is already in processed_events is refused unless `force`: the consumer would drop it as a duplicate,
 * and if another producer got a different event in under that id first, this one was never applied. `dryRun` sends
 * and commits nothing and says what it would send. `mysql`: the read model to check (default: MYSQL_*).
 */
export async function replayLetters(
  kafka: Kafka,
  topic: string,
  selection: Selection,
  group: string,
  { dryRun = false, force = false, mysql }: { dryRun?: boolean; force?: boolean; mysql?: MysqlSettings } = {},
): Promise<ReplayReport> {
  const letters = await readLetters(kafka, topic);
  const chosen = select(letters, selection, await committedOffsets(kafka, group, topic));
  const replays = chosen.map(replayOf);
  const eventIdOf = (value: string) => String((JSON.parse(value) as { event_id: string }).event_id);
  const processed = force
    ? new Map()
    : await processedEvents(
        replays.flatMap((r) => ('refused' in r ? [] : [eventIdOf(r.value)])),
        mysql,
      );
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  if (!dryRun) await producer.connect();
  const report: ReplayReport = { replayed: 0, refused: 0, lines: [] };
  try {
    for (const message of replays) {
      if ('refused' in message) {
        report.refused += 1;
        report.lines.push(`refused ${message.refused}`);
        continue;
      }
      const eventId = eventIdOf(message.value);
      const done = processed.get(eventId);
      if (done) {
        report.refused += 1;
        report.lines.push(
          `refused ${message.from}: event_id ${eventId} is already in processed_events (${done.outcome} at ${done.processed_at}). ` +
            'The consumer would drop this replay as a duplicate; if another producer published a different event under this id first, ' +
            "this letter's event was never applied. Look at both (dlq show), then --force sends it anyway.",
        );
        continue;
      }
      report.replayed += 1;
      if (dryRun) {
        report.lines.push(`would replay ${message.from} -> ${message.topic} key ${message.key}: ${printable(message.value, 2000)}`);
        continue;
      }
      await producer.send({
        topic: message.topic,
        messages: [{ key: message.key, value: message.value, headers: { 'x-replayed-from': message.from } }],
      });
      report.lines.push(`replayed ${message.from} -> ${message.topic}`);
    }
  } finally {
    if (!dryRun) await producer.disconnect();
  }
  if (!dryRun && selection.all && letters.length) {
    const admin = kafka.admin();
    await admin.connect();
    const ends = new Map<number, bigint>();
    for (const l of letters) ends.set(l.partition, BigInt(l.offset) + 1n);
    await admin.setOffsets({
      groupId: group,
      topic,
      partitions: [...ends].map(([partition, offset]) => ({ partition, offset: String(offset) })),
    });
    await admin.disconnect();
  }
  return report;
}
