/**
 * The event itself is unusable (bad payload): retrying cannot help, so it goes to the DLQ.
 * Anything else thrown while projecting (MySQL down, deadlock...) is transient and retried.
 */
export class PoisonEventError extends Error {
  readonly code = 'POISON_EVENT';

  constructor(message: string) {
    super(message);
    this.name = 'PoisonEventError';
  }
}
