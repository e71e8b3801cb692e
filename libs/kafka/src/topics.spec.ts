import { ALL_EVENT_TYPES, DOMAIN_EVENT_TYPES, EventType, isEventType, isSnapshotEventType, snapshotTypeOf, topicOf } from './event-types';
import { dlqTopicOf, isTopic, Topic, TOPICS } from './topics';

describe('Topic', () => {
  it('has the five topics, and all() lists them', () => {
    expect([Topic.USER, Topic.ORDER, Topic.POST, Topic.PRODUCT, Topic.SUPPLIER]).toEqual(['user', 'order', 'post', 'product', 'supplier']);
    expect(Topic.all()).toEqual(['user', 'order', 'post', 'product', 'supplier']);
  });

  it('all() gives a fresh list each call', () => {
    Topic.all().push('other' as never);
    expect(Topic.all()).toHaveLength(5);
    expect(TOPICS).toHaveLength(5);
  });

  it('knows its topics and names their dead letter topics', () => {
    expect(isTopic('order')).toBe(true);
    expect(isTopic('orders')).toBe(false);
    expect(dlqTopicOf('order')).toBe('dlq.order');
  });
});

describe('EventType', () => {
  const expected: Record<string, string> = {
    USER_CREATED: 'user',
    USER_UPDATED: 'user',
    USER_DELETED: 'user',
    SUPPLIER_CREATED: 'supplier',
    SUPPLIER_UPDATED: 'supplier',
    SUPPLIER_DELETED: 'supplier',
    PRODUCT_CREATED: 'product',
    PRODUCT_UPDATED: 'product',
    PRODUCT_PUBLISHED: 'product',
    PRODUCT_DISCONTINUED: 'product',
    PRODUCT_OUT_OF_STOCK: 'product',
    PRODUCT_RESTORED: 'product',
    PRODUCT_DELETED: 'product',
    ORDER_CREATED: 'order',
    ORDER_CANCELLED: 'order',
    ORDER_SHIPPED: 'order',
    POST_CREATED: 'post',
    POST_UPDATED: 'post',
    POST_PUBLISHED: 'post',
    POST_DELETED: 'post',
    USER_SNAPSHOT: 'user',
    SUPPLIER_SNAPSHOT: 'supplier',
    PRODUCT_SNAPSHOT: 'product',
    ORDER_SNAPSHOT: 'order',
    POST_SNAPSHOT: 'post',
  };

  it('has the 19 event types of the brief plus order.shipped (Challenge 4) and a snapshot per topic, each "<topic>.<action>"', () => {
    expect(Object.keys(EventType).sort()).toEqual(Object.keys(expected).sort());
    expect(ALL_EVENT_TYPES).toHaveLength(25);
    expect(DOMAIN_EVENT_TYPES).toHaveLength(20);
    expect(ALL_EVENT_TYPES.filter(isSnapshotEventType)).toEqual(
      Topic.all()
        .map(snapshotTypeOf)
        .sort((a, b) => ALL_EVENT_TYPES.indexOf(a) - ALL_EVENT_TYPES.indexOf(b)),
    );
    for (const [name, value] of Object.entries(EventType)) {
      expect(value).toBe(`${expected[name]}.${name.slice(expected[name].length + 1).toLowerCase()}`);
    }
  });

  it.each(Object.entries(EventType))('%s goes to its topic', (name, eventType) => {
    expect(topicOf(eventType)).toBe(expected[name]);
    expect(Topic.all()).toContain(topicOf(eventType));
  });

  it('recognises its own types only', () => {
    expect(isEventType('order.created')).toBe(true);
    expect(isEventType('order.returned')).toBe(false);
    expect(isEventType(42)).toBe(false);
  });
});
