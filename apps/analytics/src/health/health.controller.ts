import { HEALTH_CHECK_OPTIONS } from '@app/kafka';
import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import { ReadinessIndicators } from './readiness.indicators';

/**
 * Liveness: the process answers and its consumer has not crashed for good (restart it if not). Readiness: MySQL and Kafka answer, the consumer is in its
 * group and no partition with lag has stalled. 200 or 503, with terminus's {status, info, error, details}.
 * GET /health is readiness too (docker-compose's healthcheck and older scripts use it).
 */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly readiness: ReadinessIndicators,
  ) {}

  @Get('live')
  @HealthCheck(HEALTH_CHECK_OPTIONS)
  live(): Promise<HealthCheckResult> {
    return this.health.check([() => this.readiness.alive()]);
  }

  @Get(['', 'ready'])
  @HealthCheck(HEALTH_CHECK_OPTIONS)
  ready(): Promise<HealthCheckResult> {
    return this.health.check([() => this.readiness.mysql(), () => this.readiness.kafka(), () => this.readiness.consumer()]);
  }
}
