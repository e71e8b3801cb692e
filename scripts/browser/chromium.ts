import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run, which } from '../stack/proc';

const CHROMIUM = '/usr/bin/chromium';

/**
 * Debian's chromium for the browser tests, installed with apt-get when missing (as root, or with `sudo -n`),
 * like the stack installs MariaDB. Puppeteer's own browser download cannot work here: only the package registries answer.
 */
export function ensureChromium(say: (m: string) => void = () => undefined): string {
  if (existsSync(CHROMIUM)) return CHROMIUM;
  const root = process.getuid?.() === 0;
  if (!root && !which('sudo')) throw new Error('chromium is missing and installing it needs root: apt-get install -y chromium');
  const apt = (args: string[]) => {
    const [command, ...rest] = [...(root ? [] : ['sudo', '-n']), 'apt-get', ...args];
    run(command, rest, { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  };
  say('installing chromium from Debian packages (first run only)');
  try {
    apt(['install', '-y', '--no-install-recommends', 'chromium']);
  } catch {
    apt(['update']);
    apt(['install', '-y', '--no-install-recommends', 'chromium']);
  }
  if (!existsSync(CHROMIUM)) throw new Error(`apt-get finished but ${CHROMIUM} is not there`);
  return CHROMIUM;
}

/**
 * Headless flags for this machine: without the background-networking ones Chromium's own connections (updates,
 * QUIC probes, sync) are refused by the closed network and slow every page; a fresh profile per run.
 */
export function chromiumArgs(): string[] {
  return [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    `--user-data-dir=${mkdtempSync(join(tmpdir(), 'chromium-'))}`,
  ];
}
