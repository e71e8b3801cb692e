import { ConsoleLogger, Logger, LogLevel } from '@nestjs/common';
import { logCreator, logLevel as KafkaLogLevel } from 'kafkajs';

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

const SECRETS: Array<[RegExp, string]> = [
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^:/\s@]+:)[^@\s]+@/gi, '$1***@'], // credentials in URIs (mongodb://user:pass@host)
  [/((?:password|passwd|secret|token)["']?\s*[:=]\s*["']?)[^"'\s,}]+/gi, '$1***'],
];

/** Masks credentials in URIs and password=/token: values. */
export function redact(text: string): string {
  return SECRETS.reduce((out, [pattern, replacement]) => out.replace(pattern, replacement), text);
}

function isStructured(message: unknown): message is StructuredMessage {
  return typeof message === 'object' && message !== null && typeof (message as { message?: unknown }).message === 'string';
}

/**
 * Nest's ConsoleLogger with fields: in json format each line is `{"level","timestamp","pid","context","message",...fields}`;
 * in text format fields follow the message as key=value. Every string is redacted.
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
      message: typeof text === 'string' ? redact(text) : text,
      ...fields,
      ...(options.errorStack ? { stack: options.errorStack } : {}),
    };
  }

  protected override stringifyMessage(message: unknown, logLevel: LogLevel): string {
    if (!isStructured(message)) return redact(super.stringifyMessage(message, logLevel));
    const { message: text, ...fields } = message;
    const pairs = Object.entries(fields)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
    return redact([text, ...pairs].join(' '));
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
