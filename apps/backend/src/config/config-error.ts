import { ConfigError } from '@app/kafka';

/** A wrong or missing setting: the message starts with the variable's name. */
export class BackendConfigError extends ConfigError {}
