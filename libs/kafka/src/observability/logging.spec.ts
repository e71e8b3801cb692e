import { Logger } from '@nestjs/common';
import { logLevel } from 'kafkajs';
import { capString, kafkaLogCreator, logSettingsFromEnv, MAX_LOGGED_STRING, redact, StructuredLogger } from './logging';

/** Runs `write` and returns what it printed to stdout and stderr, line by line. */
function captured(write: () => void): string[] {
  const lines: string[] = [];
  const spies = [process.stdout, process.stderr].map((stream) =>
    jest.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      return true;
    }),
  );
  try {
    write();
  } finally {
    spies.forEach((spy) => spy.mockRestore());
  }
  return lines;
}

describe('logSettingsFromEnv', () => {
  it('defaults to json off a terminal, text on one, level log', () => {
    expect(logSettingsFromEnv({}, false)).toEqual({ format: 'json', level: 'log' });
    expect(logSettingsFromEnv({}, true)).toEqual({ format: 'text', level: 'log' });
    expect(logSettingsFromEnv({ LOG_FORMAT: 'text', LOG_LEVEL: 'debug' }, false)).toEqual({ format: 'text', level: 'debug' });
  });

  it('names the variable of a wrong value', () => {
    expect(() => logSettingsFromEnv({ LOG_FORMAT: 'xml' })).toThrow('LOG_FORMAT: "xml" is not json or text');
    expect(() => logSettingsFromEnv({ LOG_LEVEL: 'loud' })).toThrow(/^LOG_LEVEL: "loud" is not one of/);
  });
});

describe('StructuredLogger', () => {
  it('json: one object a line with level, context, message and the event fields at the top', () => {
    const logger = new StructuredLogger('EnvelopeKafkaServer', { format: 'json', level: 'log' });
    const [line, ...rest] = captured(() =>
      logger.warn({ message: 'dead-lettered', event_id: 'e-1', event_type: 'order.created', topic: 'order', partition: 2, offset: '41' }),
    );
    expect(rest).toEqual([]);
    expect(JSON.parse(line)).toEqual({
      level: 'warn',
      timestamp: expect.any(Number),
      pid: process.pid,
      context: 'EnvelopeKafkaServer',
      message: 'dead-lettered',
      event_id: 'e-1',
      event_type: 'order.created',
      topic: 'order',
      partition: 2,
      offset: '41',
    });
  });

  it('json: plain string messages too, and nothing above the level', () => {
    const logger = new StructuredLogger('Bootstrap', { format: 'json', level: 'warn' });
    const lines = captured(() => {
      logger.log('not shown');
      logger.error('boom');
    });
    expect(lines.map((l) => JSON.parse(l))).toEqual([expect.objectContaining({ level: 'error', message: 'boom', context: 'Bootstrap' })]);
  });

  it('text: the fields follow the message as key=value', () => {
    const logger = new StructuredLogger('X', { format: 'text', level: 'log' });
    const [line] = captured(() => logger.log({ message: 'applied', event_id: 'e-2', partition: 0 }));
    expect(line).toContain('applied event_id=e-2 partition=0');
  });

  it('masks credentials in URIs and password values', () => {
    expect(redact('connecting to mongodb://app:s3cret@db:27017/x')).toBe('connecting to mongodb://app:***@db:27017/x');
    expect(redact('{"password":"hunter2","user":"root"}')).toBe('{"password":"***","user":"root"}');
    const logger = new StructuredLogger('X', { format: 'json', level: 'log' });
    const [line] = captured(() => logger.log('uri mysql://root:pw@127.0.0.1/db'));
    expect(JSON.parse(line).message).toBe('uri mysql://root:***@127.0.0.1/db');
  });

  it('json: masks secrets in fields and stacks too, not only in the message', () => {
    const logger = new StructuredLogger('X', { format: 'json', level: 'log' });
    const error = new Error('connect failed for mongodb://app:s3cret@db:27017/x');
    const [line] = captured(() =>
      logger.error(
        { message: 'start failed', uri: 'mongodb://app:s3cret@db/x', password: 'hunter2', nested: { token: 'abc' } },
        error.stack,
      ),
    );
    expect(line).not.toContain('s3cret');
    expect(line).not.toContain('hunter2');
    expect(JSON.parse(line)).toMatchObject({
      uri: 'mongodb://app:***@db/x',
      password: '***',
      nested: { token: '***' },
      stack: expect.stringContaining('mongodb://app:***@db:27017/x'),
    });
  });

  it('text: masks secrets in fields and in the printed stack', () => {
    const logger = new StructuredLogger('X', { format: 'text', level: 'log' });
    const error = new Error('auth failed: Authorization: Bearer eyJhbGciOi.payload.sig');
    const lines = captured(() => logger.error({ message: 'failed', uri: 'mysql://root:pw1@h/db' }, error.stack));
    expect(lines.join('\n')).not.toMatch(/pw1|eyJhbGciOi/);
  });

  it('caps long strings in fields, saying how much was cut', () => {
    const logger = new StructuredLogger('X', { format: 'json', level: 'log' });
    const [line] = captured(() => logger.warn({ message: 'dead-lettered', entity_id: 'x'.repeat(100_000) }));
    expect(JSON.parse(line).entity_id).toBe(`${'x'.repeat(MAX_LOGGED_STRING)}...(${100_000 - MAX_LOGGED_STRING} more characters)`);
    expect(capString('short')).toBe('short');
  });

  it("is linear: 'a.' x 400,000 (800 KB, a message near Kafka's 1 MB limit) is redacted in well under a second", () => {
    // The unbounded URI scheme pattern took 1.0 s on 'a.' x 20,000 and 2.9 s on 'a.' x 40,000 (quadratic).
    const started = performance.now();
    const out = redact(`mongodb://u:p@h ${'a.'.repeat(400_000)} password=x`);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(out.startsWith('mongodb://u:***@h a.a.')).toBe(true);
  });

  it('has linear patterns: twenty 16 KB lines of dots (the most it reads of one) take well under a second', () => {
    const started = performance.now();
    for (let i = 0; i < 20; i++) redact('a.'.repeat(8192));
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('kafkaLogCreator', () => {
  afterEach(() => Logger.overrideLogger(true));

  it("routes kafkajs's entries through Nest's logger with their fields, and lowers the idempotent-retries notice to debug", () => {
    Logger.overrideLogger(new StructuredLogger('kafkajs', { format: 'json', level: 'log' }));
    const log = kafkaLogCreator(logLevel.INFO);
    const lines = captured(() => {
      log({
        namespace: 'Connection',
        level: logLevel.ERROR,
        label: 'ERROR',
        log: { message: 'Connection timeout', broker: '127.0.0.1:9', timestamp: 'x', logger: 'kafkajs' },
      });
      log({
        namespace: 'Producer',
        level: logLevel.WARN,
        label: 'WARN',
        log: { message: 'Limiting retries for the idempotent producer may invalidate EoS guarantees', timestamp: 'x', logger: 'kafkajs' },
      });
    });
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      expect.objectContaining({ level: 'error', context: 'kafkajs:Connection', message: 'Connection timeout', broker: '127.0.0.1:9' }),
    ]);
  });
});
