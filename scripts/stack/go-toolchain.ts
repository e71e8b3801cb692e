import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { goModuleHash, readZip, sha256Hex, sumdbHashOf } from './module-zip';
import { StackProfile } from './profile';
import { sleep, which } from './proc';
import { formatVersion, goVersionOf, isAtLeast, parseVersion } from './versions';

/** The release the stack fetches when PATH has no Go new enough (the same archive `GOTOOLCHAIN=go1.26.8` gets). */
export const GO_TOOLCHAIN_VERSION = '1.26.8';
const MODULE = 'golang.org/toolchain';
/** From sum.golang.org (lookup golang.org/toolchain@v0.0.1-go1.26.8.<platform>), as go.sum would pin them. */
const PINNED_HASHES: Record<string, string> = {
  'linux-amd64': 'h1:ZOmGe1OnfREDMIdb1Qi4G9JSuDPBLGExZMQ4nis1RXM=',
  'linux-arm64': 'h1:sYL/O6MqS68ML0kjsQ36WoYIpJqkw60TxizWUYUKQMc=',
};

const GOARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64', ia32: '386', arm: 'arm', ppc64: 'ppc64le', s390x: 's390x' };
const platform = () => `${process.platform}-${GOARCH[process.arch] ?? process.arch}`;
const moduleVersion = () => `v0.0.1-go${GO_TOOLCHAIN_VERSION}.${platform()}`;
/** The unpacked toolchain in the stack cache (a GOROOT). */
export const toolchainDir = (p: StackProfile) => join(p.cacheDir, `go${GO_TOOLCHAIN_VERSION}.${platform()}`);

/** The first GOPROXY entry that is a URL (GOPROXY=https://proxy.golang.org,direct by default). */
function goProxy(): string {
  const entries = (process.env.GOPROXY ?? 'https://proxy.golang.org,direct').split(/[,|]/);
  const url = entries.find((e) => /^https?:\/\//.test(e));
  if (!url) throw new Error(`GOPROXY=${process.env.GOPROXY} names no module proxy to fetch the Go toolchain from`);
  return url.replace(/\/+$/, '');
}

/** GET with three attempts: a dropped connection should not fail a first start. A 4xx is final. */
async function download(url: string): Promise<Buffer> {
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(600_000) });
      if (response.status >= 400 && response.status < 500)
        throw new Error(`GET ${url}: ${response.status} ${response.statusText}`, { cause: 'final' });
      if (!response.ok) throw new Error(`GET ${url}: ${response.status} ${response.statusText}`);
      return Buffer.from(await response.arrayBuffer());
    } catch (err) {
      if (attempt >= 3 || (err as Error).cause === 'final') throw err;
      await sleep(2000 * attempt);
    }
  }
}

/** The pinned hash, or for another platform the one sum.golang.org gives through the proxy. */
async function expectedHash(proxy: string): Promise<string> {
  const pinned = PINNED_HASHES[platform()];
  if (pinned) return pinned;
  const lookup = (await download(`${proxy}/sumdb/sum.golang.org/lookup/${MODULE}@${moduleVersion()}`)).toString('utf8');
  const hash = sumdbHashOf(lookup, MODULE, moduleVersion());
  if (!hash) throw new Error(`sum.golang.org has no hash for ${MODULE}@${moduleVersion()}`);
  return hash;
}

/** Downloads the toolchain module zip, checks its h1 hash, unpacks it into the cache; nothing lands unless it matches. */
async function installToolchain(p: StackProfile): Promise<void> {
  const proxy = goProxy();
  const prefix = `${MODULE}@${moduleVersion()}/`;
  const zip = await download(`${proxy}/${MODULE}/@v/${moduleVersion()}.zip`);
  const partial = `${toolchainDir(p)}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  const digests: { name: string; sha256: string }[] = [];
  try {
    for (const entry of readZip(zip)) {
      digests.push({ name: entry.name, sha256: sha256Hex(entry.data) });
      if (!entry.name.startsWith(prefix) || entry.name.includes('..'))
        throw new Error(`unexpected path in the toolchain zip: ${entry.name}`);
      const relative = entry.name.slice(prefix.length);
      const target = join(partial, relative);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, entry.data);
      // As cmd/go does for a downloaded toolchain: the commands in bin/ and pkg/tool/ are executable.
      const executable = /^(bin|pkg\/tool)\//.test(relative);
      chmodSync(target, executable ? 0o755 : (entry.mode ?? 0o644) & 0o755);
    }
    const expected = await expectedHash(proxy);
    const actual = goModuleHash(digests);
    if (actual !== expected) throw new Error(`${MODULE}@${moduleVersion()}.zip has hash ${actual}, expected ${expected}: not installed`);
    rmSync(toolchainDir(p), { recursive: true, force: true });
    renameSync(partial, toolchainDir(p));
  } finally {
    rmSync(partial, { recursive: true, force: true });
  }
}

function goVersion(go: string): number[] | undefined {
  const result = spawnSync(go, ['version'], { encoding: 'utf8', env: { ...process.env, GOTOOLCHAIN: 'local' }, timeout: 30_000 });
  return goVersionOf(result.stdout ?? '');
}

/**
 * A Go of at least `minimum` to build the stack's Go servers with: the one on PATH if new enough, else the pinned
 * toolchain from the Go module proxy, unpacked in the stack cache (used for these builds only, never put on PATH).
 */
export async function ensureGo(p: StackProfile, minimum: number[], say: (m: string) => void): Promise<string> {
  const onPath = which('go');
  const pathVersion = onPath ? goVersion(onPath) : undefined;
  if (onPath && pathVersion && isAtLeast(pathVersion, minimum)) return onPath;
  if (!isAtLeast(parseVersion(GO_TOOLCHAIN_VERSION), minimum)) {
    throw new Error(`the stack's Go toolchain ${GO_TOOLCHAIN_VERSION} is older than the ${formatVersion(minimum)} a build needs`);
  }
  const go = join(toolchainDir(p), 'bin', 'go');
  if (existsSync(go)) return go;
  const why = onPath ? `${onPath} is Go ${formatVersion(pathVersion ?? [0])}, older than ${formatVersion(minimum)}` : 'no go on PATH';
  say(`downloading Go ${GO_TOOLCHAIN_VERSION} (${why}) from ${goProxy()} (${MODULE}, hash checked) into ${toolchainDir(p)}`);
  await installToolchain(p);
  return go;
}

/** The environment of a build with `go`: that toolchain and no other (GOTOOLCHAIN=local), static binaries. */
export function goBuildEnv(go: string): NodeJS.ProcessEnv {
  return { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '-mod=mod', CGO_ENABLED: '0', PATH: `${dirname(go)}:${process.env.PATH ?? ''}` };
}
