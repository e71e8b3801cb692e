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

/** committed: the replay group's committed offset per partition of the letter's DLQ topic. */
export function summarise(letter: StoredLetter, committed: Map<number, bigint>, now = Date.now()): LetterSummary {
  const envelope = envelopeOf(letter);
  const failedAt = Date.parse(String(letter.value.failed_at));
  return {
    where: whereOf(letter),
    event_type: text(envelope?.event_type),
    event_id: text(envelope?.event_id),
    entity_id: text(envelope?.entity_id),
    reason: String(letter.value.error ?? ''),
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

/** The message that puts a letter's event back on its source topic, or why it cannot be replayed as is. */
export function replayOf(letter: StoredLetter): Replay | { refused: string } {
  if (letter.value.truncated !== undefined) {
    return {
      refused: `${whereOf(letter)} holds only a summary of a value too large to dead-letter whole; read the original at its source offset`,
    };
  }
  const envelope = envelopeOf(letter);
  if (!envelope || typeof envelope.event_type !== 'string') {
    return { refused: `${whereOf(letter)} is not an event envelope (${String(letter.value.error)}); fix it and produce it by hand` };
  }
  return {
    topic: String(letter.value.source_topic ?? letter.dlqTopic.replace(/^dlq\./, '')),
    key: letter.key ?? text(envelope.entity_id),
    value: JSON.stringify(envelope),
    from: whereOf(letter),
  };
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
