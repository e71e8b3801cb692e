import { KafkaReachability, HEALTH_CHECK_OPTIONS } from '@app/kafka';
import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { OutboxRelay } from '../outbox/outbox-relay';
import { WriterLease } from '../outbox/writer-lease';
import { ShutdownDrain } from './shutdown-drain';
import { HealthCheck, HealthCheckResult, HealthCheckService, HealthIndicatorService, MongooseHealthIndicator } from '@nestjs/terminus';

const CHECK_TIMEOUT_MS = 3000;
const READY_EXAMPLE = {
  status: 'ok',
  info: {
    mongodb: { status: 'up' },
    kafka: { status: 'up' },
    outbox: { status: 'up', documents: 0, oldest_age_s: 0 },
    writer: { status: 'up', mode: 'cas', writer: true },
  },
  error: {},
  details: {},
};

/**
 * Liveness: the process answers. Readiness (also GET /health): not shutting down (503 from SIGTERM on, while the app
 * drains), MongoDB answers a ping and Kafka a describeCluster; it also reports the outbox backlog (documents with events not yet on Kafka, age of the oldest).
 * `writer` says who may write (WriterLease): its mode (`lease` on FerretDB, `cas` on MongoDB, `single`) and whether
 * this instance writes; a standby of lease mode is not ready (it answers reads, but writes get 503 NOT_WRITER).
 */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly mongo: MongooseHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly kafka: KafkaReachability,
    private readonly relay: OutboxRelay,
    private readonly drain: ShutdownDrain,
    private readonly writer: WriterLease,
  ) {}

  @Get('live')
  @HealthCheck(HEALTH_CHECK_OPTIONS)
  @ApiOkResponse({ description: 'the process answers', schema: { example: { status: 'ok', info: {}, error: {}, details: {} } } })
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  @Get(['', 'ready'])
  @HealthCheck(HEALTH_CHECK_OPTIONS)
  @ApiOkResponse({ description: 'MongoDB and Kafka answer', schema: { example: READY_EXAMPLE } })
  @ApiServiceUnavailableResponse({
    description: 'MongoDB or Kafka does not answer, or this instance is a standby (writer: down); `error` says which and why',
  })
  ready(): Promise<HealthCheckResult> {
    return this.health.check([
      ...(this.drain.draining ? [() => this.drainCheck()] : []),
      () => this.mongo.pingCheck('mongodb', { timeout: CHECK_TIMEOUT_MS }),
      () => this.kafkaCheck(),
      // Reported, not judged: a backlog while Kafka is down is the outbox doing its job (kafka: down says why).
      () => this.indicators.check('outbox').up({ ...this.relay.backlog() }),
      () => this.writerCheck(),
    ]);
  }

  /** Down on a standby of lease mode: another instance holds the writer lease. */
  private writerCheck() {
    const status = this.writer.status();
    const check = this.indicators.check('writer');
    if (status.writer) return check.up({ ...status });
    return check.down({ message: `standby: ${status.owner ?? 'no instance'} holds the writer lease`, ...status });
  }

  /** Down from SIGTERM on (checked only then): the app still answers while it drains, but takes no new traffic. */
  private drainCheck() {
    const { signal, elapsedMs } = this.drain.draining ?? { signal: 'SIGTERM', elapsedMs: 0 };
    return this.indicators.check('shutdown').down({ message: `draining after ${signal}`, elapsed_ms: elapsedMs });
  }

  private async kafkaCheck() {
    const check = this.indicators.check('kafka');
    try {
      await this.kafka.check(CHECK_TIMEOUT_MS);
      return check.up();
    } catch (err) {
      return check.down({ message: (err as Error).message });
    }
  }
}
