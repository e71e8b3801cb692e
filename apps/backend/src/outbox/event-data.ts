import { EventType, PayloadOf, Topic } from '@app/kafka';

/**
 * How one domain builds the `data` of its event types from its stored document (lean): the whole document, or ids and
 * what the change needs. `at` is the event's timestamp, for what a document does not keep (a hard delete's deleted_at).
 * Each domain declares its own next to its mapping and hands it to the write seam (`WriteSeam.for`).
 */
export type EventDataBuilders<P extends Topic = Topic> = {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each domain types its own document
  [T in Extract<EventType, `${P}.${string}`>]: (doc: any, at: string) => PayloadOf<T>;
};

/**
 * The builders every domain registered, by event type: the seam builds a request's event data with them, and the relay
 * rebuilds it after a crash lost the request's own envelope (the document then says what it is when relayed: the read
 * model converges to it). The outbox knows no domain: the domains fill this.
 */
export class EventDataRegistry {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private readonly builders = new Map<string, (doc: any, at: string) => unknown>();

  register(builders: EventDataBuilders): void {
    for (const [eventType, build] of Object.entries(builders)) this.builders.set(eventType, build);
  }

  dataOf<T extends EventType>(eventType: T, doc: unknown, at: string): PayloadOf<T> {
    const build = this.builders.get(eventType);
    if (!build) throw new Error(`no event data registered for ${eventType}`);
    return build(doc, at) as PayloadOf<T>;
  }
}
