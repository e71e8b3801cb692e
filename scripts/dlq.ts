/**
 * `npm run dlq -- <command>`: read and replay the dead letter topics (dlq.<topic>).
 *   list [--topic user] [--json]                 per DLQ topic: each letter's place, event, reason, attempts and age
 *   show <topic> <partition>@<offset>            one letter, whole
 *   replay <topic> (--all | --offset p@o ... | --event-id id ...) [--group dlq-replay]
 *       puts the original events back on their source topic with their key. Safe to repeat: the consumer
 *       dedupes by event_id. --all takes what the replay group has not replayed yet and then commits past it.
 * Kafka is found through KAFKA_BOOTSTRAP_SERVERS, like the apps.
 */
import { Kafka, logLevel } from 'kafkajs';
import { dlqTopicOf, KafkaConfig, Topic } from '../libs/kafka/src';
import { committedOffsets as committedOf, DEFAULT_REPLAY_GROUP, dlqTopic, readLetters as readOf, replayLetters } from './dlq/dlq-topics';
import { summarise, whereOf } from './dlq/letters';

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
      const event = l.event_type ? `${l.event_type} ${l.event_id}` : '(not an envelope)';
      console.log(
        `  ${l.where}  ${event}  age ${l.age_s}s  attempts ${l.attempts ?? '?'}${l.replayed ? '  replayed' : ''}${l.truncated ? '  truncated' : ''}`,
      );
      console.log(`      ${l.reason}`);
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
    throw new Error('usage: dlq replay <topic> (--all | --offset p@o ... | --event-id id ...) [--group dlq-replay]');
  }
  const report = await replayLetters(kafka, dlqTopic(name), selection, option(args, '--group')[0] ?? DEFAULT_REPLAY_GROUP);
  for (const line of report.lines) console.log(line);
  console.log(`${report.replayed} replayed, ${report.refused} refused, from ${dlqTopic(name)}`);
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
