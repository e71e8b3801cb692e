/**
 * `npx tsx scripts/bench/page-cost.ts`: what the pipeline page's updates cost the analytics process in CPU.
 * Analytics (built, dist/) consumes 100 user.created events/s from a producer of this script; its CPU time
 * (/proc/<pid>/stat utime + stime) is measured over alternating 30 s windows without and with the pipeline page's
 * process (dist/apps/pipeline) running, which asks analytics for /health/ready and /pipeline/outcomes once a second.
 * The ring of recent outcomes is fed in both windows (it is always on); its own cost is timed apart.
 * Runs on the test stack profile (export STACK_TEST_* as for the e2e tests); `npm run build` first. PAGE_COST_ROUNDS: 2.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import '../../libs/kafka/src/kafkajs/request-queue-fix';
import { envelope, userData } from '../../apps/analytics/src/testing/event-fixtures';
import { RecentOutcomes } from '../../apps/analytics/src/pipeline/recent-outcomes';
import { ANALYTICS_RUNTIME_ENV, appEnv, REPO_DIR, resolveProfile } from '../stack/profile';
import { distEntry, freshDatabase, sleep, startNode, stop } from './processes';
import { freePort } from '../stack/proc';

const RATE = 100;
const WINDOW_MS = 30_000;
const ROUNDS = Number(process.env.PAGE_COST_ROUNDS ?? 2);

function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks of 1/100 s
}

async function until(url: string, timeoutMs = 60_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await sleep(300)) {
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs / 1000}s`);
}

/** The ring's cost alone: one outcome() call, in microseconds. */
function ringMicros(): number {
  const ring = new RecentOutcomes();
  const event = envelope('user.created', 'a'.repeat(24), userData());
  const source = { topic: 'user', partition: 0, offset: '1' };
  const n = 200_000;
  const started = process.hrtime.bigint();
  for (let i = 0; i < n; i++) ring.outcome({ source, event, outcome: 'applied', eventToRowSeconds: 0.01 });
  return Number(process.hrtime.bigint() - started) / 1000 / n;
}

async function main(): Promise<void> {
  const profile = resolveProfile('test');
  const env = appEnv(profile);
  const suffix = randomUUID().slice(0, 8);
  const database = `analytics_page_cost_${suffix}`;
  await freshDatabase(
    { host: env.MYSQL_HOST, port: Number(env.MYSQL_PORT), user: env.MYSQL_USER, password: env.MYSQL_PASSWORD },
    database,
    false,
  );
  const analyticsPort = await freePort();
  const groupId = `page-cost-${suffix}`;
  const analytics = startNode(distEntry('analytics'), {
    ...env,
    KAFKA_GROUP_ID: groupId,
    KAFKA_AUTO_OFFSET_RESET: 'latest',
    MYSQL_DATABASE: database,
    PORT: String(analyticsPort),
    ...ANALYTICS_RUNTIME_ENV,
    LOG_LEVEL: 'warn',
  });
  const kafka = new Kafka({ clientId: 'page-cost', brokers: [env.KAFKA_BOOTSTRAP_SERVERS], logLevel: logLevel.NOTHING });
  const producer = kafka.producer();
  let producing = true;
  let sent = 0;
  try {
    await until(`http://127.0.0.1:${analyticsPort}/health/ready`);
    await producer.connect();
    const load = (async () => {
      for (let next = Date.now(); producing; next += 100) {
        const messages = Array.from({ length: RATE / 10 }, () => {
          const user = userData();
          return { key: user.id, value: JSON.stringify(envelope('user.created', user.id, user)) };
        });
        await producer.send({ topic: 'user', messages });
        sent += messages.length;
        await sleep(Math.max(0, next + 100 - Date.now()));
      }
    })();
    console.log(`analytics pid ${analytics.pid}: ${RATE} events/s, warming up 15 s`);
    await sleep(15_000);
    const windows: Array<{ page: boolean; cpu: number; pageCpu?: number }> = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const page of [false, true]) {
        const pagePort = await freePort();
        const pipeline = page
          ? startNode(join(REPO_DIR, 'dist', 'apps', 'pipeline', 'main.js'), {
              ...env,
              PORT: String(pagePort),
              KAFKA_GROUP_ID: groupId,
              MYSQL_DATABASE: database,
              ANALYTICS_URL: `http://127.0.0.1:${analyticsPort}`,
              BACKEND_URL: 'http://127.0.0.1:9', // no backend in this bench: the page reports it not answering
              LOG_LEVEL: 'error',
            })
          : undefined;
        if (pipeline) await until(`http://127.0.0.1:${pagePort}/api/health`);
        // The page's stream open, as a browser would hold it.
        const stream = page ? await fetch(`http://127.0.0.1:${pagePort}/api/stream`) : undefined;
        const reader = stream?.body?.getReader();
        const reading = reader
          ? (async () => {
              while (!(await reader.read()).done);
            })().catch(() => undefined)
          : undefined;
        await sleep(2000);
        const [before, pageBefore, at] = [cpuSeconds(analytics.pid!), pipeline ? cpuSeconds(pipeline.pid!) : 0, Date.now()];
        await sleep(WINDOW_MS);
        const seconds = (Date.now() - at) / 1000;
        const cpu = ((cpuSeconds(analytics.pid!) - before) / seconds) * 100;
        const pageCpu = pipeline ? ((cpuSeconds(pipeline.pid!) - pageBefore) / seconds) * 100 : undefined;
        windows.push({ page, cpu, pageCpu });
        console.log(
          `round ${round + 1}, page ${page ? 'on ' : 'off'}: analytics ${cpu.toFixed(1)}% of a core${pageCpu === undefined ? '' : `, the page's process ${pageCpu.toFixed(1)}%`}`,
        );
        await reader?.cancel().catch(() => undefined);
        await reading;
        if (pipeline) await stop(pipeline);
      }
    }
    producing = false;
    await load;
    const mean = (page: boolean) => windows.filter((w) => w.page === page).reduce((s, w) => s + w.cpu, 0) / ROUNDS;
    const ring = ringMicros();
    console.log(
      `\nanalytics at ${RATE} events/s (${sent} sent): ${mean(false).toFixed(1)}% of a core without the page, ${mean(true).toFixed(1)}% with it ` +
        `(+${(mean(true) - mean(false)).toFixed(1)} points); the outcome ring: ${ring.toFixed(2)} us an event = ${((ring * RATE) / 1e4).toFixed(3)}% of a core`,
    );
  } finally {
    producing = false;
    await producer.disconnect().catch(() => undefined);
    await stop(analytics);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error((err as Error).message ?? err);
    process.exit(1);
  },
);
