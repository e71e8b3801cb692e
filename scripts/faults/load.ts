import { randomUUID } from 'node:crypto';
import { EntityKind } from '../demo/journey';
import { tryAnotherBackend } from './cluster-figures';
import { Mutation } from './ledger';

type Step = () => Promise<void>;
// The API's JSON answer; the load reads only ids from it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Answer = { status: number; body: any; errorCode?: string };

/** One backend instance the load may send to. */
export interface Backend {
  label: string;
  url: string;
}

/** How long a request goes on looking for the writer (standbys answering NOT_WRITER, a dead writer) before it gives up. */
const FIND_WRITER_MS = 60_000;

/**
 * A steady, bounded API load: `rate` mutations per second, at most `maxInFlight` at once (so a hung API
 * slows the load instead of piling up requests). Each entity goes through a short life (create, update,
 * publish, cancel, delete...), every event type at most once per entity, so one (entity, event type)
 * pair is one mutation. With several backends it sends each request to the one that last accepted a write, and on a
 * 503 NOT_WRITER or a refused connection (not applied, so not a double) tries the next one.
 */
export class Load {
  readonly mutations: Mutation[] = [];
  phase = 'setup';
  private readonly queue: Step[] = [];
  private inFlight = new Set<Promise<void>>();
  private timer?: NodeJS.Timeout;
  private next = 0;
  private readonly run = randomUUID().slice(0, 8);
  private supplier = '';
  private buyers: string[] = [];
  private stockProducts: Array<{ id: string; sku: string }> = [];

  private readonly backends: Backend[];
  private writer = 0;

  constructor(
    backends: Backend | Backend[],
    private readonly rate: number,
    private readonly maxInFlight = 12,
  ) {
    this.backends = Array.isArray(backends) ? [...backends] : [backends];
  }

  /** Another instance to send to when the current one is not the writer. */
  addBackend(backend: Backend): void {
    this.backends.push(backend);
  }

  /** Mutations still waiting for an answer that were issued before `time`. */
  pendingSince(time: number): number {
    return this.mutations.filter((m) => m.status === undefined && m.issuedAt <= time).length;
  }

  async setup(): Promise<void> {
    const supplier = await this.mutate('supplier', 'supplier.created', 'POST', '/suppliers', {
      name: `Faults ${this.run}`,
      contact: { email: `faults.${this.run}@example.com` },
      address: { line1: '1 Fault St', city: 'Porto', country: 'PT' },
    });
    this.supplier = supplier.body.id;
    for (let i = 0; i < 3; i += 1) this.buyers.push((await this.createUser()).body.id);
    for (let i = 0; i < 2; i += 1) {
      const sku = `${this.run}-stock-${i}`;
      const product = await this.createProduct(sku, 1_000_000);
      await this.mutate(
        'product',
        'product.published',
        'POST',
        `/products/${product.body.id}/publish`,
        undefined,
        { supplier: this.supplier },
        product.body.id,
      );
      this.stockProducts.push({ id: product.body.id, sku });
    }
    if (this.mutations.some((m) => m.status !== 201 && m.status !== 200))
      throw new Error('the load could not set up its supplier, buyers and products');
  }

  start(): void {
    this.timer = setInterval(() => this.tick(), 1000 / this.rate);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }

  private tick(): void {
    if (this.inFlight.size >= this.maxInFlight) return;
    const step = this.queue.shift() ?? this.newEntity();
    const running = step().catch((err: unknown) => console.error(`load: ${(err as Error).message}`));
    this.inFlight.add(running);
    void running.finally(() => this.inFlight.delete(running));
  }

  /** Runs `rest` after `answer` only if the mutation was acknowledged (a failed entity's life ends there). */
  private then(answer: Answer, ...rest: Step[]): void {
    if (answer.status >= 200 && answer.status < 300) this.queue.push(...rest);
  }

