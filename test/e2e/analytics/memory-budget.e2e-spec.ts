import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIELD_LIMITS, ProductData } from '@app/kafka';
import { Producer } from 'kafkajs';
import { envelope, objectId, postData, productData } from '../../../apps/analytics/src/testing/event-fixtures';
import { AppProcess, buildApps } from '../../../scripts/faults/apps';
import { peakRssMb } from '../../../scripts/bench/processes';
import { ANALYTICS_RUNTIME_ENV } from '../../../scripts/stack/profile';
import { freePort } from '../../../scripts/stack/proc';
import { AnalyticsTarget, analyticsEnv, analyticsTarget, produceEvent } from '../../support/analytics-app';
import { rows } from '../../support/databases';
import { eventually } from '../../support/eventually';
import { rawProducer } from '../../support/kafka-probe';

const EACH = 250;
const EMOJI = '\u{1F600}';

/** A post as large as the API lets one be: the longest body, every media URL at its longest (~83 KB of JSON). */
function largestPost() {
  const id = objectId();
  return postData({
    id,
    body: EMOJI.repeat(FIELD_LIMITS.post.body),
    media_urls: Array.from({ length: FIELD_LIMITS.post.media_urls }, (_, i) =>
      `https://cdn.example/${id}/${i}/`.padEnd(FIELD_LIMITS.post.media_url, 'x'),
    ),
    product_ids: Array.from({ length: FIELD_LIMITS.post.product_ids }, objectId),
  });
}

/**
 * A product with the most variants, each with attributes, as large as a request body under the API's 100 KB JSON
 * limit can make it: 100 rows of product_variants per event.
 */
function largestProduct(): ProductData {
  const id = objectId();
  return productData({
    id,
    description: EMOJI.repeat(2_000),
    variants: Array.from({ length: FIELD_LIMITS.product.variants }, (_, i) => ({
      sku: `${id}-${i}`,
      name: `Variant ${i}`,
      attributes: { color: 'c'.repeat(200), size: 's'.repeat(200), finish: 'f'.repeat(200) },
      price_cents: 1000 + i,
      stock: i,
    })),
  });
}

// The analytics app from its build, with the memory settings it runs with in production (ANALYTICS_RUNTIME_ENV: a
// 56 MB old space), draining a backlog of the largest events the API can produce: every one is applied and the
// process stays up. Its peak RSS is printed (the budget itself is measured by `npm run bench`, not asserted here).
describe('analytics within its memory settings', () => {
  let target: AnalyticsTarget;
  let producer: Producer;
  let app: AppProcess;

  beforeAll(async () => {
    await buildApps();
    target = await analyticsTarget('memory');
    producer = await rawProducer();
    app = new AppProcess(
      'analytics',
      'analytics',
      await freePort(),
      { ...analyticsEnv(target), ...ANALYTICS_RUNTIME_ENV, KAFKA_AUTO_OFFSET_RESET: 'latest', LOG_LEVEL: 'warn' },
      join(mkdtempSync(join(tmpdir(), 'memory-budget-')), 'analytics.log'),
    );
    await app.start();
  }, 300_000);

  afterAll(async () => {
    await app?.stop();
    await producer?.disconnect();
    await target?.drop();
  });

  async function outcomes(ids: string[]): Promise<{ outcome: string; n: number }[]> {
    return rows(target.db, 'SELECT outcome, COUNT(*) AS n FROM processed_events WHERE event_id IN (?) GROUP BY outcome', [ids]);
  }

  it('drains a backlog of the largest posts and products and applies every event', async () => {
    // The group starts at the end of the topics: one event on each is applied first, so the backlog after it is
    // read whole (the offsets are resolved) and arrives faster than it is applied.
    const [post, product] = [postData(), productData()];
    const firsts = [envelope('post.created', post.id, post), envelope('product.created', product.id, product)];
    for (const e of firsts) await produceEvent(producer, e);
    const firstIds = firsts.map((e) => e.event_id);
    await eventually(async () => ((await outcomes(firstIds))[0]?.n === 2 ? true : undefined), {
      timeoutMs: 60_000,
      what: 'the first post and product to be applied',
    });

    const posts = Array.from({ length: EACH }, () => largestPost());
    const products = Array.from({ length: EACH }, () => largestProduct());
    const events = [...posts.map((p) => envelope('post.created', p.id, p)), ...products.map((p) => envelope('product.created', p.id, p))];
    const bytes = events.reduce((sum, e) => sum + Buffer.byteLength(JSON.stringify(e)), 0);
    // Interleaved, so both topics' partitions are drained side by side, and 50 at a time, faster than it applies them.
    const interleaved = posts.flatMap((_, i) => [events[i]!, events[EACH + i]!]);
    for (let i = 0; i < interleaved.length; i += 50) {
      await Promise.all(interleaved.slice(i, i + 50).map((e) => produceEvent(producer, e)));
    }
    const ids = events.map((e) => e.event_id);
    // Until all are recorded, or the process is gone (out of memory: V8's fatal error is in its log).
    const recorded = await eventually(
      async () => {
        const n = (await outcomes(ids)).reduce((sum, o) => sum + o.n, 0);
        return n === ids.length || !app.running ? n : undefined;
      },
      { timeoutMs: 240_000, what: `all ${ids.length} events (${(bytes / 1048576).toFixed(0)} MB) to be recorded` },
    );
    expect({ recorded, running: app.running }).toEqual({ recorded: ids.length, running: true });

    console.log(
      `analytics drained ${ids.length} events (${(bytes / 1048576).toFixed(0)} MB, ${EACH * FIELD_LIMITS.product.variants} variant rows) ` +
        `with ${ANALYTICS_RUNTIME_ENV.NODE_OPTIONS}: peak RSS ${peakRssMb(app)?.toFixed(0)} MB`,
    );
    expect(await outcomes(ids)).toEqual([{ outcome: 'applied', n: ids.length }]);
    const postIds = posts.map((p) => p.id);
    expect(
      await rows(target.db, 'SELECT COUNT(*) AS n, MIN(CHAR_LENGTH(body)) AS body FROM posts WHERE post_id IN (?)', [postIds]),
    ).toEqual([{ n: EACH, body: FIELD_LIMITS.post.body }]);
    expect(
      await rows(target.db, 'SELECT COUNT(*) AS n FROM product_variants WHERE product_id IN (?)', [products.map((p) => p.id)]),
    ).toEqual([{ n: EACH * FIELD_LIMITS.product.variants }]);
  }, 360_000);
});
