import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { StackProfile } from './profile';
import { ensureGo, goBuildEnv } from './go-toolchain';
import { run } from './proc';
import { serviceDir, StackService } from './service';
import { goModMinimum } from './versions';

const moduleDir = (p: StackProfile) => join(p.repoDir, 'scripts', 'stack', 'ferretdb');

/**
 * FerretDB 1.24's SQLite backend creates the `_id` index on `_ferretdb_sjson->"_id"` but pushes `{_id: x}` down as
 * `_ferretdb_sjson->'$._id' = ?`: SQLite sees two expressions, never uses the index, and every find, update or
 * delete by `_id` scans the whole table (55 ms at 20k documents, growing with the collection; upstream issue
 * FerretDB#4646 is the same on PostgreSQL). `->'_id'` is the same JSON path in SQLite's syntax and matches the
 * index, so the build patches that one constant.
 */
const ID_COLUMN_PATCH = {
  file: join('internal', 'backends', 'sqlite', 'metadata', 'metadata.go'),
  from: `IDColumn = DefaultColumn + "->'$._id'"`,
  to: `IDColumn = DefaultColumn + "->'_id'"`,
};

/** The wrapper binary, named by a hash of its sources and the patch so an edit rebuilds it. */
function binaryOf(p: StackProfile): string {
  const hash = createHash('sha256');
  for (const file of ['go.mod', 'go.sum', 'main.go']) hash.update(readFileSync(join(moduleDir(p), file)));
  hash.update(JSON.stringify(ID_COLUMN_PATCH));
  return join(p.cacheDir, `ferretdb-local-${hash.digest('hex').slice(0, 12)}`);
}

/** A build directory: the wrapper module, with FerretDB replaced by a patched copy of its module source. */
function patchedModule(p: StackProfile, go: string, env: NodeJS.ProcessEnv): string {
  const build = join(p.cacheDir, 'ferretdb-build');
  rmSync(build, { recursive: true, force: true });
  const download = JSON.parse(run(go, ['mod', 'download', '-json', 'github.com/FerretDB/FerretDB'], { cwd: moduleDir(p), env })) as {
    Dir: string;
  };
  const source = join(build, 'FerretDB');
  cpSync(download.Dir, source, { recursive: true });
  const target = join(source, ID_COLUMN_PATCH.file);
  chmodSync(target, 0o644);
  const text = readFileSync(target, 'utf8');
  if (!text.includes(ID_COLUMN_PATCH.from))
    throw new Error(`FerretDB source changed: ${ID_COLUMN_PATCH.file} has no ${ID_COLUMN_PATCH.from}`);
  writeFileSync(target, text.replace(ID_COLUMN_PATCH.from, ID_COLUMN_PATCH.to));
  for (const file of ['go.mod', 'go.sum', 'main.go']) cpSync(join(moduleDir(p), file), join(build, file));
  writeFileSync(
    join(build, 'go.mod'),
    `${readFileSync(join(build, 'go.mod'), 'utf8')}\nreplace github.com/FerretDB/FerretDB => ./FerretDB\n`,
  );
  return build;
}

/** FerretDB 1.24 on SQLite: the MongoDB wire protocol without a MongoDB binary. */
export const ferretdbService: StackService = {
  name: 'ferretdb',
  port: (p) => p.mongo.port,
  listens: (p) => [p.mongo.port],

  async install(p, say) {
    const binary = binaryOf(p);
    if (existsSync(binary)) return;
    mkdirSync(p.cacheDir, { recursive: true });
    const go = await ensureGo(p, goModMinimum(readFileSync(join(moduleDir(p), 'go.mod'), 'utf8')), say);
    say(`building FerretDB 1.24 with ${go} (first run only, about a minute)`);
    const env = goBuildEnv(go);
    const build = patchedModule(p, go, env);
    run(go, ['build', '-o', `${binary}.partial`, '.'], { cwd: build, env });
    renameSync(`${binary}.partial`, binary);
    rmSync(build, { recursive: true, force: true });
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
