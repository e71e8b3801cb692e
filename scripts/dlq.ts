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
import { Kafka, logLevel } from 'kafkajs';
import '../libs/kafka/src/kafkajs/request-queue-fix';
import { dlqTopicOf, KafkaConfig, Topic } from '../libs/kafka/src';
import { committedOffsets as committedOf, DEFAULT_REPLAY_GROUP, dlqTopic, readLetters as readOf, replayLetters } from './dlq/dlq-topics';
import { printable, summarise, whereOf } from './dlq/letters';

const kafka = new Kafka({ ...KafkaConfig.fromEnv('dlq-tool').toClientConfig(), logLevel: logLevel.ERROR });
const readLetters = (topic: string) => readOf(kafka, topic);
const committedOffsets = (groupId: string, topic: string) => committedOf(kafka, groupId, topic);

function option(args: string[], name: string): string[] {
  return args.flatMap((arg, i) => (arg === name && args[i + 1] ? [args[i + 1]] : []));
}

async function list(args: string[]): Promise<void> {
  const topics = option(args, '--topic').map(dlqTopic);
  const group = option(args, '--group')[0] ?? DEFAULT_REPLAY_GROUP;
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

async function replay(args: string[]): Promise<void> {
  const [name] = args;
  const selection = { all: args.includes('--all'), offsets: option(args, '--offset'), eventIds: option(args, '--event-id') };
  if (!name || name.startsWith('--') || (!selection.all && !selection.offsets.length && !selection.eventIds.length)) {
    throw new Error('usage: dlq replay <topic> (--all | --offset p@o ... | --event-id id ...) [--group dlq-replay] [--dry-run] [--force]');
  }
  const dryRun = args.includes('--dry-run');
  const report = await replayLetters(kafka, dlqTopic(name), selection, option(args, '--group')[0] ?? DEFAULT_REPLAY_GROUP, {
    dryRun,
    force: args.includes('--force'),
  });
  for (const line of report.lines) console.log(line);
  console.log(
    dryRun
      ? `dry run: ${report.replayed} would be replayed, ${report.refused} refused, from ${dlqTopic(name)}; nothing sent, nothing committed`
      : `${report.replayed} replayed, ${report.refused} refused, from ${dlqTopic(name)}`,
  );
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
