/**
 * `npm run dlq -- <command>`: read and replay the dead letter topics (dlq.<topic>).
 *   list [--topic user] [--json]                 per DLQ topic: each letter's place, event, reason, attempts and age
 *   show <topic> <partition>@<offset>            one letter, whole
 *   replay <topic> (--all | --offset p@o ... | --event-id id ...) [--group dlq-replay] [--dry-run] [--force]
 *       puts the original envelopes back on their source topic, keyed by entity_id, after checking them as the
 *       consumer will (a letter it would refuse again is refused here). A letter whose event_id is already in
 *       processed_events is refused unless --force: the consumer would drop it as a duplicate, and if another
 *       producer got a different event in under that id first, this one was never applied (look before forcing).
 *       --dry-run prints what would be sent and sends and commits nothing. --all takes what the replay group has
 *       not replayed yet and then commits past it.
 * Kafka is found through KAFKA_BOOTSTRAP_SERVERS and MySQL through MYSQL_*, like the apps.
 */
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { createConnection, RowDataPacket } from 'mysql2/promise';
import { loadAnalyticsConfig } from '../apps/analytics/src/config/analytics.config';
import { dlqTopicOf, KafkaConfig, Topic } from '../libs/kafka/src';
import { printable, replayOf, select, StoredLetter, summarise, whereOf } from './dlq/letters';

const kafka = new Kafka({ ...KafkaConfig.fromEnv('dlq-tool').toClientConfig(), logLevel: logLevel.ERROR });

function option(args: string[], name: string): string[] {
  return args.flatMap((arg, i) => (arg === name && args[i + 1] ? [args[i + 1]] : []));
}

function dlqTopic(name: string): string {
  return name.startsWith('dlq.') ? name : dlqTopicOf(name);
}

/** Every letter on a DLQ topic, read with a throw-away group from the beginning to the current end. */
async function readLetters(topic: string): Promise<StoredLetter[]> {
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

async function committedOffsets(groupId: string, topic: string): Promise<Map<number, bigint>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return new Map((offsets?.partitions ?? []).filter((p) => Number(p.offset) >= 0).map((p) => [p.partition, BigInt(p.offset)]));
  } finally {
    await admin.disconnect();
  }
}

async function list(args: string[]): Promise<void> {
  const topics = option(args, '--topic').map(dlqTopic);
  const group = option(args, '--group')[0] ?? 'dlq-replay';
  const all = [];
  for (const topic of topics.length ? topics : Topic.all().map(dlqTopicOf)) {
    const committed = await committedOffsets(group, topic);
    const letters = (await readLetters(topic)).map((letter) => summarise(letter, committed));
    all.push(...letters);
    if (args.includes('--json')) continue;
    console.log(`${topic}: ${letters.length} dead letter(s), ${letters.filter((l) => !l.replayed).length} not replayed`);
    for (const l of letters) {
      const event = l.event_type ? `${printable(l.event_type, 64)} ${printable(l.event_id, 64)}` : '(not an envelope)';
      console.log(
        `  ${printable(l.where)}  ${event}  age ${l.age_s}s  attempts ${l.attempts ?? '?'}${l.replayed ? '  replayed' : ''}${l.truncated ? '  truncated' : ''}`,
      );
      console.log(`      ${printable(l.reason)}`);
    }
  }
  if (args.includes('--json')) console.log(JSON.stringify(all, null, 2));
}

async function show(args: string[]): Promise<void> {
  const [name, at] = args;
  if (!name || !/^\d+@\d+$/.test(at ?? '')) throw new Error('usage: dlq show <topic> <partition>@<offset>');
  const topic = dlqTopic(name);
  const letter = (await readLetters(topic)).find((l) => `${l.partition}@${l.offset}` === at);
  if (!letter) throw new Error(`no dead letter at ${topic}:${at}`);
  console.log(JSON.stringify({ where: whereOf(letter), key: letter.key, ...letter.value }, null, 2));
}

/** The processed_events rows of these event ids in the read model (MYSQL_* as the analytics app reads them). */
async function processedEvents(eventIds: string[]): Promise<Map<string, { outcome: string; processed_at: string }>> {
  if (eventIds.length === 0) return new Map();
  const { mysql } = loadAnalyticsConfig();
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

async function replay(args: string[]): Promise<void> {
  const [name] = args;
  const selection = { all: args.includes('--all'), offsets: option(args, '--offset'), eventIds: option(args, '--event-id') };
  const dryRun = args.includes('--dry-run');
  const force = args.includes('--force');
  if (!name || name.startsWith('--') || (!selection.all && !selection.offsets.length && !selection.eventIds.length)) {
    throw new Error('usage: dlq replay <topic> (--all | --offset p@o ... | --event-id id ...) [--group dlq-replay] [--dry-run] [--force]');
  }
  const topic = dlqTopic(name);
  const group = option(args, '--group')[0] ?? 'dlq-replay';
  const letters = await readLetters(topic);
  const chosen = select(letters, selection, await committedOffsets(group, topic));
  const replays = chosen.map(replayOf);
  const ids = replays.flatMap((r) => ('refused' in r ? [] : [String((JSON.parse(r.value) as { event_id: string }).event_id)]));
  const processed = force ? new Map() : await processedEvents(ids);
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  if (!dryRun) await producer.connect();
  let replayed = 0;
  let refused = 0;
  try {
    for (const message of replays) {
      if ('refused' in message) {
        refused += 1;
        console.log(`refused ${message.refused}`);
        continue;
      }
      const eventId = String((JSON.parse(message.value) as { event_id: string }).event_id);
      const done = processed.get(eventId);
      if (done) {
        refused += 1;
        console.log(
          `refused ${message.from}: event_id ${eventId} is already in processed_events (${done.outcome} at ${done.processed_at}). ` +
            'The consumer would drop this replay as a duplicate; if another producer published a different event under this id first, ' +
            "this letter's event was never applied. Look at both (dlq show), then --force sends it anyway.",
        );
        continue;
      }
      if (dryRun) {
        replayed += 1;
        console.log(`would replay ${message.from} -> ${message.topic} key ${message.key}: ${printable(message.value, 2000)}`);
        continue;
      }
      await producer.send({
        topic: message.topic,
        messages: [{ key: message.key, value: message.value, headers: { 'x-replayed-from': message.from } }],
      });
      replayed += 1;
      console.log(`replayed ${message.from} -> ${message.topic}`);
    }
  } finally {
    if (!dryRun) await producer.disconnect();
  }
  if (dryRun) {
    console.log(`dry run: ${replayed} would be replayed, ${refused} refused, from ${topic}; nothing sent, nothing committed`);
    return;
  }
  if (selection.all && letters.length) {
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
  console.log(`${replayed} replayed, ${refused} refused, from ${topic}`);
}

const COMMANDS: Record<string, (args: string[]) => Promise<void>> = { list, show, replay };

async function main(): Promise<void> {
  const [command, ...args] = process.argv.slice(2);
  const run = COMMANDS[command ?? ''];
  if (!run) throw new Error('usage: npm run dlq -- list|show|replay ... (see scripts/dlq.ts)');
  await run(args);
}

/** Exits once stdout is flushed: a pipe takes writes asynchronously, and a long `list --json` was cut at exit. */
function exitAfterOutput(code: number): void {
  process.stdout.write('', () => process.exit(code));
}

main().then(
  () => exitAfterOutput(0),
  (err: unknown) => {
    console.error((err as Error).message ?? err);
    exitAfterOutput(1);
  },
);
