import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { jaegerConfig } from './jaeger.service';
import { resolveProfile } from './profile';
import { servicesOf } from './stack';

const env = { STACK_TEST_JAEGER_UI_PORT: '25686', STACK_TEST_JAEGER_OTLP_GRPC_PORT: '25317', STACK_TEST_JAEGER_OTLP_HTTP_PORT: '25318' };

describe('jaegerConfig', () => {
  const config = parse(jaegerConfig(resolveProfile('test', env)));

  it('receives OTLP and keeps traces in memory, served by the query API', () => {
    expect(config.service.pipelines.traces).toEqual({ receivers: ['otlp'], processors: ['batch'], exporters: ['jaeger_storage_exporter'] });
    expect(config.extensions.jaeger_storage.backends.memstore).toHaveProperty('memory');
    expect(config.extensions.jaeger_query.storage.traces).toBe('memstore');
  });

  it("listens on 127.0.0.1 on the profile's ports only (no collector metrics port)", () => {
    const endpoints = [...jaegerConfig(resolveProfile('test', env)).matchAll(/endpoint: (\S+)/g)].map((m) => m[1]);
    expect(endpoints.sort()).toEqual(['127.0.0.1:25317', '127.0.0.1:25318', '127.0.0.1:25685', '127.0.0.1:25686']);
    expect(config.service.telemetry.metrics.level).toBe('none');
  });

  it('is checked for taken ports on every endpoint it listens on', () => {
    const profile = resolveProfile('test', { ...env, STACK_JAEGER: '1' });
    const endpoints = [...jaegerConfig(profile).matchAll(/endpoint: 127\.0\.0\.1:(\d+)/g)].map((m) => Number(m[1]));
    const jaeger = servicesOf(profile).find((s) => s.name === 'jaeger');
    expect(jaeger?.listens(profile).sort()).toEqual(endpoints.sort());
  });
});

describe('servicesOf', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'stack-spec-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));
  const names = (e: Record<string, string>) =>
    servicesOf(resolveProfile('test', { STACK_TEST_DATA_DIR: dataDir, ...e })).map((s) => s.name);

  it('has Jaeger only when asked for, or once started (so down and status find it without the flag)', () => {
    expect(names({})).toEqual(['kafka', 'ferretdb', 'mariadb']);
    expect(names({ STACK_JAEGER: '1' })).toEqual(['kafka', 'ferretdb', 'mariadb', 'jaeger']);
    writeFileSync(join(dataDir, 'stack.json'), JSON.stringify({ services: { jaeger: { pid: 1, port: 1, startedAt: '' } } }));
    expect(names({})).toEqual(['kafka', 'ferretdb', 'mariadb', 'jaeger']);
  });
});
