import type { Consumer } from 'kafkajs';
import type { ApplyResult } from '../projection/projection-applier';
import type { MessageSource } from '../projection/projection-write';

/** What became of one event, with where it was and the event itself as far as it is an envelope (the pipeline page's feed). */
export interface EventOutcome {
  source: MessageSource;
  /** The envelope (or, for a dead letter, whatever the value parsed to). */
  event: unknown;
  outcome: ApplyResult | 'dead-lettered';
  /** From the event's timestamp to its row committed (applied, duplicate, stale, superseded). */
  eventToRowSeconds?: number;
  /** Why it was dead-lettered. */
  error?: string;
}

/**
 * What the consumer reports as it works; metrics and readiness listen here (ConsumerMetrics, ConsumerMonitor).
 * Every method is optional, so an observer takes only what it needs.
 */
export interface ConsumerObserver {
  /** The kafkajs consumer, created and about to join its group (its instrumentation events tell the group state). */
  attached?(consumer: Consumer): void;
  /** One event went through the applier in a batch that took applySeconds; delay is from the event's timestamp to its row being committed. */
  applied?(eventType: string, outcome: ApplyResult, applySeconds: number, eventToRowSeconds: number): void;
  /** One batch committed: its number of events and the time its transaction took. */
  batchApplied?(events: number, seconds: number): void;
  deadLettered?(topic: string): void;
  /** An attempt failed and will be retried (MySQL down, a deadlock, a data rejection before its last attempt). */
  retried?(topic: string): void;
  /** A well-formed event of a type no handler takes was skipped. */
  skipped?(eventType: string): void;
  /** An event was applied whose entity_version is above its row's + 1 (versions in between never arrived). */
  versionGap?(topic: string): void;
  /** One event was applied (any outcome) or dead-lettered, told with where it was (RecentOutcomes). */
  outcome?(event: EventOutcome): void;
}

/** Several observers as one. */
export function observers(...list: ConsumerObserver[]): Required<ConsumerObserver> {
  return {
    attached: (consumer) => list.forEach((o) => o.attached?.(consumer)),
    applied: (...args) => list.forEach((o) => o.applied?.(...args)),
    batchApplied: (...args) => list.forEach((o) => o.batchApplied?.(...args)),
    deadLettered: (topic) => list.forEach((o) => o.deadLettered?.(topic)),
    retried: (topic) => list.forEach((o) => o.retried?.(topic)),
    skipped: (eventType) => list.forEach((o) => o.skipped?.(eventType)),
    versionGap: (topic) => list.forEach((o) => o.versionGap?.(topic)),
    outcome: (event) => list.forEach((o) => o.outcome?.(event)),
  };
}
