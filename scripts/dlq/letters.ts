import { homeTopicOf, isTopic, parseEnvelope } from '../../libs/kafka/src';

/** A dead letter as read back from dlq.<topic> (see apps/analytics/src/transport/dead-letter.ts). */
export interface StoredLetter {
  dlqTopic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Record<string, unknown>;
}

/** One line of `dlq list`. */
export interface LetterSummary {
  where: string;
  event_type: string | null;
  event_id: string | null;
  entity_id: string | null;
  reason: string;
  attempts: number | null;
  age_s: number;
  /** At or after the replay group's committed offset: not replayed by `replay --all` yet. */
  replayed: boolean;
  truncated: boolean;
}

export const whereOf = (letter: { dlqTopic: string; partition: number; offset: string }) =>
  `${letter.dlqTopic}:${letter.partition}@${letter.offset}`;

function envelopeOf(letter: StoredLetter): Record<string, unknown> | null {
  const original = letter.value.original_event;
  return typeof original === 'object' && original !== null && !Array.isArray(original) ? (original as Record<string, unknown>) : null;
}

const text = (v: unknown) => (typeof v === 'string' ? v : null);

// Matching control characters is the point of this pattern.
// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * A letter's text made safe for a terminal: control characters (C0, DEL, C1) and bidirectional overrides are shown as
 * \uXXXX escapes (a reason could otherwise carry ANSI sequences that rewrite the screen, or hide text), and long
 * values are cut.
 */
export function printable(value: string | null, max = 500): string {
  if (value === null) return '';
  const cut = value.length > max ? `${value.slice(0, max)}...(${value.length - max} more characters)` : value;
  return cut.replace(UNPRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const OBJECT_ID = /^[0-9a-f]{24}$/i;

/** Why an envelope must not go back on a topic as it is, or null: the checks the consumer makes before any handler. */
export function envelopeProblem(envelope: Record<string, unknown>, sourceTopic: string): string | null {
  const parsed = parseEnvelope(JSON.stringify(envelope));
  if (!parsed.ok) return parsed.error;
  const { event_type: eventType, entity_id: entityId } = parsed.envelope;
  if (!OBJECT_ID.test(entityId)) return 'envelope.entity_id must be a 24-character hex ObjectId';
  const home = homeTopicOf(eventType);
  if (!isTopic(home)) return `event_type "${printable(eventType, 64)}" names no topic of this platform`;
  if (home !== sourceTopic)
    return `event_type "${eventType}" belongs on topic "${home}", not on the letter's source topic "${printable(sourceTopic, 64)}"`;
  return null;
}

/** committed: the replay group's committed offset per partition of the letter's DLQ topic. */
export function summarise(letter: StoredLetter, committed: Map<number, bigint>, now = Date.now()): LetterSummary {
  const envelope = envelopeOf(letter);
  const failedAt = Date.parse(String(letter.value.failed_at));
  return {
    where: whereOf(letter),
    event_type: text(envelope?.event_type),
    event_id: text(envelope?.event_id),
    entity_id: text(envelope?.entity_id),
    reason: typeof letter.value.error === 'string' ? letter.value.error : JSON.stringify(letter.value.error ?? ''),
    attempts: typeof letter.value.attempts === 'number' ? letter.value.attempts : null,
    age_s: Number.isNaN(failedAt) ? -1 : Math.round((now - failedAt) / 1000),
    replayed: BigInt(letter.offset) < (committed.get(letter.partition) ?? 0n),
    truncated: letter.value.truncated !== undefined,
  };
}

export interface Replay {
  topic: string;
  key: string | null;
  value: string;
  from: string;
}

/**
 * The message that puts a letter's event back on its source topic, keyed by its entity_id (the key the consumer
 * requires), or why it cannot be replayed as is: a summary, not an envelope, or an envelope the consumer would refuse
 * again (a bad entity_id, an event type of another or of no topic). Nothing but a checked envelope is sent.
 */
export function replayOf(letter: StoredLetter): Replay | { refused: string } {
  if (letter.value.truncated !== undefined) {
    return {
      refused: `${whereOf(letter)} holds only a summary of a value too large to dead-letter whole; read the original at its source offset`,
    };
  }
  const envelope = envelopeOf(letter);
  if (!envelope || typeof envelope.event_type !== 'string') {
    return {
      refused: `${whereOf(letter)} is not an event envelope (${printable(String(letter.value.error))}); fix it and produce it by hand`,
    };
  }
  const topic = String(letter.value.source_topic ?? letter.dlqTopic.replace(/^dlq\./, ''));
  const problem = envelopeProblem(envelope, topic);
  if (problem)
    return {
      refused: `${whereOf(letter)} holds an envelope the consumer would refuse again (${printable(problem)}); fix it and produce it by hand`,
    };
  return { topic, key: String(envelope.entity_id), value: JSON.stringify(envelope), from: whereOf(letter) };
}

export interface Selection {
  all: boolean;
  offsets: string[];
  eventIds: string[];
}

/** Which letters a `replay` takes: explicit offsets or event ids, or with --all every letter the group has not replayed. */
export function select(letters: StoredLetter[], selection: Selection, committed: Map<number, bigint>): StoredLetter[] {
  return letters.filter((letter) => {
    if (selection.offsets.includes(`${letter.partition}@${letter.offset}`)) return true;
    if (selection.eventIds.length && selection.eventIds.includes(String(envelopeOf(letter)?.event_id))) return true;
    return selection.all && BigInt(letter.offset) >= (committed.get(letter.partition) ?? 0n);
  });
}
