import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { StackProfile } from './profile';
import { run, which } from './proc';
import { serviceDir, StackService } from './service';

const moduleDir = (p: StackProfile) => join(p.repoDir, 'scripts', 'stack', 'ferretdb');

/** The wrapper binary, named by a hash of its sources so an edit rebuilds it. */
function binaryOf(p: StackProfile): string {
  const hash = createHash('sha256');
  for (const file of ['go.mod', 'go.sum', 'main.go']) hash.update(readFileSync(join(moduleDir(p), file)));
  return join(p.cacheDir, `ferretdb-local-${hash.digest('hex').slice(0, 12)}`);
}

/** FerretDB 1.24 on SQLite: the MongoDB wire protocol without a MongoDB binary. */
export const ferretdbService: StackService = {
  name: 'ferretdb',
  port: (p) => p.mongo.port,

  async install(p, say) {
    const binary = binaryOf(p);
    if (existsSync(binary)) return;
    if (!which('go', ['/usr/local/go/bin'])) throw new Error('FerretDB is built from source: it needs Go on PATH');
    say('building FerretDB 1.24 (first run only, about a minute)');
    mkdirSync(p.cacheDir, { recursive: true });
    const go = which('go', ['/usr/local/go/bin'])!;
    run(go, ['build', '-o', `${binary}.partial`, '.'], {
      cwd: moduleDir(p),
      env: { ...process.env, GOFLAGS: '-mod=mod', CGO_ENABLED: '0' },
    });
    renameSync(`${binary}.partial`, binary);
  },

  async prepare(p) {
    mkdirSync(join(serviceDir(p, 'ferretdb'), 'data'), { recursive: true });
  },

  command: (p) => ({
    command: binaryOf(p),
    args: ['-listen', `127.0.0.1:${p.mongo.port}`, '-dir', join(serviceDir(p, 'ferretdb'), 'data')],
  }),
  fingerprint: (p) => join(serviceDir(p, 'ferretdb'), 'data'),

  async ready(p) {
    const client = new MongoClient(`mongodb://127.0.0.1:${p.mongo.port}/`, {
      serverSelectionTimeoutMS: 1000,
      connectTimeoutMS: 1000,
    });
    try {
      await client.connect();
      const answer = await client.db('admin').command({ ping: 1 });
      return answer.ok === 1;
    } catch {
      return false;
    } finally {
      await client.close().catch(() => undefined);
    }
  },
};
