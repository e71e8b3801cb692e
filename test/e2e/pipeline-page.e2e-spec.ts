import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { Producer } from 'kafkajs';
import puppeteer, { Browser, Page } from 'puppeteer-core';
import request from 'supertest';
import { createAnalyticsApp } from '../../apps/analytics/src/analytics.app';
import { envelope, orderData } from '../../apps/analytics/src/testing/event-fixtures';
import { createPipelineApp } from '../../apps/pipeline/src/pipeline.app';
import { chromiumArgs, ensureChromium } from '../../scripts/browser/chromium';
import { AnalyticsTarget, analyticsEnv, analyticsTarget, produce, testLogger } from '../support/analytics-app';
import { startBackendApp } from '../support/backend-app';
import { rows } from '../support/databases';
import { eventually } from '../support/eventually';
import { rawProducer } from '../support/kafka-probe';
import { createActiveProduct, createSupplier, createUser, SHIPPING, USER_ID } from './backend/fixtures';

const RESULTS = join(__dirname, '..', '..', '.test-results');

/** The pipeline page in headless Chromium, on the real backend, analytics and stack. */
describe('pipeline page', () => {
  let target: AnalyticsTarget;
  let backend: INestApplication;
  let analytics: INestApplication;
  let analyticsPort: number;
  let pipeline: INestApplication;
  let browser: Browser;
  let page: Page;
  let producer: Producer;
  const loaded: Array<{ url: string; bytes: number }> = [];

  const startAnalytics = (port: number) => createAnalyticsApp({ ...analyticsEnv(target), PORT: String(port) }, { logger: testLogger() });
  const urlOf = async (app: INestApplication) => (await app.getUrl()).replace('[::1]', '127.0.0.1');
  /** The text (or an attribute) of the first element `selector` matches, null while there is none. */
  const textOf = (selector: string, attribute?: string) =>
    page.$eval(selector, (el, name) => (name ? el.getAttribute(name) : el.textContent), attribute).catch(() => null);
  /** Polls the page until the text (or attribute) of `selector` passes `test`; returns it. */
  const waitFor = (selector: string, test: (text: string) => boolean, timeoutMs: number, attribute?: string) =>
    eventually(
      async () => {
        const text = await textOf(selector, attribute);
        return text !== null && test(text) ? text : undefined;
      },
      { timeoutMs, intervalMs: 50, what: `${selector}${attribute ? `[${attribute}]` : ''} on the page` },
    );
  const lagOf = (topic: string) =>
    page.$$eval(`#partitions tr[data-topic="${topic}"] td.lag`, (cells) => cells.reduce((sum, c) => sum + Number(c.textContent), 0));

  beforeAll(async () => {
    const executablePath = ensureChromium();
    target = await analyticsTarget('page');
    backend = await startBackendApp();
    await backend.listen(0, '127.0.0.1');
    analytics = await startAnalytics(0);
    analyticsPort = Number(new URL(await urlOf(analytics)).port);
    pipeline = await createPipelineApp(
      {
        PORT: '0',
        BACKEND_URL: await urlOf(backend),
        ANALYTICS_URL: `http://127.0.0.1:${analyticsPort}`,
        KAFKA_GROUP_ID: target.groupId,
        MYSQL_DATABASE: target.database,
        DLQ_REPLAY_GROUP: `${target.groupId}-replay`,
      },
      ['error'],
    );
    producer = await rawProducer();
    // A fresh group reads the shared topics from the beginning: start once it has caught up.
    await eventually(
      async () => {
        const res = await request(analytics.getHttpServer()).get('/health/ready');
        return res.status === 200 && (res.body.info?.consumer?.lag ?? 1) < 50 ? true : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500, what: 'analytics to catch up with the topics' },
    );
    browser = await puppeteer.launch({ executablePath, headless: false, args: chromiumArgs() });
    page = await browser.newPage();
    await page.setViewport({ width: 1400, height: 1000 });
    page.on('response', (response) => {
      void response.buffer().then(
        (body) => loaded.push({ url: response.url(), bytes: body.length }),
        () => undefined, // the event stream has no body to buffer
      );
    });
    await page.goto(await urlOf(pipeline), { waitUntil: 'domcontentloaded' });
    await waitFor('#analytics-ready', (t) => t.includes('ready'), 10_000);
  }, 600_000); // the first run on a machine installs chromium (apt-get, ~100 MB)

  afterAll(async () => {
    await browser?.close();
    await producer?.disconnect();
    await pipeline?.close();
    await analytics?.close();
    await backend?.close();
    await target?.drop();
  });

  it('loads only from the platform itself and weighs a few kilobytes', async () => {
    const origin = new URL(await urlOf(pipeline)).origin;
    const html = loaded.find((l) => l.url === `${origin}/`);
    const script = loaded.find((l) => l.url === `${origin}/assets/pipeline.js`);
    expect(html?.bytes).toBeGreaterThan(0);
    expect(script?.bytes).toBeGreaterThan(0);
    expect(loaded.filter((l) => !l.url.startsWith(origin))).toEqual([]);
    console.log(`page weight: HTML ${html!.bytes} B + script ${script!.bytes} B = ${html!.bytes + script!.bytes} B`);
  });

  it('is updated at least once a second over server-sent events', async () => {
    const ticks = new Set<string>();
    const started = Date.now();
    while (Date.now() - started < 3500) {
      ticks.add((await textOf('body', 'data-last-tick')) ?? '');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    ticks.delete('');
    expect(ticks.size).toBeGreaterThanOrEqual(3);
    expect(await page.$$eval('#partitions tr', (trs) => trs.length)).toBeGreaterThanOrEqual(5);
  });

  it("shows a new order's event in the feed and its MySQL row within 3 s of the API call", async () => {
    const http = backend.getHttpServer();
    const user = await createUser(http);
    const supplier = await createSupplier(http);
    const product = await createActiveProduct(http, supplier.id);
    const res = await request(http)
      .post('/orders')
      .set(USER_ID, user.id)
      .send({ items: [{ product_id: product.id, sku: product.variants[0].sku, quantity: 2 }], shipping_address: SHIPPING })
      .expect(201);
    const placed = Date.now();
    const row = `#feed tr[data-entity="${res.body.id}"]`;
    await waitFor(row, (t) => t.includes('order.created'), 3000);
    const feedLine = await page.$eval(row, (tr) => tr.textContent);
    expect(feedLine).toMatch(/order\.created.*order\[\d+\]@\d+.*applied\d+ ms/);
    // time, type, entity, partition@offset, version (the envelope's entity_version: 1 at create), outcome, delay
    const cells = await page.$$eval(`${row} td`, (tds) => tds.map((td) => td.textContent));
    expect(cells.slice(1, 2).concat(cells.slice(4, 6))).toEqual(['order.created', '1', 'applied']);
    await page.click(`${row} button.follow`);
    await waitFor(
      '.rows[data-table="orders"] td[data-col="order_number"]',
      (t) => t === res.body.order_number,
      3000 - (Date.now() - placed),
    );
    const elapsed = Date.now() - placed;
    expect(await page.$eval('.rows[data-table="order_items"]', (el) => el.textContent)).toContain(product.variants[0].sku);
    console.log(`order ${res.body.id}: its event and row on the page ${elapsed} ms after the API answered`);
    expect(elapsed).toBeLessThan(3000);
  });

  it('shows lag rising while analytics is stopped and falling once it is back, with the reason it is not ready', async () => {
    await eventually(async () => ((await lagOf('user')) === 0 ? true : undefined), { timeoutMs: 20_000, what: 'no user lag' });
    await analytics.close();
    await waitFor('#analytics-ready', (t) => t.includes('not ready: not answering'), 10_000);
    const http = backend.getHttpServer();
    for (let i = 0; i < 20; i++) await createUser(http);
    const peak = await eventually(
      async () => {
        const lag = await lagOf('user');
        return lag >= 20 ? lag : undefined;
      },
      { timeoutMs: 10_000, what: 'the user lag on the page to reach 20' },
    );
    console.log(`user lag on the page while analytics is stopped: ${peak}`);

    analytics = await startAnalytics(analyticsPort);
    await eventually(async () => ((await lagOf('user')) === 0 ? true : undefined), {
      timeoutMs: 30_000,
      what: 'the user lag on the page to fall to 0',
    });
    await waitFor('#analytics-ready span', (t) => t === 'ready', 30_000);
  });

  it('replays a dead letter from the page and shows it applied, once', async () => {
    const first = orderData();
    await produce(producer, 'order', first.id, envelope('order.created', first.id, first));
    await eventually(async () =>
      (await rows(target.db, 'SELECT 1 FROM orders WHERE order_id = ?', [first.id])).length ? true : undefined,
    );
    const clash = orderData({ order_number: first.order_number });
    const rejected = envelope('order.created', clash.id, clash);
    await produce(producer, 'order', clash.id, rejected);

    const letter = `#dlq-list tr[data-event-id="${rejected.event_id}"]`;
    await page.waitForSelector(letter, { timeout: 40_000 });
    expect(await page.$eval(letter, (tr) => tr.textContent)).toMatch(/order\.created.*attempts 3.*MySQL rejected it after 3 attempts/);
    await page.click(`${letter} button.open`);
    await waitFor('#letter', (t) => t.includes(rejected.event_id), 10_000);
    expect(JSON.parse((await page.$eval('#letter', (el) => el.textContent))!)).toMatchObject({
      original_event: rejected,
      source_topic: 'order',
    });
    await waitFor(`#feed tr[data-event-id="${rejected.event_id}"]`, (t) => t === 'dead-lettered', 5000, 'data-outcome');

    // The fix: the order holding the number goes; then the replay from the page applies.
    await target.db.query('DELETE FROM orders WHERE order_id = ?', [first.id]);
    await page.click(`${letter} button.replay`);
    await waitFor('#replay-status', (t) => t === 'applied', 15_000, 'data-outcome');
    console.log(`replay status on the page: ${await page.$eval('#replay-status', (el) => el.textContent)}`);
    expect(await rows(target.db, 'SELECT outcome FROM processed_events WHERE event_id = ?', [rejected.event_id])).toEqual([
      { outcome: 'applied' },
    ]);
    expect(await rows(target.db, 'SELECT order_number FROM orders WHERE order_id = ?', [clash.id])).toEqual([
      { order_number: first.order_number },
    ]);

    // Replayed again: refused with the reason, as `npm run dlq -- replay` refuses it (its event_id is processed), and nothing changes.
    await page.click(`${letter} button.replay`);
    await waitFor('#replay-status', (t) => t.includes(`event_id ${rejected.event_id} is already in processed_events`), 15_000);
    expect(await rows(target.db, 'SELECT outcome FROM processed_events WHERE event_id = ?', [rejected.event_id])).toEqual([
      { outcome: 'applied' },
    ]);
  });

  it('follows an entity: MySQL equals what the contract derives from its document, and a row changed by hand is highlighted', async () => {
    const http = backend.getHttpServer();
    const user = await createUser(http);
    const supplier = await createSupplier(http);
    const product = await createActiveProduct(http, supplier.id);
    const order = (
      await request(http)
        .post('/orders')
        .set(USER_ID, user.id)
        .send({ items: [{ product_id: product.id, sku: product.variants[1].sku, quantity: 1 }], shipping_address: SHIPPING })
        .expect(201)
    ).body;
    await eventually(async () =>
      (await rows(target.db, 'SELECT 1 FROM orders WHERE order_id = ?', [order.id])).length ? true : undefined,
    );
    await page.select('#entity-kind', 'order');
    await page.$eval('#entity-id', (input, id) => ((input as unknown as { value: string }).value = id), order.id);
    await page.click('#entity-go');
    // The entity shown before (an earlier test's) was equal too: wait for this order's view first.
    await waitFor('#follow pre', (text) => text.includes(order.order_number), 5000);
    await waitFor('#reconcile', (equal) => equal === 'true', 5000, 'data-equal');

    await target.db.query("UPDATE orders SET shipping_city = 'Nowhere' WHERE order_id = ?", [order.id]);
    await waitFor('#reconcile', (equal) => equal === 'false', 5000, 'data-equal');
    expect(await textOf('#reconcile')).toContain('1 difference(s)');
    expect(await textOf('.rows[data-table="orders"] td.diff')).toBe('Nowhere');
    expect(await page.$$eval('.rows[data-table="orders"] td.diff', (cells) => cells.map((c) => c.getAttribute('data-col')))).toEqual([
      'shipping_city',
    ]);
    expect(await textOf('#entity table')).toMatch(/row\.shipping_city"London""Nowhere"/);
  });

  it("runs the demo journey one step per click and shows each step's event arriving", async () => {
    for (let step = 1; step <= 8; step++) {
      await page.click('#journey-next');
      await waitFor(`#journey-log tr:nth-child(${step})`, (t) => t.includes('applied at'), 10_000);
    }
    expect(await page.$eval('#journey-log', (el) => el.textContent)).toMatch(/1\/\d+user\.created Ana.*applied at user\[\d+\]@\d+/);
    // The README's picture (docs/pipeline-page.png is a copy of one).
    mkdirSync(RESULTS, { recursive: true });
    await page.$$eval('section', (sections) => sections.forEach((section) => section.scrollTo(0, 0)));
    await page.screenshot({ path: join(RESULTS, 'pipeline-page.png'), fullPage: true });
  });
});
