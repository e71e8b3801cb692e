/**
 * A wrong or missing setting, read from the environment at start: the message starts with the variable's name and
 * never carries a secret. Each config (Kafka, connections, backend, analytics) throws its own subclass, named after it.
 */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = new.target.name;
  }
}
