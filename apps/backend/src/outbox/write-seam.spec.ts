import { EntityLocks } from '../common/concurrency/entity-locks';
import { EventDataRegistry } from './event-data';
import { AnyModel, OutboxEntry } from './outbox-entry';
import { OutboxPublisher } from './outbox-publisher';
import { EntityWriter } from './write-seam';
import { KafkaProducer } from '@app/kafka';

interface Doc {
  _id: { toHexString(): string };
  version: number;
  outbox: OutboxEntry[];
  name: string;
}

/**
 * A collection of one document on a MongoDB server (buildInfo without ferretdbVersion), whose compare-and-set
 * behaves like MongoDB's: the update applies only when the filter's version is the stored one. `interfere` runs
 * between a read and the write that follows it: another instance's change.
 */
function oneDocModel(interfere: (stored: Doc) => void) {
  const stored: Doc = { _id: { toHexString: () => 'a1' }, version: 1, outbox: [], name: 'first' };
  const filters: unknown[] = [];
  const chain = <T>(value: () => T) => ({ lean: () => ({ exec: async () => value() }) });
  const model = {
    db: { db: { admin: () => ({ command: async () => ({ version: '7.0.0' }) }) } },
    findById: () => chain(() => copy(stored)),
    findOneAndUpdate: (filter: { version?: number }, update: { $set: Partial<Doc>; $push: { outbox: OutboxEntry } }) => {
      filters.push(filter);
      return chain(() => {
        interfere(stored);
        if (filter.version !== stored.version) return null;
        Object.assign(stored, update.$set);
        stored.outbox.push(update.$push.outbox);
        return copy(stored);
      });
    },
  };
  return { model: model as unknown as AnyModel, stored, filters };
}

const copy = (doc: Doc): Doc => ({ ...doc, outbox: [...doc.outbox] });

function writer(model: AnyModel, publishes: unknown[]) {
  const eventData = { dataOf: (_type: string, doc: Doc) => ({ name: doc.name }) } as unknown as EventDataRegistry;
  const publisher = { publish: async (_m: unknown, envelope: unknown) => void publishes.push(envelope) } as unknown as OutboxPublisher;
  return new EntityWriter<Doc>(model, 'user', eventData, publisher, new EntityLocks(), {} as KafkaProducer, {
    assertWriter: () => undefined,
  });
}

describe('EntityWriter.change on MongoDB (compare-and-set)', () => {
  it('reads and decides again when another instance changed the document in between, and writes the next version', async () => {
    let others = 1;
    const { model, stored, filters } = oneDocModel((doc) => {
      if (others-- > 0) Object.assign(doc, { version: doc.version + 1, name: 'by another instance' });
    });
    const decided: string[] = [];
    const publishes: unknown[] = [];
    const written = await writer(model, publishes).change('a1', (current) => {
      decided.push(`${current!.name}@${current!.version}`);
      return { event: 'user.updated', update: { $set: { name: 'mine' } } };
    });

    expect(decided).toEqual(['first@1', 'by another instance@2']);
    expect(filters).toEqual([
      { _id: 'a1', version: 1 },
      { _id: 'a1', version: 2 },
    ]);
    expect(written.doc).toMatchObject({ version: 3, name: 'mine' });
    expect(stored.outbox).toHaveLength(1);
    expect(publishes).toHaveLength(1);
  });

  it('gives up after 10 conflicts in a row, writing nothing', async () => {
    const { model, stored } = oneDocModel((doc) => void (doc.version += 1));
    const publishes: unknown[] = [];
    await expect(
      writer(model, publishes).change('a1', () => ({ event: 'user.updated', update: { $set: { name: 'mine' } } })),
    ).rejects.toThrow('user a1: changed by others 10 times while being written');
    expect(stored).toMatchObject({ name: 'first', outbox: [] });
    expect(publishes).toEqual([]);
  });
});

describe('EntityWriter on a standby', () => {
  it('refuses to write when this instance is not the writer', async () => {
    const { model, stored } = oneDocModel(() => undefined);
    const notWriter = () => {
      throw new Error('NOT_WRITER');
    };
    const seam = new EntityWriter<Doc>(
      model,
      'user',
      {} as EventDataRegistry,
      {} as OutboxPublisher,
      new EntityLocks(),
      {} as KafkaProducer,
      {
        assertWriter: notWriter,
      },
    );
    await expect(seam.change('a1', () => ({ event: 'user.updated', update: { $set: { name: 'x' } } }))).rejects.toThrow('NOT_WRITER');
    await expect(seam.create('user.created', { name: 'x' })).rejects.toThrow('NOT_WRITER');
    expect(stored).toMatchObject({ version: 1, name: 'first' });
  });
});
