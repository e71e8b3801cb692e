import { ConsoleLogger, Logger, LogLevel } from '@nestjs/common';
import { logCreator, logLevel as KafkaLogLevel } from 'kafkajs';
import { traceLogFields } from './tracing';

export type LogFormat = 'json' | 'text';

export interface LogSettings {
  format: LogFormat;
  /** The most verbose level written: error < warn < log < debug < verbose. */
  level: LogLevel;
}

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

export class LogSettingsError extends Error {
  constructor(variable: string, message: string) {
    super(`${variable}: ${message}`);
    this.name = 'LogSettingsError';
  }
}

/** LOG_FORMAT (json | text; default json unless stdout is a terminal) and LOG_LEVEL (default log). */
export function logSettingsFromEnv(env: NodeJS.ProcessEnv = process.env, isTerminal = Boolean(process.stdout.isTTY)): LogSettings {
  const format = env.LOG_FORMAT?.trim() || (isTerminal ? 'text' : 'json');
  if (format !== 'json' && format !== 'text') throw new LogSettingsError('LOG_FORMAT', `"${format}" is not json or text`);
  const level = (env.LOG_LEVEL?.trim() || 'log') as LogLevel;
  if (!LEVELS.includes(level)) throw new LogSettingsError('LOG_LEVEL', `"${level}" is not one of ${LEVELS.join(', ')}`);
  return { format, level };
}

/** The fields that say which event a log line is about. */
export interface EventLogFields {
  event_id?: string;
  event_type?: string;
  entity_id?: string;
  topic?: string;
  partition?: number;
  offset?: string;
}

/** A log line with fields: one JSON object a line in json format, `message key=value ...` in text format. */
export interface StructuredMessage extends EventLogFields {
  message: string;
  [field: string]: unknown;
}

/**
 * Every quantifier is bounded, so a pattern does a bounded amount of work from each position and a whole pass is
 * linear in the input (the unbounded scheme `[a-z0-9+.-]*` made 'a.' x 40,000 take 2.9 s: every dot restarted a
 * scan to the end). Longer schemes, user names or passwords than the bounds are not URIs this project writes.
 */
const SECRETS: Array<[RegExp, string]> = [
  [/(\b[a-z][a-z0-9+.-]{0,31}:\/\/[^:/\s@]{1,128}:)[^@\s]{1,256}@/gi, '$1***@'], // credentials in URIs (mongodb://user:pass@host)
  [/((?:password|passwd|secret|token)["']?\s{0,8}[:=]\s{0,8}["']?)[^"'\s,}]{1,512}/gi, '$1***'],
  [/(\bbearer\s{1,8})[a-z0-9._~+/=-]{1,4096}/gi, '$1***'],
];
/** Field names whose whole value is a secret. */
const SECRET_FIELD = /pass(word|wd)?|secret|token|authorization|cookie|api[-_]?key/i;

/** The longest string a log line carries: a 1 MB Kafka message or body does not become a 1 MB log line. */
export const MAX_LOGGED_STRING = 2048;
/** The longest text the redactor reads (capping comes first, so the redactor never sees more). */
const MAX_REDACTED_TEXT = 16_384;

/** Cuts a string to `max` characters, saying how many were cut. */
export function capString(text: string, max = MAX_LOGGED_STRING): string {
  return text.length <= max ? text : `${text.slice(0, max)}...(${text.length - max} more characters)`;
}

/** Masks credentials in URIs, password=/token: values and bearer tokens; input past 16 KB is cut first. */
export function redact(text: string): string {
  return SECRETS.reduce((out, [pattern, replacement]) => out.replace(pattern, replacement), capString(text, MAX_REDACTED_TEXT));
}

