/** A wrong or missing setting: the message starts with the variable's name. */
export class BackendConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'BackendConfigError';
  }
}
