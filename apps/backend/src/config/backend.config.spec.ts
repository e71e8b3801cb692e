import { BackendConfig } from './backend.config';

describe('BackendConfig.fromEnv', () => {
  it('defaults to the local MongoDB and port 3000', () => {
    expect(BackendConfig.fromEnv({})).toEqual(new BackendConfig('mongodb://localhost:27017/social_commerce', 3000));
  });

  it('reads MONGODB_URI and PORT', () => {
    const config = BackendConfig.fromEnv({ MONGODB_URI: 'mongodb://db:27017/x', PORT: '8080' });
    expect(config).toEqual(new BackendConfig('mongodb://db:27017/x', 8080));
  });

  it('names MONGODB_URI when it is not a mongodb URI', () => {
    expect(() => BackendConfig.fromEnv({ MONGODB_URI: 'http://db' })).toThrow(/^MONGODB_URI: "http:\/\/db" is not/);
  });

  it('does not print the password of a rejected MONGODB_URI', () => {
    expect(() => BackendConfig.fromEnv({ MONGODB_URI: 'mongodb://app:s3cret@db:27017/x y' })).toThrow(
      'MONGODB_URI: "mongodb://app:***@db:27017/x y" is not a mongodb:// or mongodb+srv:// URI',
    );
  });

  it('reads the HTTP limits and names a wrong one', () => {
    expect(BackendConfig.fromEnv({ THROTTLE_LIMIT: '0', HTTP_REQUEST_TIMEOUT_MS: '20000' }).http).toMatchObject({
      throttleLimit: 0,
      requestTimeoutMs: 20_000,
      headersTimeoutMs: 10_000,
    });
    expect(() => BackendConfig.fromEnv({ THROTTLE_LIMIT: 'lots' })).toThrow(/^THROTTLE_LIMIT: /);
    expect(() => BackendConfig.fromEnv({ HTTP_HEADERS_TIMEOUT_MS: '40000' })).toThrow(/^HTTP_HEADERS_TIMEOUT_MS: must not exceed/);
  });

  it.each(['abc', '70000', '-1', ''])('names PORT when it is %p', (port) => {
    expect(() => BackendConfig.fromEnv({ PORT: port })).toThrow(/^PORT: /);
  });

  it('drains 5 s after SIGTERM by default; SHUTDOWN_DRAIN_MS sets it, 0 turns it off', () => {
    expect(BackendConfig.fromEnv({}).shutdownDrainMs).toBe(5000);
    expect(BackendConfig.fromEnv({ SHUTDOWN_DRAIN_MS: '0' }).shutdownDrainMs).toBe(0);
    expect(BackendConfig.fromEnv({ SHUTDOWN_DRAIN_MS: '15000' }).shutdownDrainMs).toBe(15000);
    expect(() => BackendConfig.fromEnv({ SHUTDOWN_DRAIN_MS: '5s' })).toThrow(
      /^SHUTDOWN_DRAIN_MS: "5s" is not a non-negative number of milliseconds/,
    );
  });

  it('takes a writer lease of 10 s renewed every 2 s by default; WRITER_* set them and a wrong one is named', () => {
    expect(BackendConfig.fromEnv({}).writer).toEqual({ mode: 'auto', leaseMs: 10_000, renewMs: 2000 });
    expect(BackendConfig.fromEnv({ WRITER_MODE: 'single', WRITER_LEASE_MS: '3000' }).writer).toEqual({
      mode: 'single',
      leaseMs: 3000,
      renewMs: 1000,
    });
    expect(() => BackendConfig.fromEnv({ WRITER_MODE: 'leader' })).toThrow(/^WRITER_MODE: "leader" is neither auto nor single/);
    expect(() => BackendConfig.fromEnv({ WRITER_LEASE_MS: '10s' })).toThrow(/^WRITER_LEASE_MS: "10s" is not a positive number/);
    expect(() => BackendConfig.fromEnv({ WRITER_LEASE_MS: '6000', WRITER_RENEW_MS: '2500' })).toThrow(
      /^WRITER_RENEW_MS: 2500 is more than a third of WRITER_LEASE_MS \(6000\)/,
    );
  });
});
