import { KafkaReachability } from '@app/kafka';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { TerminusModule } from '@nestjs/terminus';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import { ConsumerMonitor, GroupState } from './consumer-monitor';
import { HealthController } from './health.controller';
import { ReadinessIndicators } from './readiness.indicators';

describe('GET /health/live (analytics)', () => {
  let app: INestApplication;
  const monitor = { state: 'member' as GroupState, lastError: undefined as string | undefined, stallTimeoutMs: 60_000 };

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController],
      providers: [
        ReadinessIndicators,
        { provide: getDataSourceToken(), useValue: {} },
        { provide: KafkaReachability, useValue: {} },
        { provide: ConsumerMonitor, useValue: monitor },
      ],
    }).compile();
    app = await moduleRef.createNestApplication().init();
  });
  afterAll(() => app.close());

  it.each<GroupState>(['starting', 'member', 'crashed', 'stopped'])(
    'is 200 while the consumer is %s (it can still recover)',
    async (state) => {
      monitor.state = state;
      await request(app.getHttpServer()).get('/health/live').expect(200);
    },
  );

  it('is 503 once the consumer crashed for good (kafkajs will not restart it), saying why', async () => {
    monitor.state = 'failed';
    monitor.lastError = "The group member's supported protocols are incompatible with those of existing members";
    const res = await request(app.getHttpServer()).get('/health/live').expect(503);
    expect(res.body.error.consumer).toEqual({ status: 'down', state: 'failed', message: monitor.lastError });
  });
});
