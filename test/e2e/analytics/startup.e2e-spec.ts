import { createServer, Server } from 'node:net';
import { createAnalyticsApp } from '../../../apps/analytics/src/analytics.app';
import { AnalyticsTarget, analyticsEnv, analyticsTarget, testLogger } from '../../support/analytics-app';
import { testKafka } from '../../support/kafka-probe';

/** Start-up that fails leaves nothing behind: the HTTP port is bound before the consumer joins its group. */
describe('analytics start-up', () => {
  let target: AnalyticsTarget;
  let taken: Server;

  beforeAll(async () => {
    target = await analyticsTarget('startup');
    taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '0.0.0.0', resolve));
  });

  afterAll(async () => {
    await new Promise((resolve) => taken.close(resolve));
    await target?.drop();
  });

  it('fails fast on a taken port without having joined its consumer group (no partitions orphaned)', async () => {
    const port = String((taken.address() as { port: number }).port);
    const started = Date.now();
    await expect(createAnalyticsApp({ ...analyticsEnv(target), PORT: port }, { logger: testLogger() })).rejects.toThrow(/EADDRINUSE/);
    expect(Date.now() - started).toBeLessThan(20_000);
    const admin = testKafka().admin();
    await admin.connect();
    try {
      const { groups } = await admin.describeGroups([target.groupId]);
      expect(groups[0].members).toEqual([]);
    } finally {
      await admin.disconnect();
    }
  });
});
