import { KafkaProducer, Topic } from '@app/kafka';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Db, ObjectId } from 'mongodb';
import { snapshotOf } from './publish';
import { KINDS } from './read-model';

/** Where a rebuild got to, per collection (the last `_id` sent, in `_id` order): `--resume` goes on from there. */
export type RebuildState = Partial<Record<Topic, string | 'done'>>;

export interface RebuildOptions {
  kinds: Topic[];
  /** Most documents a second (the consumer and Kafka take the load; another producer's traffic shares the topics). */
  rate: number;
  stateFile: string;
  resume: boolean;
  /** Progress line, written over itself (stderr). */
  progress: (line: string) => void;
}

const IN_FLIGHT = 2000;

/**
 * Publishes a snapshot of every live document, collection by collection in `_id` order, at most `rate` a second,
 * recording where it is in `stateFile` each second, so an interrupted rebuild resumes. Snapshots carry the document's
 * version: one that meets a newer event of its entity on the way is stale and changes nothing.
 */
export async function rebuild(db: Db, producer: KafkaProducer, options: RebuildOptions): Promise<{ documents: number; seconds: number }> {
  const state: RebuildState = options.resume && existsSync(options.stateFile) ? JSON.parse(readFileSync(options.stateFile, 'utf8')) : {};
  const save = () => writeFileSync(options.stateFile, JSON.stringify(state));
  const started = Date.now();
  let documents = 0;
  for (const kind of options.kinds) {
    const from = state[kind];
    if (from === 'done') continue;
    const collection = db.collection(KINDS[kind].collection);
    const filter = { tombstone: { $ne: true }, ...(from ? { _id: { $gt: new ObjectId(from) } } : {}) };
    const total = await collection.countDocuments(filter);
    const inFlight = new Set<Promise<unknown>>();
    let sent = 0;
    let lastSaved = Date.now();
    const kindStarted = Date.now();
    for await (const doc of collection.find(filter, { batchSize: 1000, sort: { _id: 1 } })) {
      // Throttle: never ahead of `rate` documents a second since this collection started.
      const ahead = sent / options.rate - (Date.now() - kindStarted) / 1000;
      if (ahead > 0) await sleep(ahead * 1000);
      const sending = producer.send(kind, snapshotOf(kind, doc), doc._id.toHexString());
      inFlight.add(sending);
      void sending.finally(() => inFlight.delete(sending)).catch(() => undefined);
      if (inFlight.size >= IN_FLIGHT) await Promise.race(inFlight);
      sent += 1;
      documents += 1;
      if (Date.now() - lastSaved >= 1000) {
        await Promise.all(inFlight); // what the state file says was sent is on Kafka
        state[kind] = doc._id.toHexString();
        save();
        lastSaved = Date.now();
        options.progress(progressLine(kind, sent, total, kindStarted));
      }
    }
    await Promise.all(inFlight);
    state[kind] = 'done';
    save();
    options.progress(progressLine(kind, sent, total, kindStarted) + '\n');
  }
  rmSync(options.stateFile, { force: true });
  return { documents, seconds: (Date.now() - started) / 1000 };
}

function progressLine(kind: Topic, sent: number, total: number, since: number): string {
  const width = 30;
  const share = total === 0 ? 1 : Math.min(1, sent / total);
  const bar = '#'.repeat(Math.round(share * width)).padEnd(width, '.');
  const rate = sent / Math.max(0.001, (Date.now() - since) / 1000);
  return `\r${KINDS[kind].collection.padEnd(9)} [${bar}] ${sent}/${total} ${Math.round(share * 100)}% ${Math.round(rate)} documents/s`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
