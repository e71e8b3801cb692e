import { isolatedClusterProfile, isolatedTestProfile } from '../faults/profile';
import { appEnv, resolveProfile, StackProfile, tracingEnv } from './profile';
import { servicesOf } from './stack';

describe('resolveProfile', () => {
  it('defaults the dev profile to the CONTRACT.md environment', () => {
    const dev = resolveProfile('dev', {});
    expect(dev.kafka).toEqual({
      port: 9092,
      controllerPort: 9093,
      nodes: [{ id: 1, port: 9092, controllerPort: 9093, saslPort: 9098 }],
      partitions: 3,
      replicationFactor: 1,
      sasl: { mechanism: 'scram-sha-512', username: 'platform', password: 'platform-secret' },
    });
    expect(dev.mongo).toEqual({ port: 27017, database: 'social_commerce' });
    expect(dev.mysql).toEqual({
      port: 3306,
      user: 'analytics',
      password: 'analytics-dev',
      database: 'analytics',
      grantOn: 'analytics',
      contractRoot: true,
      socket: expect.stringMatching(/\.stack\/dev\/mariadb\/mariadb\.sock$/),
    });
    expect(dev.ephemeral).toBe(false);
  });

  it('takes dev ports and names from the apps environment', () => {
    const dev = resolveProfile('dev', {
      KAFKA_BOOTSTRAP_SERVERS: 'localhost:29092,localhost:39092',
      MONGODB_URI: 'mongodb://127.0.0.1:27018/shop?retryWrites=false',
      MYSQL_PORT: '3307',
      MYSQL_DATABASE: 'reports',
      STACK_DATA_DIR: '/var/tmp/stack',
    });
    expect(dev.kafka.port).toBe(29092);
    expect(dev.mongo).toEqual({ port: 27018, database: 'shop' });
    expect(dev.mysql.port).toBe(3307);
    expect(dev.mysql.database).toBe('reports');
    expect(dev.dataDir).toBe('/var/tmp/stack');
  });

  it('keeps the test profile on ports of its own, in a throw-away directory', () => {
    const test = resolveProfile('test', { KAFKA_BOOTSTRAP_SERVERS: 'localhost:9092' });
    expect(test.kafka.port).toBe(19092);
    expect(test.mongo.port).toBe(17017);
    expect(test.mysql.port).toBe(13306);
    expect(test.ephemeral).toBe(true);
  });

  it('names the variable when a port is not a port', () => {
    expect(() => resolveProfile('dev', { MYSQL_PORT: 'abc' })).toThrow(/MYSQL_PORT/);
    expect(() => resolveProfile('test', { STACK_TEST_MONGO_PORT: '70000' })).toThrow(/STACK_TEST_MONGO_PORT/);
  });
});

describe('the fixed ports of the test stacks', () => {
  // Linux's default ip_local_port_range: the ports the kernel hands out as the local end of outgoing connections.
  // A server started on one of them fails now and then ("address already in use") because some client's connection
  // to Kafka, FerretDB or MariaDB happens to hold it at that moment.
  const EPHEMERAL = { from: 32768, to: 60999 };
  const listening = (p: StackProfile) =>
    servicesOf(p).flatMap((s) => s.listens(p).map((port) => ({ service: `${p.name}:${s.name}`, port })));

  it('stay out of the range the kernel hands out to outgoing connections', () => {
    const withJaeger = { STACK_JAEGER: '1' };
    const test = resolveProfile('test', withJaeger);
    const profiles = [
      test,
      resolveProfile('cluster', withJaeger),
      ...[10, 20, 30].map((offset) => isolatedTestProfile('copy', offset, test)),
      isolatedClusterProfile('copy', 10, test),
    ];
    const ports = profiles.flatMap(listening);
    expect(ports.length).toBeGreaterThan(20);
    expect(ports.filter(({ port }) => port >= EPHEMERAL.from && port <= EPHEMERAL.to)).toEqual([]);
    expect(ports.filter(({ port }, i) => ports.findIndex((other) => other.port === port) !== i)).toEqual([]); // and no two stacks share one
  });
});

describe('the cluster profile', () => {
  it('runs three nodes on the test ports + 50, with RF 3 and 6 partitions', () => {
    const cluster = resolveProfile('cluster', {
      STACK_TEST_KAFKA_PORT: '21092',
      STACK_TEST_MONGO_PORT: '38017',
      STACK_TEST_MYSQL_PORT: '14306',
    });
    expect(cluster.kafka.nodes).toEqual([
      { id: 1, port: 21142, controllerPort: 21145, saslPort: 21148 },
      { id: 2, port: 21143, controllerPort: 21146, saslPort: 21149 },
      { id: 3, port: 21144, controllerPort: 21147, saslPort: 21150 },
    ]);
    expect(cluster.kafka).toMatchObject({ port: 21142, partitions: 6, replicationFactor: 3 });
    expect([cluster.mongo.port, cluster.mysql.port]).toEqual([38067, 14356]);
    expect(cluster.ephemeral).toBe(true);
  });

  it('keeps its data beside the test profile, never in it', () => {
    const env = { STACK_TEST_DATA_DIR: '/tmp/stack-h21' };
    expect(resolveProfile('cluster', env).dataDir).toBe('/tmp/stack-h21-cluster');
    expect(resolveProfile('cluster', { ...env, STACK_CLUSTER_DATA_DIR: '/var/tmp/c' }).dataDir).toBe('/var/tmp/c');
  });

  it('takes the partition count from STACK_TOPIC_PARTITIONS, naming the variable when it is not a count', () => {
    expect(resolveProfile('cluster', { STACK_TOPIC_PARTITIONS: '12' }).kafka.partitions).toBe(12);
    expect(resolveProfile('test', { STACK_TOPIC_PARTITIONS: '4' }).kafka.partitions).toBe(4);
    expect(() => resolveProfile('cluster', { STACK_TOPIC_PARTITIONS: '0' })).toThrow(/STACK_TOPIC_PARTITIONS/);
  });

  it('points the apps at all three brokers, comma separated', () => {
    expect(appEnv(resolveProfile('cluster', {})).KAFKA_BOOTSTRAP_SERVERS).toBe('127.0.0.1:19142,127.0.0.1:19143,127.0.0.1:19144');
  });
});

