import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkMongoUriTls, kafkaClientSecurity, kafkaSecurityFromEnv, mysqlSslOption, mysqlTlsFromEnv } from './connection-security';
import { KafkaConfig } from './kafka.config';

const dir = mkdtempSync(join(tmpdir(), 'conn-security-'));
const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const caPath = join(dir, 'ca.pem');
writeFileSync(caPath, PEM);
const notPem = join(dir, 'not.pem');
writeFileSync(notPem, 'hello');

describe('Kafka SASL and TLS settings', () => {
  it('are off unless asked for', () => {
    expect(kafkaSecurityFromEnv({})).toEqual({});
    expect(KafkaConfig.fromEnv('x', {}).toClientConfig()).not.toHaveProperty('sasl');
    expect(KafkaConfig.fromEnv('x', {}).toClientConfig()).not.toHaveProperty('ssl');
  });

  it.each(['plain', 'scram-sha-256', 'SCRAM-SHA-512'])(
    'take %s with a username and password into the kafkajs client options',
    (mechanism) => {
      const env = { KAFKA_SASL_MECHANISM: mechanism, KAFKA_SASL_USERNAME: 'app', KAFKA_SASL_PASSWORD: 'hunter2' };
      expect(KafkaConfig.fromEnv('x', env).toClientConfig().sasl).toEqual({
        mechanism: mechanism.toLowerCase(),
        username: 'app',
        password: 'hunter2',
      });
    },
  );

  it('never show the password when the config is logged or serialised', () => {
    const config = KafkaConfig.fromEnv('x', { KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'app', KAFKA_SASL_PASSWORD: 'hunter2' });
    expect(JSON.stringify(config)).not.toContain('hunter2');
    expect(JSON.stringify(config.toConsumerConfig('g').settings)).not.toContain('hunter2');
    expect(config.security.sasl?.password).toBe('hunter2');
  });

  it.each<[string, Record<string, string>, RegExp]>([
    [
      'an unknown mechanism',
      { KAFKA_SASL_MECHANISM: 'gssapi', KAFKA_SASL_USERNAME: 'a', KAFKA_SASL_PASSWORD: 'p' },
      /^KAFKA_SASL_MECHANISM: "gssapi" is not one of plain, scram-sha-256, scram-sha-512$/,
    ],
    [
      'a mechanism without username',
      { KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_PASSWORD: 'secret-pw' },
      /^KAFKA_SASL_USERNAME: must be set with KAFKA_SASL_MECHANISM=plain$/,
    ],
    [
      'a mechanism without password',
      { KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'a' },
      /^KAFKA_SASL_PASSWORD: must be set/,
    ],
    ['a username without mechanism', { KAFKA_SASL_USERNAME: 'a' }, /^KAFKA_SASL_MECHANISM: must be set when KAFKA_SASL_USERNAME is/],
    [
      'a password without mechanism',
      { KAFKA_SASL_PASSWORD: 'secret-pw' },
      /^KAFKA_SASL_MECHANISM: must be set when KAFKA_SASL_PASSWORD is/,
    ],
    ['KAFKA_SSL neither true nor false', { KAFKA_SSL: 'yes' }, /^KAFKA_SSL: "yes" is not true or false$/],
    ['a CA file without KAFKA_SSL', { KAFKA_SSL_CA_FILE: caPath }, /^KAFKA_SSL_CA_FILE: is set but KAFKA_SSL is not true$/],
    [
      'an unreadable CA file',
      { KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: join(dir, 'missing.pem') },
      /^KAFKA_SSL_CA_FILE: cannot read .*missing\.pem \(ENOENT\)$/,
    ],
    [
      'a CA file that is no PEM',
      { KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: notPem },
      /^KAFKA_SSL_CA_FILE: .*not\.pem holds no PEM certificate$/,
    ],
  ])('refuse %s at start, with a message that names the variable and no password', (_, env, message) => {
    expect(() => KafkaConfig.fromEnv('x', env)).toThrow(message);
    try {
      KafkaConfig.fromEnv('x', env);
    } catch (err) {
      expect((err as Error).message).not.toContain('secret-pw');
    }
  });

  it('give kafkajs TLS with the system CAs, or with the CA file', () => {
    expect(kafkaClientSecurity(kafkaSecurityFromEnv({ KAFKA_SSL: 'true' }))).toEqual({ ssl: true });
    expect(kafkaClientSecurity(kafkaSecurityFromEnv({ KAFKA_SSL: 'TRUE', KAFKA_SSL_CA_FILE: caPath }))).toEqual({ ssl: { ca: [PEM] } });
    expect(kafkaClientSecurity(kafkaSecurityFromEnv({ KAFKA_SSL: 'false' }))).toEqual({});
  });
});

describe('MySQL TLS', () => {
  it('is off by default, on with MYSQL_SSL=true (certificates verified), with the CA file when given', () => {
    expect(mysqlSslOption(mysqlTlsFromEnv({}))).toBeUndefined();
    expect(mysqlSslOption(mysqlTlsFromEnv({ MYSQL_SSL: 'true' }))).toEqual({ rejectUnauthorized: true });
    expect(mysqlSslOption(mysqlTlsFromEnv({ MYSQL_SSL: 'true', MYSQL_SSL_CA_FILE: caPath }))).toEqual({
      ca: PEM,
      rejectUnauthorized: true,
    });
  });

  it('refuses a bad flag, a CA without MYSQL_SSL and an unreadable CA', () => {
    expect(() => mysqlTlsFromEnv({ MYSQL_SSL: '1' })).toThrow(/^MYSQL_SSL: "1" is not true or false$/);
    expect(() => mysqlTlsFromEnv({ MYSQL_SSL_CA_FILE: caPath })).toThrow(/^MYSQL_SSL_CA_FILE: is set but MYSQL_SSL is not true$/);
    expect(() => mysqlTlsFromEnv({ MYSQL_SSL: 'true', MYSQL_SSL_CA_FILE: dir + '/nope' })).toThrow(/cannot read .*nope \(ENOENT\)/);
  });
});

describe('MongoDB TLS in the URI', () => {
  it('accepts true/false TLS options and a readable CA file', () => {
    expect(() => checkMongoUriTls('mongodb://u:p@h:27017/db')).not.toThrow();
    expect(() => checkMongoUriTls(`mongodb://u:p@h:27017/db?tls=true&tlsCAFile=${caPath}`)).not.toThrow();
  });

  it('refuses a bad TLS flag or an unreadable CA file without printing the credentials', () => {
    expect(() => checkMongoUriTls('mongodb://u:s3cret@h/db?tls=yes')).toThrow(/^MONGODB_URI: option tls="yes" is not true or false$/);
    expect(() => checkMongoUriTls(`mongodb://u:s3cret@h/db?tls=true&tlsCAFile=${dir}/gone.pem`)).toThrow(
      /^MONGODB_URI: option tlsCAFile: cannot read .*gone\.pem \(ENOENT\)$/,
    );
  });
});
