import { LogSettings, logSettingsFromEnv } from '@app/kafka';

export class BackendConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'BackendConfigError';
  }
}

/** The backend's own settings (Kafka settings are read by KafkaConfig.fromEnv in the lib). */
export class BackendConfig {
  constructor(
    readonly mongodbUri: string,
    readonly port: number,
    readonly log: LogSettings = { format: 'json', level: 'log' },
  ) {}

  /** MONGODB_URI (default mongodb://localhost:27017/social_commerce), PORT (default 3000), LOG_FORMAT, LOG_LEVEL. */
  static fromEnv(env: NodeJS.ProcessEnv = process.env): BackendConfig {
    return new BackendConfig(
      parseMongoUri(env.MONGODB_URI ?? 'mongodb://localhost:27017/social_commerce'),
      parsePort(env.PORT ?? '3000'),
      logSettingsFromEnv(env),
    );
  }
}

function parseMongoUri(value: string): string {
  if (!/^mongodb(\+srv)?:\/\/\S+$/.test(value.trim())) {
    throw new BackendConfigError('MONGODB_URI', `"${value}" is not a mongodb:// or mongodb+srv:// URI`);
  }
  return value.trim();
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value.trim()) || port > 65535) {
    throw new BackendConfigError('PORT', `"${value}" is not a port number (0-65535)`);
  }
  return port;
}
