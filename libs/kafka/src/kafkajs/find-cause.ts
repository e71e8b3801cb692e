/**
 * The first error along `err`'s `cause` chain (itself included) that `match` accepts: kafkajs wraps what its retries
 * gave up on (KafkaJSNonRetriableError, KafkaJSNumberOfRetriesExceeded) around the broker's own error. A chain that
 * loops back on itself ends there.
 */
export function findCause(err: unknown, match: (e: Error & { type?: string }) => boolean): (Error & { type?: string }) | undefined {
  const seen = new Set<unknown>();
  for (let e = err; e instanceof Error && !seen.has(e); e = e.cause) {
    if (match(e)) return e;
    seen.add(e);
  }
  return undefined;
}
