import { createPool, Pool } from 'mysql2/promise';
import { distEntry, freshDatabase, groupStable, MysqlTarget, sleep, startNode, stop } from './processes';
import { ANALYTICS_RUNTIME_ENV } from '../stack/profile';
import { table } from './table';
import { flushDirtyPages } from './throughput';
import { freePort } from '../stack/proc';

const FIXED_RATES = [50, 100, 200];
const RAMP_RATES = [300, 400, 500, 650, 800, 1000, 1300, 1600];
// 20 s: a p99 over 1000 answers (10 s at 100/s) moves with a single 100 ms stall of any process on the machine.
const FIXED_SECONDS = Number(process.env.BENCH_LATENCY_SECONDS ?? 20);
const RAMP_SECONDS = Number(process.env.BENCH_RAMP_SECONDS ?? 5);
/** A step is sustained when every POST got its 201, and both the API's answers and the rows came within this at p99. */
const SUSTAINED_P99_MS = 1000;
const POLL_EVERY_MS = 3;
const WARM_UP = { rate: 100, seconds: 15 };
let steps = 0;

interface LatencyContext {
  brokers: string[];
  mysql: MysqlTarget;
  env: Record<string, string>;
}

export interface LatencyResult {
  fixed: StepResult[];
  sustained: number;
}

export interface StepResult {
  rate: number;
  sent: number;
  errors: number;
  /** What the first failed POST got (status and body, or the network error), to tell overload from a bug. */
  firstError?: string;
  missing: number;
  httpP50: number;
  httpP99: number;
  p50: number;
  p99: number;
  max: number;
}

/** Both apps as processes (with `extraEnv` on top), on a fresh database, warmed up; `stop` ends both. */
async function startWarmApps(ctx: LatencyContext, extraEnv: Record<string, string> = {}) {
  const id = `analytics_bench_latency_${Date.now().toString(36)}`;
  await freshDatabase(ctx.mysql, id, false);
  const apiPort = await freePort();
  const backend = startNode(distEntry('backend'), { ...ctx.env, ...extraEnv, PORT: String(apiPort) });
  // `latest`: this group skips the throughput backlog and sees only the users posted here.
  const analytics = startNode(distEntry('analytics'), {
    ...ctx.env,
    ...extraEnv,
    ...ANALYTICS_RUNTIME_ENV,
    KAFKA_GROUP_ID: id,
    KAFKA_AUTO_OFFSET_RESET: 'latest',
    MYSQL_DATABASE: id,
    PORT: '0',
  });
  const db = createPool({ ...ctx.mysql, database: id, connectionLimit: 2 });
  const api = `http://127.0.0.1:${apiPort}`;
  const stopAll = async () => {
    await db.end();
    await Promise.all([stop(backend), stop(analytics)]);
  };
  try {
    await Promise.all([healthy(api), groupStable(ctx.brokers, id, analytics)]);
    // Warm-up (not reported): JIT of both apps, connection pools, first topic fetches; the steps measure a warm system.
    await runStep(api, db, ctx.mysql, WARM_UP.rate, WARM_UP.seconds, id);
  } catch (err) {
    await stopAll();
    throw err;
  }
  return { id, api, db, stop: stopAll };
}

/** Both apps as processes; POST /users open-loop at fixed rates, delay from the 201 to the users row in MySQL. */
export async function measureLatency(ctx: LatencyContext): Promise<LatencyResult> {
  const { id, api, db, stop: stopApps } = await startWarmApps(ctx);
  try {
    const fixed: StepResult[] = [];
    for (const rate of FIXED_RATES) fixed.push(await runStep(api, db, ctx.mysql, rate, FIXED_SECONDS, id));
    let sustained = 0;
    for (const result of fixed) {
      if (!isSustained(result)) break;
      sustained = result.rate;
    }
    if (sustained === FIXED_RATES[FIXED_RATES.length - 1]) {
      for (const rate of RAMP_RATES) {
        const result = await runStep(api, db, ctx.mysql, rate, RAMP_SECONDS, id);
        console.log(`ramp ${rate}/s: ${describe(result)}`);
        if (!isSustained(result)) break;
        sustained = rate;
      }
    }
    console.log(`\nAPI-to-row latency: POST /users open-loop, ${FIXED_SECONDS} s per rate, 201 -> users row visible in MySQL`);
    console.log(
      table(
        ['POST/s', 'sent', 'errors', 'missing', 'HTTP p99', 'row p50', 'row p99', 'row max'],
        fixed.map((r) => [r.rate, r.sent, r.errors, r.missing, ms(r.httpP99), ms(r.p50), ms(r.p99), ms(r.max)].map(String)),
      ),
    );
    console.log(
      `highest sustained POST rate (steps of ${RAMP_SECONDS} s; HTTP and row p99 <= ${SUSTAINED_P99_MS} ms, no error, no lost row): ${sustained}/s`,
    );
    return { fixed, sustained };
  } finally {
    await stopApps();
  }
}

/**
 * What tracing costs the API: steps at TRACING_COST_RATE POST/s with both apps traced (`tracing`) and not, in the order
 * off, on, on, off (so neither always runs first, on a colder machine); each side is the mean of its two steps.
 */
