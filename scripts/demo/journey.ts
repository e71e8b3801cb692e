import { randomUUID } from 'node:crypto';
import { EventType } from '../../libs/kafka/src/event-types';
import { Topic } from '../../libs/kafka/src/topics';
import { ApiClient, Authorize } from './api-client';

/** The entity kinds are the topics: one aggregate each. */
export type EntityKind = Topic;

/** An entity a step changed, for whoever wants to check the read model after it. */
export interface Touched {
  kind: EntityKind;
  id: string;
}

/** One API call of the journey, with the event it emits and what it changed. */
export interface JourneyStep {
  label: string;
  eventType: EventType;
  touched: Touched[];
}

export interface JourneyHooks {
  /** Before step `done` (0-based) of `total` runs. */
  progress?: (done: number, total: number, label: string) => void;
  /** After each step: the journey goes on when this resolves (the journey test waits for MySQL here). */
  afterStep?: (step: JourneyStep) => Promise<void>;
  /** Bearer tokens for a backend running AUTH_MODE=jwt (scripts/auth/tokens.ts). */
  authorize?: Authorize;
}

export interface JourneyResult {
  requests: number;
  steps: JourneyStep[];
  users: string[];
  suppliers: string[];
  products: string[];
  orders: string[];
  posts: string[];
}

const CITIES = [
  ['Lisbon', 'PT'],
  ['Berlin', 'DE'],
  ['Austin', 'US'],
  ['Osaka', 'JP'],
];

/**
 * A realistic session of the platform through its API only, touching all 20 event types:
 * users sign up, a supplier lists products, customers order, posts are written, things get deleted.
 * Shared by `npm run demo` and test/e2e/journey.e2e-spec.ts.
 */