/** A log field made safe: strings capped and redacted, secret-named fields masked, nesting and arrays bounded. */
export function redactValue(value: unknown, key = '', depth = 0): unknown {
  if (typeof value === 'string') return SECRET_FIELD.test(key) ? '***' : redact(capString(value));
  if (value === null || typeof value !== 'object') return value;
  if (SECRET_FIELD.test(key)) return '***';
  if (depth >= 4) return '[nested too deep]';
  if (value instanceof Error) return redact(capString(value.stack ?? value.message, MAX_REDACTED_TEXT));
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => redactValue(v, '', depth + 1));
  return Object.fromEntries(
    Object.entries(value)
      .slice(0, 50)
      .map(([k, v]) => [capString(k, 128), redactValue(v, k, depth + 1)]),
  );
}

function isStructured(message: unknown): message is StructuredMessage {
  return typeof message === 'object' && message !== null && typeof (message as { message?: unknown }).message === 'string';
}

/**
 * Nest's ConsoleLogger with fields: in json format each line is `{"level","timestamp","pid","context","message",...fields}`;
 * in text format fields follow the message as key=value. Every string is redacted. With tracing on, a JSON line
 * written inside a span (a request, a send, a batch) has its `trace_id` and `span_id`, unless the line names its own
 * (a line about one event of a batch carries that event's).
 */
export class StructuredLogger extends ConsoleLogger {
  constructor(context: string, settings: LogSettings) {
    super(context, {
      json: settings.format === 'json',
      colors: settings.format === 'text' && Boolean(process.stdout.isTTY),
      logLevels: LEVELS.slice(0, LEVELS.indexOf(settings.level) + 1),
    });
  }

  protected override getJsonLogObject(message: unknown, options: { context: string; logLevel: LogLevel; errorStack?: unknown }) {
    const { message: text, ...fields } = isStructured(message) ? message : { message };
    return {
      level: options.logLevel,
      timestamp: Date.now(),
      pid: process.pid,
      ...(options.context ? { context: options.context } : {}),
      message: typeof text === 'string' ? redact(text) : redactValue(text),
      ...traceLogFields(),
      ...(redactValue(fields) as Record<string, unknown>),
      ...(options.errorStack ? { stack: redactValue(options.errorStack) } : {}),
    };
  }

  protected override printStackTrace(stack: string): void {
    super.printStackTrace(stack ? redact(stack) : stack);
  }

  protected override stringifyMessage(message: unknown, logLevel: LogLevel): string {
    if (!isStructured(message)) return redact(super.stringifyMessage(message, logLevel));
    const { message: text, ...fields } = message;
    const pairs = Object.entries(fields)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, redactValue(v, k)])
      .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
    return [redact(text), ...pairs].join(' ');
  }
}

/**
 * kafkajs writes through Nest's Logger (so through the app's StructuredLogger), with its own fields kept.
 * One message is lowered to debug on purpose: "Limiting retries for the idempotent producer may invalidate EoS
 * guarantees". The backend bounds producer retries so a request ends instead of hanging while Kafka is down
 * (KafkaConfig.toClientConfig); what the warning guards against (a duplicate or gap after giving up) is covered
 * by the consumer's event_id dedupe and the client's error answer. A warning on every start that nobody can act
 * on teaches operators to ignore warnings.
 */
export const kafkaLogCreator: logCreator = () => {
  const loggers = new Map<string, Logger>();
  return ({ namespace, level, log }) => {
    const context = namespace ? `kafkajs:${namespace}` : 'kafkajs';
    let logger = loggers.get(context);
    if (!logger) loggers.set(context, (logger = new Logger(context)));
    const { message, timestamp: _timestamp, logger: _name, ...fields } = log as { message: string; [k: string]: unknown };
    const line: StructuredMessage = { message, ...fields };
    if (level === KafkaLogLevel.ERROR || level === KafkaLogLevel.NOTHING) logger.error(line);
    else if (level === KafkaLogLevel.WARN && !message.startsWith('Limiting retries for the idempotent producer')) logger.warn(line);
    else if (level === KafkaLogLevel.INFO) logger.log(line);
    else logger.debug(line);
  };
};
