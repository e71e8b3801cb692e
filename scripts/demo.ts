/**
 * `npm run demo`: with the platform running (`npm start`), drives a scripted journey through the
 * HTTP API, then shows the MySQL read model the analytics consumer built from the events, and the
 * consumer group's lag. Nothing here touches MongoDB or MySQL directly except to read the result.
 */
import { Kafka, logLevel } from 'kafkajs';
import '../libs/kafka/src/kafkajs/request-queue-fix';
import { createConnection, RowDataPacket } from 'mysql2/promise';
import { KafkaConfig } from '../libs/kafka/src/kafka.config';
import { Topic } from '../libs/kafka/src/topics';
import { appEnv, resolveProfile } from './stack/profile';
import { mintToken, tokenSigner } from './auth/tokens';
import { Identity } from './demo/api-client';
import { runJourney } from './demo/journey';
import { ProgressBar } from './demo/progress';

const BACKEND = process.env.BACKEND_URL ?? `http://localhost:${process.env.BACKEND_PORT ?? 3000}`;
const GROUP = process.env.KAFKA_GROUP_ID ?? 'mysql-analytics-service';
const env = {
  ...appEnv(resolveProfile('dev')),
  ...pick(process.env, ['KAFKA_BOOTSTRAP_SERVERS', 'MYSQL_HOST', 'MYSQL_PORT', 'MYSQL_USER', 'MYSQL_PASSWORD', 'MYSQL_DATABASE']),
};

/**
 * With a signing key (JWT_SECRET, JWT_PRIVATE_KEY_FILE, or the one `AUTH_MODE=jwt npm start` made) every request also
 * carries `Authorization: Bearer <token>` from the same signer as `npm run token`: a backend in AUTH_MODE=jwt acts on
 * it, one in headers mode on the X-*-ID headers. Tokens are minted once per identity.
 */
function bearerTokens(): ((as: Identity) => Record<string, string>) | undefined {
  if (!tokenSigner()) return undefined;
  const tokens = new Map<string, string>();
  return (as): Record<string, string> => {
    const kind = as.user ? 'user' : as.supplier ? 'supplier' : undefined;
    const id = as.user ?? as.supplier;
    if (!kind || !id) return {};
    const key = `${kind}:${id}`;
    if (!tokens.has(key)) tokens.set(key, mintToken(kind, id));
    return { authorization: `Bearer ${tokens.get(key)}` };
  };
}

function pick(source: NodeJS.ProcessEnv, keys: string[]): Record<string, string> {
  return Object.fromEntries(keys.filter((k) => source[k]).map((k) => [k, source[k]!]));
}

async function main(): Promise<void> {
  const health = await fetch(`${BACKEND}/health`).then(
    (r) => r.ok,
    () => false,
  );
  if (!health) throw new Error(`the backend does not answer at ${BACKEND}; start the platform first: npm start`);

  const bar = new ProgressBar('journey');
  const result = await runJourney(BACKEND, { progress: (done, total, label) => bar.update(done, total, label), authorize: bearerTokens() });
  bar.finish(`${result.requests} API calls, ${result.orders.length} orders, ${result.products.length} products`);

  const mysql = await createConnection({
    host: env.MYSQL_HOST,
    port: Number(env.MYSQL_PORT),
    user: env.MYSQL_USER,
    password: env.MYSQL_PASSWORD,
    database: env.MYSQL_DATABASE,
    dateStrings: true,
  });
  const query = async (sql: string, params: unknown[] = []) => (await mysql.query<RowDataPacket[]>(sql, params))[0];
  try {
    process.stdout.write('waiting for the read model to catch up');
    const lastOrder = result.orders[result.orders.length - 1];
    const deadline = Date.now() + 60_000;
    while ((await query('SELECT 1 FROM orders WHERE order_id = ?', [lastOrder])).length === 0) {
      if (Date.now() > deadline) throw new Error('\nthe read model did not show the last order within 60 s: is the analytics app running?');
      process.stdout.write('.');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    console.log(' done\n');

    const tables = ['users', 'suppliers', 'products', 'product_variants', 'orders', 'order_items', 'posts', 'processed_events'];
    console.log('Rows per table');
    console.table(
      Object.fromEntries(await Promise.all(tables.map(async (t) => [t, { rows: (await query(`SELECT COUNT(*) AS n FROM ${t}`))[0].n }]))),
    );

    console.log('Latest orders');
    console.table(
      await query(
        `SELECT order_number, customer_email, status, total_cents, currency, shipping_city, created_at
         FROM orders ORDER BY created_at DESC LIMIT 5`,
      ),
    );
    console.log('Their items');
    console.table(
      await query(
        `SELECT o.order_number, i.line_no, i.sku, i.quantity, i.unit_price_cents, i.line_total_cents
         FROM order_items i JOIN (SELECT order_id, order_number FROM orders ORDER BY created_at DESC LIMIT 5) o
           ON o.order_id = i.order_id ORDER BY o.order_number, i.line_no`,
      ),
    );
    console.log('Products by status');
    console.table(await query('SELECT status, COUNT(*) AS products FROM products GROUP BY status ORDER BY status'));
  } finally {
    await mysql.end();
  }
  await printLag();
}

async function printLag(): Promise<void> {
  // The apps' client options (KAFKA_SASL_*, KAFKA_SSL* from the environment too) on the demo's brokers.
  const client = KafkaConfig.fromEnv('demo', { ...process.env, KAFKA_BOOTSTRAP_SERVERS: env.KAFKA_BOOTSTRAP_SERVERS }).toClientConfig();
  const admin = new Kafka({ ...client, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const topics = Topic.all();
    const committed = await admin.fetchOffsets({ groupId: GROUP, topics });
    const rows: Record<string, { end: number; committed: number; lag: number }> = {};
    for (const topic of topics) {
      const ends = await admin.fetchTopicOffsets(topic);
      const mine = committed.find((c) => c.topic === topic)?.partitions ?? [];
      const end = ends.reduce((sum, p) => sum + Number(p.high), 0);
      const done = ends.reduce((sum, p) => {
        const offset = Number(mine.find((m) => m.partition === p.partition)?.offset ?? -1);
        return sum + (offset < 0 ? Number(p.low) : offset);
      }, 0);
      rows[topic] = { end, committed: done, lag: end - done };
    }
    console.log(`Consumer lag of group "${GROUP}" (offsets are committed after each fetched batch is in MySQL)`);
    console.table(rows);
  } finally {
    await admin.disconnect();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
