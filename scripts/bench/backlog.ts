import { randomBytes } from 'node:crypto';
import { AnyEventEnvelope, buildEnvelope, EventType, KafkaConfig, PayloadOf, topicOf } from '@app/kafka';
import { Kafka } from 'kafkajs';
import '../../libs/kafka/src/kafkajs/request-queue-fix';
import { objectId, orderData, postData, productData, userData } from '../../apps/analytics/src/testing/event-fixtures';

/** Follow-ups (updates, lifecycle, deletes) land this many entities behind their creates: other batches, not the same one. */
const LAG = 50;

export interface Backlog {
  envelopes: AnyEventEnvelope[];
  /** Distinct event ids: the processed_events rows a correct consumer ends with (redeliveries are in `envelopes` twice). */
  uniqueEvents: number;
  /** Rows an event writes on average (its target row + child rows + its processed_events row). */
  rowsPerEvent: number;
}

/**
 * A realistic mix, in cycles: each cycle creates a user, a product (4 variants), an order (4 items) and a post,
 * and updates / publishes the ones created LAG cycles earlier; every 10th cycle also cancels an order and
 * soft-deletes a user, every 20th hard-deletes a product, every 50th redelivers an earlier event.
 */
export function buildBacklog(size: number): Backlog {
  const envelopes: AnyEventEnvelope[] = [];
  const users: PayloadOf<'user.created'>[] = [];
  const products: PayloadOf<'product.created'>[] = [];
  const orders: PayloadOf<'order.created'>[] = [];
  const posts: PayloadOf<'post.created'>[] = [];
  let clock = Date.now() - size;
  let rows = 0;
  const versions = new Map<string, number>();
  const emit = <T extends EventType>(type: T, id: string, data: PayloadOf<T>, rowsWritten: number) => {
    // As the backend writes them: each entity's events carry its version, 1 at create, +1 per change.
    const entity_version = (versions.get(id) ?? 0) + 1;
    versions.set(id, entity_version);
    envelopes.push({ ...buildEnvelope(type, id, data, new Date(clock++)), entity_version } as AnyEventEnvelope);
    rows += rowsWritten + 1;
  };
  for (let cycle = 0; envelopes.length < size; cycle++) {
    const user = userData();
    const product = productData({ variants: variants(user.id), supplier_id: objectId() });
    const order = orderData({ customer: { user_id: user.id, email: user.email, display_name: 'Ada L' } });
    order.items = [1, 2, 3, 4].map((line_no) => ({ ...order.items[0], line_no }));
    const post = postData({ author: { user_id: user.id, display_name: 'Ada L' }, product_ids: [product.id] });
    users.push(user);
    products.push(product);
    orders.push(order);
    posts.push(post);
    emit('user.created', user.id, user, 1);
    emit('product.created', product.id, product, 1 + product.variants.length);
    emit('order.created', order.id, order, 1 + order.items.length);
    emit('post.created', post.id, post, 1);
    if (cycle < LAG) continue;
    const back = cycle - LAG;
    const [u, p, o, t] = [users[back], products[back], orders[back], posts[back]];
    const later = new Date(clock).toISOString();
    emit('user.updated', u.id, { ...u, profile: { ...u.profile, bio: `updated ${cycle}` }, updated_at: later }, 1);
    emit('product.published', p.id, { ...p, status: 'active', published_at: later, updated_at: later }, 1 + p.variants.length);
    emit('post.published', t.id, { ...t, status: 'published', published_at: later, updated_at: later }, 1);
    if (cycle % 10 === 0) {
      emit('order.cancelled', o.id, { order_id: o.id, order_number: o.order_number, reason: 'changed mind', cancelled_at: later }, 1);
      emit('user.deleted', u.id, { user_id: u.id, deleted_at: later }, 1);
    }
    if (cycle % 20 === 0 && back >= LAG) {
      const gone = products[back - LAG];
      emit('product.deleted', gone.id, { product_id: gone.id, supplier_id: gone.supplier_id, deleted_at: later }, 1);
    }
    if (cycle % 50 === 0) envelopes.push(envelopes[envelopes.length - 100]);
  }
  const uniqueEvents = new Set(envelopes.map((e) => e.event_id)).size;
  return { envelopes, uniqueEvents, rowsPerEvent: rows / uniqueEvents };
}

function variants(seed: string): PayloadOf<'product.created'>['variants'] {
  return ['S', 'M', 'L', 'XL'].map((size, i) => ({
    sku: `TEE-${seed.slice(-4)}-${size}`,
    name: `Size ${size}`,
    attributes: { size },
    price_cents: 1999 + i * 100,
    stock: 10 * i,
  }));
}

/** Writes the backlog to the platform's topics, key = entity_id, with the platform's own producer settings. */
/**
 * `traced`: each message carries a W3C traceparent header of a trace of its own, as the backend's sends do with
 * tracing on (so the traced analytics round extracts and links them as it would in production).
 */
export async function produceBacklog(kafkaConfig: KafkaConfig, backlog: Backlog, traced = false): Promise<void> {
  const { client, producer: options } = kafkaConfig.toProducerConfig();
  const producer = new Kafka(client).producer(options);
  await producer.connect();
  try {
    for (let i = 0; i < backlog.envelopes.length; i += 1000) {
      const chunk = backlog.envelopes.slice(i, i + 1000);
      await producer.sendBatch({
        topicMessages: [...new Set(chunk.map((e) => topicOf(e.event_type)))].map((topic) => ({
          topic,
          messages: chunk
            .filter((e) => topicOf(e.event_type) === topic)
            .map((e) => ({
              key: e.entity_id,
              value: JSON.stringify(e),
              ...(traced ? { headers: { traceparent: syntheticTraceparent() } } : {}),
            })),
        })),
      });
    }
  } finally {
    await producer.disconnect();
  }
}

/** A sampled W3C traceparent with random trace and span ids. */
function syntheticTraceparent(): string {
  return `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`;
}
