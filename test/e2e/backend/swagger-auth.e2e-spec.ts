import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import puppeteer, { Browser, Page } from 'puppeteer-core';
import { chromiumArgs, ensureChromium } from '../../../scripts/browser/chromium';
import { startBackendApp } from '../../support/backend-app';
import { eventually } from '../../support/eventually';
import { createUser } from './fixtures';

const ROOT = join(__dirname, '..', '..', '..');
const RESULTS = join(ROOT, '.test-results');
const SECRET = `swagger-journey-secret-${randomUUID()}`;

/** `npm run token -- user <id>` as a newcomer runs it (the script itself, with the backend's JWT_SECRET). */
function mintWithTheTokenCommand(id: string): string {
  const run = spawnSync(join(ROOT, 'node_modules', '.bin', 'tsx'), ['scripts/token.ts', 'user', id], {
    cwd: ROOT,
    env: { ...process.env, JWT_SECRET: SECRET },
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`npm run token failed: ${run.stderr}`);
  return run.stdout.trim();
}

/** A token-authenticated journey through Swagger UI in headless Chromium, on the real backend (AUTH_MODE=jwt). */
describe('Swagger UI with a bearer token (AUTH_MODE=jwt)', () => {
  let backend: INestApplication;
  let browser: Browser;
  let page: Page;
  let userId: string;
  const saved = { AUTH_MODE: process.env.AUTH_MODE, JWT_SECRET: process.env.JWT_SECRET };

  beforeAll(async () => {
    const executablePath = ensureChromium();
    Object.assign(process.env, { AUTH_MODE: 'jwt', JWT_SECRET: SECRET });
    try {
      backend = await startBackendApp();
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
    await backend.listen(0, '127.0.0.1');
    userId = (await createUser(backend.getHttpServer())).id; // POST /users needs no token: anyone may sign up
    browser = await puppeteer.launch({ executablePath, headless: true, args: chromiumArgs() });
    page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 1600 });
    await page.goto(`${(await backend.getUrl()).replace('[::1]', '127.0.0.1')}/docs`, { waitUntil: 'networkidle0' });
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await backend?.close();
  });

  /** Opens GET /users/{id}, asks for `id` with "Try it out" / "Execute"; resolves with the status and body shown. */
  async function tryGetUser(id: string): Promise<{ status: string; body: string }> {
    const block = '.opblock-get:has([data-path="/users/{id}"])';
    if (!(await page.$(`${block}.is-open`))) await page.click(`${block} .opblock-summary`);
    const tryOut = await page.$(`${block} .try-out__btn:not(.cancel)`);
    if (tryOut) await tryOut.click();
    await page.waitForSelector(`${block} input[placeholder="id"]`);
    await page.$eval(`${block} input[placeholder="id"]`, (input) => ((input as unknown as { value: string }).value = ''));
    await page.type(`${block} input[placeholder="id"]`, id);
    await page.click(`${block} .execute`);
    const cell = `${block} .live-responses-table .response .response-col_status`;
    return eventually(
      async () => {
        const status = await page.$eval(cell, (el) => el.textContent?.trim() ?? '').catch(() => '');
        if (!status) return undefined;
        const body = await page.$eval(`${block} .live-responses-table .response-col_description pre`, (el) => el.textContent ?? '');
        return { status, body };
      },
      { timeoutMs: 10_000, intervalMs: 100, what: 'the response Swagger UI shows' },
    );
  }

  it('shows the public profile before Authorize, and the whole profile, email included, to its own token after', async () => {
    const anonymous = await tryGetUser(userId);
    expect(anonymous.status).toBe('200');
    expect(JSON.parse(anonymous.body)).toMatchObject({ id: userId });
    expect(JSON.parse(anonymous.body)).not.toHaveProperty('email');

    const token = mintWithTheTokenCommand(userId);
    await page.click('.btn.authorize');
    await page.waitForSelector('.auth-container input');
    await page.type('.auth-container input', token);
    await page.click('.auth-btn-wrapper .authorize');
    await page.waitForSelector('.auth-btn-wrapper .btn-done');
    await page.click('.auth-btn-wrapper .btn-done');

    const self = await tryGetUser(userId);
    expect(self.status).toBe('200');
    const body = JSON.parse(self.body);
    expect(body.id).toBe(userId);
    expect(body.email).toMatch(/@example\.com$/); // the user themself sees their email
    // The curl line Swagger UI shows carries the bearer token it sent.
    expect(await page.$eval('.opblock-get:has([data-path="/users/{id}"]) .curl-command', (el) => el.textContent ?? '')).toContain(
      `Authorization: Bearer ${token}`,
    );
    mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: join(RESULTS, 'swagger-token-journey.png'), fullPage: false });
    console.log(
      `Swagger UI journey: GET /users/${userId} without a token -> ${anonymous.status}, public profile (no email); ` +
        `Authorize with \`npm run token -- user ${userId}\` -> ${self.status}, email ${body.email}`,
    );
  });
});
