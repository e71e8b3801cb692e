import { randomUUID } from 'node:crypto';
import mongoose, { Connection, Schema } from 'mongoose';
import { BulkHeadPops } from '../../../apps/backend/src/outbox/bulk-head-pops';
import { OUTBOX_PROP } from '../../../apps/backend/src/outbox/outbox-entry';

describe('BulkHeadPops on the stack', () => {
  let connection: Connection;

  beforeAll(async () => {
    connection = await mongoose.createConnection(process.env.MONGODB_URI!).asPromise();
  });

  afterAll(async () => {
    await connection?.close();
  });

  it('takes 250 queued pops off in bulks the server can run (FerretDB 1.24 hangs on one update command of 100+ statements)', async () => {
    const model = connection.model(`pops_${Date.now()}`, new Schema({ n: Number, outbox: OUTBOX_PROP }));
    const entry = () => ({ event_id: randomUUID(), event_type: 'user.created', timestamp: new Date().toISOString() });
    const docs = await model.insertMany(Array.from({ length: 250 }, (_, n) => ({ n, outbox: [entry(), entry()] })));
    const pops = new BulkHeadPops();

    // All queued at once: the first goes alone, the other 249 wait for the bulks after it.
    await Promise.all(docs.map((doc) => pops.pop(model, doc._id.toHexString(), [doc.outbox[0].event_id])));

    const after = await model.find({}, { outbox: 1 }).sort({ n: 1 }).lean<Array<{ outbox: Array<{ event_id: string }> }>>();
    expect(after).toHaveLength(250);
    expect(after.map((d) => d.outbox.map((e) => e.event_id))).toEqual(docs.map((d) => [d.outbox[1].event_id]));
  }, 30_000);
});
