import { BackendConfigError } from './config-error';

/**
 * Request rate per client IP (@nestjs/throttler: `throttleLimit` requests per `throttleTtlMs`; 0 turns it off) and
 * Node's server timeouts: headers must arrive within `headersTimeoutMs`, the whole request within `requestTimeoutMs`
 * (a trickled body no longer holds a connection for Node's default ~300 s), idle keep-alive sockets close after
 * `keepAliveTimeoutMs`.
 */
export interface HttpLimits {
  throttleLimit: number;
  throttleTtlMs: number;
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
}

export const DEFAULT_HTTP_LIMITS: HttpLimits = {
  throttleLimit: 600,
  throttleTtlMs: 60_000,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
};

/** THROTTLE_LIMIT, THROTTLE_TTL_MS, HTTP_HEADERS_TIMEOUT_MS, HTTP_REQUEST_TIMEOUT_MS, HTTP_KEEP_ALIVE_TIMEOUT_MS. */
export function httpLimitsFromEnv(env: NodeJS.ProcessEnv): HttpLimits {
  const read = (variable: string, fallback: number, min: number) => {
    const raw = env[variable]?.trim();
    if (raw === undefined || raw === '') return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < min)
      throw new BackendConfigError(variable, `"${env[variable]}" is not a whole number >= ${min}`);
    return Number(raw);
  };
  const limits: HttpLimits = {
    throttleLimit: read('THROTTLE_LIMIT', DEFAULT_HTTP_LIMITS.throttleLimit, 0),
    throttleTtlMs: read('THROTTLE_TTL_MS', DEFAULT_HTTP_LIMITS.throttleTtlMs, 1),
    headersTimeoutMs: read('HTTP_HEADERS_TIMEOUT_MS', DEFAULT_HTTP_LIMITS.headersTimeoutMs, 1),
    requestTimeoutMs: read('HTTP_REQUEST_TIMEOUT_MS', DEFAULT_HTTP_LIMITS.requestTimeoutMs, 1),
    keepAliveTimeoutMs: read('HTTP_KEEP_ALIVE_TIMEOUT_MS', DEFAULT_HTTP_LIMITS.keepAliveTimeoutMs, 1),
  };
  if (limits.headersTimeoutMs > limits.requestTimeoutMs) {
    throw new BackendConfigError('HTTP_HEADERS_TIMEOUT_MS', `must not exceed HTTP_REQUEST_TIMEOUT_MS (${limits.requestTimeoutMs})`);
  }
  return limits;
}