  private newEntity(): Step {
    const n = (this.next += 1);
    const s = { supplier: this.supplier };
    switch (n % 4) {
      case 0:
        return async () => {
          const user = await this.createUser();
          const id = user.body?.id;
          this.then(user, async () => {
            const updated = await this.mutate(
              'user',
              'user.updated',
              'PATCH',
              `/users/${id}`,
              { profile: { display_name: `Renamed ${n}` } },
              { user: id },
              id,
            );
            if (n % 8 === 0)
              this.then(
                updated,
                async () => void (await this.mutate('user', 'user.deleted', 'DELETE', `/users/${id}`, undefined, { user: id }, id)),
              );
          });
        };
      case 1:
        return async () => {
          const product = await this.createProduct(`${this.run}-p${n}`, 100);
          const id = product.body?.id;
          this.then(product, async () => {
            const published = await this.mutate('product', 'product.published', 'POST', `/products/${id}/publish`, undefined, s, id);
            this.then(published, async () => {
              const updated = await this.mutate(
                'product',
                'product.updated',
                'PATCH',
                `/products/${id}`,
                { description: `Updated ${n}` },
                s,
                id,
              );
              if (n % 3 === 0)
                this.then(
                  updated,
                  async () => void (await this.mutate('product', 'product.deleted', 'DELETE', `/products/${id}`, undefined, s, id)),
                );
            });
          });
        };
      case 2:
        return async () => {
          const buyer = this.buyers[n % this.buyers.length];
          const item = this.stockProducts[n % this.stockProducts.length];
          const marker = `Recipient ${this.run}-${n}`;
          const order = await this.mutate(
            'order',
            'order.created',
            'POST',
            '/orders',
            {
              items: [{ product_id: item.id, sku: item.sku, quantity: 1 }],
              shipping_address: { recipient_name: marker, line1: '1 Main St', city: 'Lisbon', postal_code: '1000', country: 'PT' },
            },
            { user: buyer },
            undefined,
            marker,
          );
          const id = order.body?.id;
          if (n % 8 === 2) {
            this.then(
              order,
              async () =>
                void (await this.mutate(
                  'order',
                  'order.cancelled',
                  'POST',
                  `/orders/${id}/cancel`,
                  { reason: 'fault suite' },
                  { user: buyer },
                  id,
                )),
            );
          }
        };
      default:
        return async () => {
          const author = this.buyers[n % this.buyers.length];
          const marker = `Fault post ${this.run}-${n}`;
          const post = await this.mutate(
            'post',
            'post.created',
            'POST',
            '/posts',
            { body: marker, media_urls: [], product_ids: [] },
            { user: author },
            undefined,
            marker,
          );
          const id = post.body?.id;
          this.then(post, async () => {
            const updated = await this.mutate(
              'post',
              'post.updated',
              'PATCH',
              `/posts/${id}`,
              { body: `${marker} (edited)` },
              { user: author },
              id,
            );
            this.then(updated, async () => {
              const published = await this.mutate(
                'post',
                'post.published',
                'POST',
                `/posts/${id}/publish`,
                undefined,
                { user: author },
                id,
              );
              if (n % 7 === 3)
                this.then(
                  published,
                  async () => void (await this.mutate('post', 'post.deleted', 'DELETE', `/posts/${id}`, undefined, { user: author }, id)),
                );
            });
          });
        };
    }
  }

  private createUser(): Promise<Answer> {
    const tag = `${this.run}-${(this.next += 1)}`;
    const email = `fault.${tag}@example.com`;
    return this.mutate(
      'user',
      'user.created',
      'POST',
      '/users',
      {
        email,
        profile: { display_name: `Fault ${tag}`, first_name: 'Fault', last_name: 'Suite' },
        contact: {},
      },
      {},
      undefined,
      email,
    );
  }

  private createProduct(sku: string, stock: number): Promise<Answer> {
    const name = `Fault product ${sku}`;
    return this.mutate(
      'product',
      'product.created',
      'POST',
      '/products',
      {
        name,
        description: 'fault suite',
        category: 'faults',
        base_price_cents: 1000,
        currency: 'USD',
        variants: [{ sku, name: 'One', attributes: {}, price_cents: 1000, stock }],
      },
      { supplier: this.supplier },
      undefined,
      name,
    );
  }

  /** One API call, recorded in the ledger before it is sent and when it is answered. */
  private async mutate(
    kind: EntityKind,
    eventType: string,
    method: string,
    path: string,
    body: unknown,
    as: { user?: string; supplier?: string } = {},
    id?: string,
    marker?: string,
  ): Promise<Answer> {
    const mutation: Mutation = { phase: this.phase, kind, id, marker, eventType, issuedAt: Date.now() };
    this.mutations.push(mutation);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (as.user) headers['x-user-id'] = as.user;
    if (as.supplier) headers['x-supplier-id'] = as.supplier;
    const deadline = Date.now() + FIND_WRITER_MS;
    let answer: Answer;
    for (let tries = 1; ; tries += 1) {
      const index = this.writer;
      const backend = this.backends[index]!;
      answer = await send(`${backend.url}${path}`, method, headers, body);
      mutation.backend = backend.label;
      if (this.backends.length < 2 || !tryAnotherBackend(answer) || Date.now() > deadline) break;
      if (this.writer === index) this.writer = (index + 1) % this.backends.length;
      // Once round every instance: a takeover takes up to the lease time, so wait a little before the next round.
      if (tries % this.backends.length === 0) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    mutation.status = answer.status;
    mutation.answeredAt = Date.now();
    if (!mutation.id && answer.status >= 200 && answer.status < 300) mutation.id = answer.body?.id;
    if (answer.status >= 400 && answer.status < 500)
      console.error(`load: ${method} ${path} -> ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer;
  }
}

async function send(url: string, method: string, headers: Record<string, string>, body: unknown): Promise<Answer> {
  try {
    const response = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(300_000),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  } catch (err) {
    return { status: 0, body: undefined, errorCode: ((err as Error).cause as { code?: string } | undefined)?.code };
  }
}