export async function runJourney(baseUrl: string, hooks: JourneyHooks = {}): Promise<JourneyResult> {
  const api = new ApiClient(baseUrl, hooks.authorize);
  const run = randomUUID().slice(0, 8);
  const plan: Array<{ label: string; eventType: EventType; act: () => Promise<Touched[]> }> = [];
  const step = (label: string, eventType: EventType, act: () => Promise<Touched[]>) => plan.push({ label, eventType, act });
  const users: string[] = [];
  const suppliers: string[] = [];
  const products: string[] = [];
  const orders: string[] = [];
  const posts: string[] = [];
  const user = (id: string): Touched[] => [{ kind: 'user', id }];
  const supplierOf = (id: string): Touched[] => [{ kind: 'supplier', id }];
  const product = (id: string): Touched[] => [{ kind: 'product', id }];
  const order = (id: string): Touched[] => [{ kind: 'order', id }];
  const post = (id: string): Touched[] => [{ kind: 'post', id }];
  let supplier = '';

  for (const [i, name] of ['Ana', 'Ben', 'Chloe', 'Dev'].entries()) {
    step(`user.created ${name}`, EventType.USER_CREATED, async () => {
      const created = await api.post('/users', {
        email: `${name.toLowerCase()}.${run}@example.com`,
        profile: { display_name: `${name} ${run}`, first_name: name, last_name: 'Demo', bio: `Demo shopper #${i + 1}` },
        contact: { phone: `+1555000${i}` },
      });
      users.push(created.id);
      return user(created.id);
    });
  }
  step('user.updated', EventType.USER_UPDATED, async () => {
    await api.patch(`/users/${users[0]}`, { profile: { display_name: `Ana the buyer ${run}` } }, { user: users[0] });
    return user(users[0]);
  });
  step('supplier.created', EventType.SUPPLIER_CREATED, async () => {
    supplier = (
      await api.post('/suppliers', {
        name: `Acme Goods ${run}`,
        contact: { email: `sales.${run}@acme.example`, phone: '+15551234' },
        address: { line1: '1 Market St', city: 'Porto', state: null, postal_code: '4000-001', country: 'PT' },
      })
    ).id;
    suppliers.push(supplier);
    return supplierOf(supplier);
  });
  step('supplier.updated', EventType.SUPPLIER_UPDATED, async () => {
    await api.patch(
      `/suppliers/${supplier}`,
      { name: `Acme Goods & Co ${run}`, address: { line1: '2 Market St', city: 'Braga', country: 'PT' } },
      { supplier },
    );
    return supplierOf(supplier);
  });
  step('supplier.created (short-lived)', EventType.SUPPLIER_CREATED, async () => {
    const other = await api.post('/suppliers', {
      name: `Short-lived ${run}`,
      contact: { email: `bye.${run}@example.com` },
      address: { line1: 'x', city: 'Faro', country: 'PT' },
    });
    suppliers.push(other.id);
    return supplierOf(other.id);
  });
  step('supplier.deleted', EventType.SUPPLIER_DELETED, async () => {
    await api.delete(`/suppliers/${suppliers[1]}`, { supplier: suppliers[1] });
    return supplierOf(suppliers[1]);
  });
  for (const [i, item] of ['Mug', 'T-shirt', 'Poster', 'Sticker pack', 'Tote bag'].entries()) {
    step(`product.created ${item}`, EventType.PRODUCT_CREATED, async () => {
      const created = await api.post(
        '/products',
        {
          name: `${item} ${run}`,
          description: `A very nice ${item.toLowerCase()}`,
          category: 'merch',
          base_price_cents: 1000 + i * 250,
          currency: 'USD',
          variants: [
            { sku: `${run}-${i}-S`, name: 'Small', attributes: { size: 'S' }, price_cents: 1000 + i * 250, stock: 50 },
            { sku: `${run}-${i}-L`, name: 'Large', attributes: { size: 'L' }, price_cents: 1500 + i * 250, stock: 20 },
          ],
        },
        { supplier },
      );
      products.push(created.id);
      return product(created.id);
    });
  }
  step('product.updated', EventType.PRODUCT_UPDATED, async () => {
    await api.patch(
      `/products/${products[0]}`,
      {
        description: 'Now dishwasher safe',
        variants: [
          { sku: `${run}-0-S`, name: 'Small', attributes: { size: 'S' }, price_cents: 1100, stock: 40 },
          { sku: `${run}-0-L`, name: 'Large', attributes: { size: 'L' }, price_cents: 1600, stock: 15 },
          { sku: `${run}-0-XL`, name: 'Extra large', attributes: { size: 'XL' }, price_cents: 1900, stock: 5 },
        ],
      },
      { supplier },
    );
    return product(products[0]);
  });
  for (let i = 0; i < 4; i += 1) {
    step(`product.published #${i + 1}`, EventType.PRODUCT_PUBLISHED, async () => {
      await api.post(`/products/${products[i]}/publish`, undefined, { supplier });
      return product(products[i]);
    });
  }
  for (let i = 0; i < 8; i += 1) {
    step(`order.created #${i + 1}`, EventType.ORDER_CREATED, async () => {
      const buyer = users[i % 3];
      const [city, country] = CITIES[i % CITIES.length];
      const created = await api.post(
        '/orders',
        {
          items: [
            { product_id: products[i % 4], sku: `${run}-${i % 4}-S`, quantity: 1 + (i % 3) },
            { product_id: products[(i + 1) % 4], sku: `${run}-${(i + 1) % 4}-L`, quantity: 1 },
          ],
          shipping_address: { recipient_name: `Buyer ${i}`, line1: `${i + 10} Main St`, city, postal_code: `100${i}`, country },
        },
        { user: buyer },
      );
      orders.push(created.id);
      return order(created.id);
    });
  }
  step('order.cancelled', EventType.ORDER_CANCELLED, async () => {
    await api.post(`/orders/${orders[1]}/cancel`, { reason: 'changed my mind' }, { user: users[1] });
    return order(orders[1]);
  });
  step('order.shipped', EventType.ORDER_SHIPPED, async () => {
    await api.post(`/orders/${orders[0]}/ship`, { carrier: 'DHL', tracking_number: `JD${run}0` }, { supplier });
    return order(orders[0]);
  });
  step('product.out_of_stock', EventType.PRODUCT_OUT_OF_STOCK, async () => {
    await api.post(`/products/${products[2]}/out-of-stock`, undefined, { supplier });
    return product(products[2]);
  });
  step('product.restored', EventType.PRODUCT_RESTORED, async () => {
    await api.post(`/products/${products[2]}/restore`, undefined, { supplier });
    return product(products[2]);
  });
  step('product.discontinued', EventType.PRODUCT_DISCONTINUED, async () => {
    await api.post(`/products/${products[3]}/discontinue`, undefined, { supplier });
    return product(products[3]);
  });
  step('product.deleted', EventType.PRODUCT_DELETED, async () => {
    await api.delete(`/products/${products[4]}`, { supplier });
    return product(products[4]);
  });
  for (let i = 0; i < 3; i += 1) {
    step(`post.created #${i + 1}`, EventType.POST_CREATED, async () => {
      const created = await api.post(
        '/posts',
        { body: `Loving my new things #${i}`, media_urls: [`https://img.example/${run}/${i}.jpg`], product_ids: [products[i]] },
        { user: users[i] },
      );
      posts.push(created.id);
      return post(created.id);
    });
  }
  step('post.updated', EventType.POST_UPDATED, async () => {
    await api.patch(`/posts/${posts[0]}`, { body: 'Edited: still loving it' }, { user: users[0] });
    return post(posts[0]);
  });
  step('post.published', EventType.POST_PUBLISHED, async () => {
    await api.post(`/posts/${posts[0]}/publish`, undefined, { user: users[0] });
    return post(posts[0]);
  });
  step('post.deleted', EventType.POST_DELETED, async () => {
    await api.delete(`/posts/${posts[2]}`, { user: users[2] });
    return post(posts[2]);
  });
  step('user.deleted', EventType.USER_DELETED, async () => {
    await api.delete(`/users/${users[3]}`, { user: users[3] });
    return user(users[3]);
  });

  const steps: JourneyStep[] = [];
  for (const [i, { label, eventType, act }] of plan.entries()) {
    hooks.progress?.(i, plan.length, label);
    const done: JourneyStep = { label, eventType, touched: await act() };
    steps.push(done);
    await hooks.afterStep?.(done);
  }
  hooks.progress?.(plan.length, plan.length, 'done');
  return { requests: api.requests, steps, users, suppliers, products, orders, posts };
}
