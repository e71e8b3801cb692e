import { Topic } from './topics';

/**
 * The event types, `<topic>.<action>`: the 20 domain events the API emits, and one `<topic>.snapshot` per topic: the
 * whole current document with its version, published by reconcile (`--heal`, `--rebuild`), never by a request.
 */
export const EventType = {
  USER_CREATED: 'user.created',
  USER_UPDATED: 'user.updated',
  USER_DELETED: 'user.deleted',
  SUPPLIER_CREATED: 'supplier.created',
  SUPPLIER_UPDATED: 'supplier.updated',
  SUPPLIER_DELETED: 'supplier.deleted',
  PRODUCT_CREATED: 'product.created',
  PRODUCT_UPDATED: 'product.updated',
  PRODUCT_PUBLISHED: 'product.published',
  PRODUCT_DISCONTINUED: 'product.discontinued',
  PRODUCT_OUT_OF_STOCK: 'product.out_of_stock',
  PRODUCT_RESTORED: 'product.restored',
  PRODUCT_DELETED: 'product.deleted',
  ORDER_CREATED: 'order.created',
  ORDER_CANCELLED: 'order.cancelled',
  ORDER_SHIPPED: 'order.shipped',
  POST_CREATED: 'post.created',
  POST_UPDATED: 'post.updated',
  POST_PUBLISHED: 'post.published',
  POST_DELETED: 'post.deleted',
  USER_SNAPSHOT: 'user.snapshot',
  SUPPLIER_SNAPSHOT: 'supplier.snapshot',
  PRODUCT_SNAPSHOT: 'product.snapshot',
  ORDER_SNAPSHOT: 'order.snapshot',
  POST_SNAPSHOT: 'post.snapshot',
} as const;

export type EventType = (typeof EventType)[keyof typeof EventType];

export const ALL_EVENT_TYPES: readonly EventType[] = Object.values(EventType);

export type SnapshotEventType = Extract<EventType, `${string}.snapshot`>;

export function isSnapshotEventType(eventType: string): eventType is SnapshotEventType {
  return eventType.endsWith('.snapshot');
}

/** The 20 event types a change made through the API emits (every type but the snapshots). */
export const DOMAIN_EVENT_TYPES: readonly EventType[] = ALL_EVENT_TYPES.filter((t) => !isSnapshotEventType(t));

/** `'user'` -> `'user.snapshot'`. */
export function snapshotTypeOf(topic: Topic): SnapshotEventType {
  return `${topic}.snapshot` as SnapshotEventType;
}

/** `'order.created'` -> `'order'`; the literal type follows the argument. */
export type TopicOf<T extends EventType> = T extends `${infer P}.${string}` ? P & Topic : never;

export function topicOf<T extends EventType>(eventType: T): TopicOf<T> {
  return homeTopicOf(eventType) as TopicOf<T>;
}

/** The part of any event_type before the dot: the topic it belongs on, if it names one (check with isTopic). */
export function homeTopicOf(eventType: string): string {
  return eventType.split('.')[0];
}

export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && (ALL_EVENT_TYPES as readonly string[]).includes(value);
}