export const TRACING_COST_RATE = 100;
export async function measureTracingCost(
  ctx: LatencyContext,
  tracing: Record<string, string>,
): Promise<{ off: StepResult; on: StepResult }> {
  const measured: { on: StepResult[]; off: StepResult[] } = { on: [], off: [] };
  for (const side of ['off', 'on', 'on', 'off'] as const) {
    const { id, api, db, stop: stopApps } = await startWarmApps(ctx, side === 'on' ? tracing : {});
    try {
      const step = await runStep(api, db, ctx.mysql, TRACING_COST_RATE, FIXED_SECONDS, id);
      console.log(`POST /users at ${TRACING_COST_RATE}/s, tracing ${side}: HTTP p50 ${ms(step.httpP50)}, ${describe(step)}`);
      measured[side].push(step);
    } finally {
      await stopApps();
    }
  }
  return { off: meanOf(measured.off), on: meanOf(measured.on) };
}

/** The mean of each figure of two or more steps (errors and missing rows added up). */
function meanOf(steps: StepResult[]): StepResult {
  const mean = (pick: (s: StepResult) => number) => steps.reduce((sum, s) => sum + pick(s), 0) / steps.length;
  return {
    ...steps[0],
    sent: steps.reduce((sum, s) => sum + s.sent, 0),
    errors: steps.reduce((sum, s) => sum + s.errors, 0),
    missing: steps.reduce((sum, s) => sum + s.missing, 0),
    httpP50: mean((s) => s.httpP50),
    httpP99: mean((s) => s.httpP99),
    p50: mean((s) => s.p50),
    p99: mean((s) => s.p99),
    max: Math.max(...steps.map((s) => s.max)),
  };
}

async function runStep(api: string, db: Pool, mysql: MysqlTarget, rate: number, seconds: number, runId: string): Promise<StepResult> {
  // Like the throughput rounds: each step starts with InnoDB clean, not flushing what the step before it wrote.
  await flushDirtyPages();
  const total = Math.round(rate * seconds);
  const step = ++steps; // in the emails: every step posts new users
  const answeredAt = new Map<string, number>();
  const delays: number[] = [];
  const httpTimes: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let sending = true;
  const poller = (async () => {
    while (sending || answeredAt.size > 0) {
      const ids = [...answeredAt.keys()].slice(0, 2000);
      if (ids.length > 0) {
        const [rows] = await db.query('SELECT user_id FROM users WHERE user_id IN (?)', [ids]);
        const seenAt = performance.now();
        for (const { user_id } of rows as { user_id: string }[]) {
          delays.push(seenAt - answeredAt.get(user_id)!);
          answeredAt.delete(user_id);
        }
      }
      await sleep(POLL_EVERY_MS);
    }
  })();
  const failed = (reason: string) => {
    errors++;
    firstError ??= reason;
  };
  const post = async (n: number) => {
    const sentAt = performance.now();
    try {
      const response = await fetch(`${api}/users`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: `bench.${runId}.${step}.${n}@example.com`, profile: { display_name: `Bench ${n}` } }),
      });
      const body = (await response.json()) as { id?: string };
      const now = performance.now();
      httpTimes.push(now - sentAt);
      if (response.status === 201 && body.id) answeredAt.set(body.id, now);
      else failed(`HTTP ${response.status} ${JSON.stringify(body).slice(0, 200)}`);
    } catch (err) {
      failed(String((err as { cause?: { code?: string } }).cause?.code ?? err));
    }
  };
  const start = performance.now();
  const requests: Promise<void>[] = [];
  for (let n = 0; n < total; n++) {
    const due = start + (n * 1000) / rate; // open loop: the schedule never waits for answers
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    requests.push(post(n));
  }
  await Promise.all(requests);
  const drainUntil = performance.now() + 10_000;
  while (answeredAt.size > 0 && performance.now() < drainUntil) await sleep(20);
  const missing = answeredAt.size;
  answeredAt.clear();
  sending = false;
  await poller;
  const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
  const pct = (xs: number[], p: number) => (xs.length ? xs[Math.min(xs.length - 1, Math.floor(xs.length * p))] : NaN);
  const d = sorted(delays);
  return {
    rate,
    sent: total,
    errors,
    firstError,
    missing,
    httpP50: pct(sorted(httpTimes), 0.5),
    httpP99: pct(sorted(httpTimes), 0.99),
    p50: pct(d, 0.5),
    p99: pct(d, 0.99),
    max: d[d.length - 1] ?? NaN,
  };
}

const isSustained = (r: StepResult) => r.errors === 0 && r.missing === 0 && r.p99 <= SUSTAINED_P99_MS && r.httpP99 <= SUSTAINED_P99_MS;
const ms = (value: number) => (Number.isNaN(value) ? 'n/a' : `${value.toFixed(1)} ms`);
const describe = (r: StepResult) =>
  `row p99 ${ms(r.p99)}, HTTP p99 ${ms(r.httpP99)}, ${r.errors} errors${r.firstError ? ` (first: ${r.firstError})` : ''}, ${r.missing} rows missing`;

export async function healthy(api: string, timeoutMs = 60_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await sleep(200)) {
    if (
      await fetch(`${api}/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
  }
  throw new Error(`backend did not answer ${api}/health within ${timeoutMs / 1000}s`);
}
