import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { rows, testMysql } from '../support/databases';
import { KafkaProbe, rawProducer } from '../support/kafka-probe';

describe('the test stack', () => {
  it('carries a message through the real Kafka broker', async () => {
    const probe = await KafkaProbe.start(['supplier']);
    const producer = await rawProducer();
    const key = randomUUID();
    try {
      await producer.send({ topic: 'supplier', messages: [{ key, value: JSON.stringify({ smoke: key }) }] });
      const message = await probe.waitFor((m) => m.key === key);
      expect(message.topic).toBe('supplier');
      expect(message.json).toEqual({ smoke: key });
    } finally {
      await producer.disconnect();
      await probe.stop();
    }
  });

  it('writes and reads a document through Mongoose on FerretDB', async () => {
    const connection = await mongoose.createConnection(process.env.MONGODB_URI!).asPromise();
    try {
      const Smoke = connection.model('Smoke', new mongoose.Schema({ label: String, count: Number }), `smoke_${Date.now()}`);
      const label = randomUUID();
      const created = await Smoke.create({ label, count: 3 });
      const found = await Smoke.findById(created._id).lean();
      expect(found).toMatchObject({ label, count: 3 });
    } finally {
      await connection.close();
    }
  });

  it('writes and reads a row through mysql2 on MariaDB', async () => {
    const pool = testMysql();
    try {
      await pool.query('CREATE TABLE IF NOT EXISTS smoke (id VARCHAR(36) PRIMARY KEY, n INT NOT NULL)');
      const id = randomUUID();
      await pool.query('INSERT INTO smoke (id, n) VALUES (?, ?)', [id, 42]);
      expect(await rows(pool, 'SELECT n FROM smoke WHERE id = ?', [id])).toEqual([{ n: 42 }]);
    } finally {
      await pool.end();
    }
  });
});
