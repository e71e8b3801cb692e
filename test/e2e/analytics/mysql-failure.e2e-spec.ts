import { INestApplication } from '@nestjs/common';
import { Producer } from 'kafkajs';
import { envelope, userData } from '../../../apps/analytics/src/testing/event-fixtures';
import { AnalyticsTarget, analyticsTarget, produce, RecordingLogger, startAnalyticsApp } from '../../support/analytics-app';
import { Connection } from 'mysql2/promise';
import { rows, testMysqlAdmin } from '../../support/databases';
import { eventually } from '../../support/eventually';
import { KafkaProbe, rawProducer, testKafka } from '../../support/kafka-probe';

/** A MySQL failure is not poison: the event is retried with backoff, never dead-lettered, never committed past. */
describe('analytics when MySQL fails', () => {
  let target: AnalyticsTarget;
  let app: INestApplication;
  let producer: Producer;
  let dlq: KafkaProbe;
  /** Root through the socket: triggers are beyond the application's account. */
  let admin: Connection;
  const logger = new RecordingLogger();

  beforeAll(async () => {
    target = await analyticsTarget('mysqlfail');
    admin = await testMysqlAdmin(target.database);
    dlq = await KafkaProbe.start(['dlq.user']);
    app = await startAnalyticsApp(target, logger);
    producer = await rawProducer();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await dlq?.stop();
    await app?.close();
    await admin?.end();
    await target?.drop();
  });

  it('retries an event while MySQL refuses it and applies it once MySQL is back', async () => {
    const user = userData();
    const created = envelope('user.created', user.id, user);
    await produce(producer, 'user', user.id, created);
    await eventually(async () => ((await rows(target.db, 'SELECT 1 FROM users WHERE user_id = ?', [user.id])).length ? true : undefined));

    // MySQL refuses every write to this user's row (other rows, other people's events, go through).
    await admin.query(
      `CREATE TRIGGER refuse_${user.id} BEFORE UPDATE ON users FOR EACH ROW
       IF NEW.user_id = '${user.id}' THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'simulated MySQL outage'; END IF`,
    );
    let restored = false;
    try {
      const updated = envelope('user.updated', user.id, { ...user, profile: { ...user.profile, display_name: 'After outage' } });
      const landed = await produce(producer, 'user', user.id, updated);
      const where = `user[${landed.partition}]@${landed.offset}`;
      const retries = await eventually(
        () => {
          const found = logger.warnings.filter((w) => w.startsWith(`${where} failed`));
          return found.length >= 3 ? found : undefined;
        },
        { timeoutMs: 30_000, what: `three failed attempts of ${where}` },
      );
      expect(retries.slice(0, 3).map((w) => /retrying in (\d+) ms/.exec(w)?.[1])).toEqual(['200', '400', '800']);
      expect(retries[0]).toMatch(/simulated MySQL outage$/);

      expect(dlq.messages.filter((m) => m.key === user.id)).toEqual([]);
      expect(await rows(target.db, 'SELECT 1 FROM processed_events WHERE event_id = ?', [updated.event_id])).toEqual([]);
      const kafkaAdmin = testKafka().admin();
      await kafkaAdmin.connect();
      const [offsets] = await kafkaAdmin.fetchOffsets({ groupId: target.groupId, topics: ['user'] });
      await kafkaAdmin.disconnect();
      const committed = offsets.partitions.find((p) => p.partition === landed.partition)!.offset;
      expect(BigInt(committed)).toBeLessThanOrEqual(BigInt(landed.offset));

      await admin.query(`DROP TRIGGER refuse_${user.id}`);
      restored = true;
      await eventually(
        async () => {
          const found = await rows(target.db, 'SELECT display_name, event_id FROM users WHERE user_id = ?', [user.id]);
          return found[0]?.event_id === updated.event_id ? found : undefined;
        },
        { timeoutMs: 30_000, what: 'the update to be applied after the outage' },
      );
      expect(await rows(target.db, 'SELECT display_name FROM users WHERE user_id = ?', [user.id])).toEqual([
        { display_name: 'After outage' },
      ]);
      expect(dlq.messages.filter((m) => m.key === user.id)).toEqual([]);
    } finally {
      if (!restored) await admin.query(`DROP TRIGGER refuse_${user.id}`);
    }
  });
});
