import { randomUUID } from 'node:crypto';
import { ApiClient } from './api-client';

export interface JourneyResult { requests: number; users: string[]; products: string[]; orders: string[]; posts: string[] }

const CITIES = [['Lisbon', 'PT'], ['Berlin', 'DE'], ['Austin', 'US'], ['Osaka', 'JP']];

/**
 * A realistic session of the platform through its API only, touching all 19 event types:
 * users sign up, a supplier lists products, customers order, posts are written, things get deleted.
 */
export async function runJourney(baseUrl: string, progress: (done: number, total: number, label: string) => void): Promise<JourneyResult> {
  const api = new ApiClient(baseUrl);
  const run = randomUUID().slice(0, 8);
  const steps: Array<[string, () => Promise<void>]> = [];
  const users: string[] = [];
  const products: string[] = [];
  const orders: string[] = [];
  const posts: string[] = [];
  let supplier = '';

  for (const [i, name] of ['Ana', 'Ben', 'Chloe', 'Dev'].entries()) {
    steps.push([`user.created ${name}`, async () => {
      const user = await api.post('/users', {
        email: `${name.toLowerCase()}.${run}@example.com`,
        profile: { display_name: `${name} ${run}`, first_name: name, last_name: 'Demo', bio: `Demo shopper #${i + 1}` },
        contact: { phone: `+1555000${i}` },
      });
      users.push(user.id);
    }]);
  }
  steps.push(['user.updated', async () => { await api.patch(`/users/${users[0]}`, { profile: { display_name: `Ana the buyer ${run}` } }, { user: users[0] }); }]);
  steps.push(['supplier.created', async () => {
    supplier = (await api.post('/suppliers', {
      name: `Acme Goods ${run}`,
      contact: { email: `sales.${run}@acme.example`, phone: '+15551234' },
      address: { line1: '1 Market St', city: 'Porto', state: null, postal_code: '4000-001', country: 'PT' },
    })).id;
  }]);
  steps.push(['supplier.updated', async () => { await api.patch(`/suppliers/${supplier}`, { name: `Acme Goods & Co ${run}` }, { supplier }); }]);
  steps.push(['supplier.deleted', async () => {
    const other = await api.post('/suppliers', {
      name: `Short-lived ${run}`, contact: { email: `bye.${run}@example.com` }, address: { line1: 'x', city: 'Faro', country: 'PT' },
    });
    await api.delete(`/suppliers/${other.id}`, { supplier: other.id });
  }]);
  for (const [i, item] of ['Mug', 'T-shirt', 'Poster', 'Sticker pack', 'Tote bag'].entries()) {
    steps.push([`product.created ${item}`, async () => {
      const product = await api.post('/products', {
        name: `${item} ${run}`, description: `A very nice ${item.toLowerCase()}`, category: 'merch',
        base_price_cents: 1000 + i * 250, currency: 'USD',
        variants: [
          { sku: `${run}-${i}-S`, name: 'Small', attributes: { size: 'S' }, price_cents: 1000 + i * 250, stock: 50 },
          { sku: `${run}-${i}-L`, name: 'Large', attributes: { size: 'L' }, price_cents: 1500 + i * 250, stock: 20 },
        ],
      }, { supplier });
      products.push(product.id);
    }]);
  }
  steps.push(['product.updated', async () => { await api.patch(`/products/${products[0]}`, { description: 'Now dishwasher safe' }, { supplier }); }]);
  for (let i = 0; i < 4; i += 1) {
    steps.push([`product.published #${i + 1}`, async () => { await api.post(`/products/${products[i]}/publish`, undefined, { supplier }); }]);
  }
  for (let i = 0; i < 8; i += 1) {
    steps.push([`order.created #${i + 1}`, async () => {
      const buyer = users[i % 3];
      const [city, country] = CITIES[i % CITIES.length];
      const order = await api.post('/orders', {
        items: [
          { product_id: products[i % 4], sku: `${run}-${i % 4}-S`, quantity: 1 + (i % 3) },
          { product_id: products[(i + 1) % 4], sku: `${run}-${(i + 1) % 4}-L`, quantity: 1 },
        ],
        shipping_address: { recipient_name: `Buyer ${i}`, line1: `${i + 10} Main St`, city, postal_code: `100${i}`, country },
      }, { user: buyer });
      orders.push(order.id);
    }]);
  }
  steps.push(['order.cancelled', async () => { await api.post(`/orders/${orders[1]}/cancel`, { reason: 'changed my mind' }, { user: users[1] }); }]);
  steps.push(['product.out_of_stock', async () => { await api.post(`/products/${products[2]}/out-of-stock`, undefined, { supplier }); }]);
  steps.push(['product.restored', async () => { await api.post(`/products/${products[2]}/restore`, undefined, { supplier }); }]);
  steps.push(['product.discontinued', async () => { await api.post(`/products/${products[3]}/discontinue`, undefined, { supplier }); }]);
  steps.push(['product.deleted', async () => { await api.delete(`/products/${products[4]}`, { supplier }); }]);
  for (let i = 0; i < 3; i += 1) {
    steps.push([`post.created #${i + 1}`, async () => {
      const post = await api.post('/posts', { body: `Loving my new things #${i}`, media_urls: [`https://img.example/${run}/${i}.jpg`], product_ids: [products[i]] }, { user: users[i] });
      posts.push(post.id);
    }]);
  }
  steps.push(['post.updated', async () => { await api.patch(`/posts/${posts[0]}`, { body: 'Edited: still loving it' }, { user: users[0] }); }]);
  steps.push(['post.published', async () => { await api.post(`/posts/${posts[0]}/publish`, undefined, { user: users[0] }); }]);
  steps.push(['post.deleted', async () => { await api.delete(`/posts/${posts[2]}`, { user: users[2] }); }]);
  steps.push(['user.deleted', async () => { await api.delete(`/users/${users[3]}`, { user: users[3] }); }]);

  for (const [i, [label, step]] of steps.entries()) {
    progress(i, steps.length, label);
    await step();
  }
  progress(steps.length, steps.length, 'done');
  return { requests: api.requests, users, products: products.slice(0, 4), orders, posts };
}
