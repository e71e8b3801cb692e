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
});
