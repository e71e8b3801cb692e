import { ExecutionContext, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { Request } from 'express';
import { BackendConfig } from '../../config/backend.config';

/** Probes and scrapes are not clients: a Prometheus or a load balancer polling them must never be refused. */
const isProbe = (context: ExecutionContext) => /^\/(health|metrics)(\/|$)/.test(context.switchToHttp().getRequest<Request>().path ?? '');

/**
 * Requests per client IP (the socket's address; no proxy header is trusted): THROTTLE_LIMIT per THROTTLE_TTL_MS,
 * 429 past it; THROTTLE_LIMIT=0 turns it off (the fault suite and the bench drive hundreds of requests a second
 * from 127.0.0.1). Runs before the identity guards, so a flood costs no database lookups.
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [BackendConfig],
      useFactory: (config: BackendConfig) => ({
        throttlers: [{ ttl: config.http.throttleTtlMs, limit: Math.max(config.http.throttleLimit, 1) }],
        skipIf: (context) => config.http.throttleLimit === 0 || isProbe(context),
        // One budget per address across every route (the default key is per controller method).
        generateKey: (_context, tracker) => tracker,
        errorMessage: `more than ${config.http.throttleLimit} requests in ${config.http.throttleTtlMs} ms from this address`,
      }),
    }),
  ],
  providers: [{ provide: APP_GUARD, useClass: ThrottlerGuard }],
})
export class ThrottleModule {}
