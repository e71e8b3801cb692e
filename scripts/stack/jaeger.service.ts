import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureGo, goBuildEnv } from './go-toolchain';
import { StackProfile } from './profile';
import { run } from './proc';
import { serviceDir, StackService } from './service';
import { formatVersion, goModMinimum, isAtLeast, parseVersion } from './versions';

export const JAEGER_MODULE = 'github.com/jaegertracing/jaeger';
export const JAEGER_VERSION = 'v1.75.0';
/** v1.75.0's go.mod says `toolchain go1.25.3`; checked against the downloaded go.mod before the build. */
const JAEGER_GO_MINIMUM = '1.25.3';

/** The Jaeger v2 binary (cmd/jaeger, on the OpenTelemetry Collector), cached across profiles and clones. */
const binaryOf = (p: StackProfile) => join(p.cacheDir, `jaeger-${JAEGER_VERSION}`);
const configOf = (p: StackProfile) => join(serviceDir(p, 'jaeger'), 'config.yaml');

/** Its listeners: the query UI/API, the query gRPC API (the UI port - 1), OTLP over gRPC and over HTTP. */
function jaegerPorts(p: StackProfile): number[] {
  const { uiPort, otlpGrpcPort, otlpHttpPort } = p.jaeger;
  return [uiPort, uiPort - 1, otlpGrpcPort, otlpHttpPort];
}

/**
 * The all-in-one setup (cmd/jaeger/internal/all-in-one.yaml) cut to what the stack uses: OTLP in, memory storage,
 * the query API and UI; every listener on 127.0.0.1 and on the profile's ports (the collector's own metrics
 * server, remote sampling, health check, expvar and zpages are left out: each would hold one more fixed port).
 */
export function jaegerConfig(p: StackProfile): string {
  const [uiPort, queryGrpcPort, otlpGrpcPort, otlpHttpPort] = jaegerPorts(p);
  return `service:
  extensions: [jaeger_storage, jaeger_query]
  pipelines:
    traces:
      receivers: [otlp]
      processors: [batch]
      exporters: [jaeger_storage_exporter]
  telemetry:
    metrics:
      level: none
    logs:
      level: info
extensions:
  jaeger_query:
    storage:
      traces: memstore
    http:
      endpoint: 127.0.0.1:${uiPort}
    grpc:
      endpoint: 127.0.0.1:${queryGrpcPort}
  jaeger_storage:
    backends:
      memstore:
        memory:
          max_traces: 100000
receivers:
  otlp:
    protocols:
      grpc:
        endpoint: 127.0.0.1:${otlpGrpcPort}
      http:
        endpoint: 127.0.0.1:${otlpHttpPort}
processors:
  batch:
    timeout: 200ms
exporters:
  jaeger_storage_exporter:
    trace_storage: memstore
`;
}

/**
 * Jaeger's go.mod has a replace directive, so `go install module/cmd/jaeger@version` refuses it: the build runs
 * inside a writable copy of the module's own source, with its own go.mod and go.sum, as its Makefile does.
 * The module zip has no UI assets (a git submodule upstream): the query API is complete, the page at / is
 * Jaeger's placeholder.
 */
async function build(p: StackProfile, binary: string, say: (m: string) => void): Promise<void> {
  const go = await ensureGo(p, parseVersion(JAEGER_GO_MINIMUM), say);
  const env = goBuildEnv(go);
  const download = JSON.parse(run(go, ['mod', 'download', '-json', `${JAEGER_MODULE}@${JAEGER_VERSION}`], { cwd: p.cacheDir, env })) as {
    Dir: string;
  };
  const needs = goModMinimum(readFileSync(join(download.Dir, 'go.mod'), 'utf8'));
  if (!isAtLeast(parseVersion(JAEGER_GO_MINIMUM), needs))
    throw new Error(`${JAEGER_MODULE}@${JAEGER_VERSION} needs Go ${formatVersion(needs)}; raise JAEGER_GO_MINIMUM`);
  const source = join(p.cacheDir, 'jaeger-build');
  rmSync(source, { recursive: true, force: true });
  cpSync(download.Dir, source, { recursive: true });
  chmodSync(source, 0o755);
  run('chmod', ['-R', 'u+w', source]);
  say(`building Jaeger ${JAEGER_VERSION} (cmd/jaeger) with ${go} (first run only, 3-10 minutes)`);
  try {
    run(go, ['build', '-o', `${binary}.partial`, './cmd/jaeger'], { cwd: source, env });
    renameSync(`${binary}.partial`, binary);
  } finally {
    rmSync(source, { recursive: true, force: true });
    rmSync(`${binary}.partial`, { force: true });
  }
}

/** Jaeger v2 with in-memory storage: OTLP in (gRPC and HTTP), query API and UI out. Optional: see profile.jaeger. */
export const jaegerService: StackService = {
  name: 'jaeger',
  port: (p) => p.jaeger.uiPort,
  listens: jaegerPorts,

  async install(p, say) {
    const binary = binaryOf(p);
    if (existsSync(binary)) return;
    mkdirSync(p.cacheDir, { recursive: true });
    await build(p, binary, say);
  },

  async prepare(p) {
    mkdirSync(serviceDir(p, 'jaeger'), { recursive: true });
    writeFileSync(configOf(p), jaegerConfig(p));
  },

  command: (p) => ({ command: binaryOf(p), args: ['--config', configOf(p)] }),
  fingerprint: (p) => configOf(p),

  async ready(p) {
    try {
      const response = await fetch(`http://127.0.0.1:${p.jaeger.uiPort}/api/services`, { signal: AbortSignal.timeout(1000) });
      return response.ok;
    } catch {
      return false;
    }
  },
};
