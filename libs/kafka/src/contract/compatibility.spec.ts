import { buildAsyncApiDocument } from './asyncapi';
import { breakingChanges, releasedContract } from './compatibility';
import type { JsonSchema } from './json-schema';

type Doc = ReturnType<typeof buildAsyncApiDocument>;
const current = () => buildAsyncApiDocument();
const shippedData = (doc: Doc): JsonSchema => doc.components.schemas.OrderShippedData;

describe('the compatibility gate', () => {
  it('passes: the contract breaks nothing of the released one (libs/kafka/src/contract/released.asyncapi.json)', () => {
    // On failure: each line names what broke. Keep it compatible (add fields as optional, never remove or retype one),
    // or release a breaking contract on purpose: bump CONTRACT_VERSION's major, `npm run contract -- release`.
    expect(breakingChanges(releasedContract(), current())).toEqual([]);
  });
});

describe('breakingChanges', () => {
  const released = current();

  it('finds nothing between a contract and itself', () => {
    expect(breakingChanges(released, current())).toEqual([]);
  });

  it('lets a new optional field, a new message and a new channel pass', () => {
    const next = current();
    shippedData(next).properties!.carrier_url = { type: ['string', 'null'] };
    next.components.messages['order.returned'] = { ...next.components.messages['order.shipped'], name: 'order.returned' };
    next.channels.review = { address: 'review', description: '', messages: {} };
    expect(breakingChanges(released, next)).toEqual([]);
  });

  it('names a removed field, and a renamed one as the old name removed', () => {
    const next = current();
    const props = shippedData(next).properties!;
    props.tracking_code = props.tracking_number;
    delete props.tracking_number;
    delete props.carrier;
    shippedData(next).required = ['order_id', 'order_number', 'shipped_at'];
    expect(breakingChanges(released, next)).toEqual([
      'order.shipped.data.carrier: removed (or renamed): running consumers read it',
      'order.shipped.data.tracking_number: removed (or renamed): running consumers read it',
    ]);
  });

  it('names a new required field and an optional field made required', () => {
    const next = current();
    const order = next.components.schemas.OrderData;
    order.properties!.gift_note = { type: 'string' };
    order.required = [...order.required!, 'gift_note', 'carrier'];
    expect(breakingChanges(released, next)).toEqual([
      'order.created.data.gift_note: new required field (events already on the topic lack it; add it as optional)',
      'order.created.data.carrier: was optional, now required (events already on the topic lack it)',
      'order.snapshot.data.gift_note: new required field (events already on the topic lack it; add it as optional)',
      'order.snapshot.data.carrier: was optional, now required (events already on the topic lack it)',
    ]);
  });

  it('names a required field made optional', () => {
    const next = current();
    shippedData(next).required = shippedData(next).required!.filter((field) => field !== 'carrier');
    expect(breakingChanges(released, next)).toEqual([
      'order.shipped.data.carrier: was required, now optional (running consumers expect it on every event)',
    ]);
  });

  it('names a narrowed type (null no longer allowed, integer for number, an enum value gone) and a widened one', () => {
    const next = current();
    next.components.schemas.OrderCancelledData.properties!.reason = { type: 'string' };
    next.components.schemas.OrderStatus = { type: 'string', enum: ['pending', 'shipped', 'cancelled', 'refunded'] };
    next.components.schemas.PostStatus = { type: 'string', enum: ['draft'] };
    const changes = breakingChanges(released, next);
    expect(changes).toContain('order.cancelled.data.reason: type narrowed, no longer allows null (events already on the topic carry it)');
    expect(changes).toContain('order.created.data.status: type widened, now allows "refunded" (running consumers do not expect it)');
    expect(changes).toContain(
      'post.created.data.status: type narrowed, no longer allows "published" (events already on the topic carry it)',
    );
  });

  it('names a field in an array item and a removed message', () => {
    const next = current();
    delete next.components.schemas.OrderItemData.properties!.quantity;
    delete next.components.messages['post.deleted'];
    expect(breakingChanges(released, next)).toEqual([
      'order.created.data.items[].quantity: removed (or renamed): running consumers read it',
      'post.deleted: message removed',
      'order.snapshot.data.items[].quantity: removed (or renamed): running consumers read it',
    ]);
  });

  it('names an envelope field made required and a narrowed envelope field', () => {
    const next = current();
    const payload = next.components.messages['user.created'].payload;
    payload.required = [...payload.required!, 'entity_version'];
    payload.properties!.entity_id = { type: 'integer' };
    expect(breakingChanges(released, next)).toEqual([
      'user.created.entity_version: was optional, now required (events already on the topic lack it)',
      'user.created.entity_id: type narrowed, no longer allows string (events already on the topic carry it)',
      'user.created.entity_id: type widened, now allows integer (running consumers do not expect it)',
    ]);
  });
});