describe('the MariaDB accounts', () => {
  it('grants the test account the analytics_* databases the tests make, and the dev one its database only', () => {
    expect(resolveProfile('test', { STACK_TEST_DATA_DIR: '/t/s' }).mysql).toMatchObject({
      user: 'analytics',
      grantOn: 'analytics\\_%',
      contractRoot: false,
      socket: '/t/s/mariadb/mariadb.sock',
    });
    expect(resolveProfile('dev', { MYSQL_DATABASE: 'read_model%' }).mysql.grantOn).toBe('read\\_model\\%');
    expect(resolveProfile('cluster', { STACK_TEST_DATA_DIR: '/t/s' }).mysql.socket).toBe('/t/s-cluster/mariadb/mariadb.sock');
  });

  it("makes the dev stack's account the one MYSQL_USER / MYSQL_PASSWORD name (CONTRACT.md: an empty password by default)", () => {
    expect(resolveProfile('dev', { MYSQL_USER: 'root' }).mysql).toMatchObject({ user: 'root', password: '' });
    expect(resolveProfile('dev', { MYSQL_USER: 'reporter', MYSQL_PASSWORD: 's3' }).mysql).toMatchObject({
      user: 'reporter',
      password: 's3',
    });
    expect(resolveProfile('dev', { MYSQL_PASSWORD: 's3' }).mysql).toMatchObject({ user: 'analytics', password: 's3' });
  });
});

describe('the SASL listener', () => {
  it("is each node's plaintext port + 6, clear of the controllers and the isolated copies' ports", () => {
    expect(resolveProfile('test', {}).kafka.nodes.map((n) => n.saslPort)).toEqual([19098]);
    const cluster = resolveProfile('cluster', {}).kafka.nodes;
    expect(cluster.map((n) => n.saslPort)).toEqual([19148, 19149, 19150]);
    const taken = cluster.flatMap((n) => [n.port, n.controllerPort]);
    expect(cluster.filter((n) => taken.includes(n.saslPort))).toEqual([]);
  });
});

describe('appEnv', () => {
  it('points the apps at the profile over IPv4 loopback', () => {
    expect(appEnv(resolveProfile('test', {}))).toEqual({
      KAFKA_BOOTSTRAP_SERVERS: '127.0.0.1:19092',
      MONGODB_URI: 'mongodb://127.0.0.1:17017/social_commerce_test',
      MYSQL_HOST: '127.0.0.1',
      MYSQL_PORT: '13306',
      MYSQL_USER: 'analytics',
      MYSQL_PASSWORD: 'analytics-test',
      MYSQL_DATABASE: 'analytics_test',
    });
  });
});

describe('the optional Jaeger', () => {
  it('is off unless asked for, on 16686 / 4317 / 4318 in dev and ports of its own in test', () => {
    expect(resolveProfile('dev', {}).jaeger).toEqual({ enabled: false, uiPort: 16686, otlpGrpcPort: 4317, otlpHttpPort: 4318 });
    expect(resolveProfile('test', {}).jaeger).toEqual({ enabled: false, uiPort: 26686, otlpGrpcPort: 24317, otlpHttpPort: 24318 });
    expect(resolveProfile('test', { STACK_JAEGER: '1' }).jaeger.enabled).toBe(true);
  });

  it('moves with per-profile variables, and the cluster keeps it on the test ports + 50', () => {
    const env = {
      STACK_TEST_JAEGER_UI_PORT: '25686',
      STACK_TEST_JAEGER_OTLP_GRPC_PORT: '25317',
      STACK_TEST_JAEGER_OTLP_HTTP_PORT: '25318',
    };
    expect(resolveProfile('test', env).jaeger).toMatchObject({ uiPort: 25686, otlpGrpcPort: 25317, otlpHttpPort: 25318 });
    expect(resolveProfile('cluster', env).jaeger).toMatchObject({ uiPort: 25736, otlpGrpcPort: 25367, otlpHttpPort: 25368 });
    expect(resolveProfile('dev', { STACK_JAEGER_OTLP_HTTP_PORT: '5318' }).jaeger.otlpHttpPort).toBe(5318);
    expect(() => resolveProfile('dev', { STACK_JAEGER_UI_PORT: 'x' })).toThrow(/STACK_JAEGER_UI_PORT/);
  });

  it('gives the apps the OTLP endpoint that turns their tracing on', () => {
    expect(tracingEnv(resolveProfile('test', { STACK_TEST_JAEGER_OTLP_HTTP_PORT: '25318' }))).toEqual({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:25318',
    });
  });
});
