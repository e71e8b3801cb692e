import { filtersByIdOnly } from '../common/mongo/by-id';
import { AnyModel } from './outbox-entry';

/** At most this many `$pop` statements in one bulkWrite on MongoDB; more wait for the next. */
export const STATEMENTS_PER_BULK = 500;
/**
 * On FerretDB 1.24 each statement of an `update` command keeps a SQLite connection until the whole command ends
 * (its handler defers each statement's cursor close inside the loop), and its SQLite pool has 100 connections: one
 * command of 100 statements, or commands in flight that add up to that, wait for each other forever and FerretDB
 * stops answering everyone. Bulks stay far below that, one at a time.
 */
export const FERRETDB_STATEMENTS_PER_BULK = 20;

/**
 * The update that takes the event `eventId` off the head of document `id`'s outbox. On MongoDB the filter names that
 * event, so a concurrent pop by another instance cannot make this one pop too far; on FerretDB (`idOnly`: its SQLite
 * backend scans the whole collection for any filter but `_id` alone) the caller's entity lock is the guard.
 */
export function headPop(idOnly: boolean, id: string, eventId: string) {
  return { filter: idOnly ? { _id: id } : { _id: id, 'outbox.0.event_id': eventId }, update: { $pop: { outbox: -1 as const } } };
}

interface Pop {
  id: string;
  eventIds: string[];
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * Takes sent events off the head of many documents' outboxes in one `bulkWrite` rather than one update each: on
 * FerretDB a lone `$pop` costs about 1 ms of its CPU, each `$pop` of a bulk about 0.3 ms, and the backend sends one
 * command instead of dozens. One bulk is in flight at a time (collections take turns); what arrives meanwhile goes
 * in the next ones, in arrival order. As with `OutboxPublisher.removeSent`, the caller holds each document's entity
 * lock until its pop resolves, and names the events it expects at the head (see `headPop`).
 */
export class BulkHeadPops {
  /** Pops waiting, by collection, in the order the collections first had one waiting. */
  private readonly waiting = new Map<AnyModel, Pop[]>();
  private writing?: Promise<void>;

  constructor(private readonly idOnly: (model: AnyModel) => Promise<boolean> = filtersByIdOnly) {}

  /** Pops `eventIds.length` events off the document's outbox head; resolves once written, rejects if the bulk failed. */
  pop(model: AnyModel, id: string, eventIds: string[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const queue = this.waiting.get(model) ?? [];
      queue.push({ id, eventIds, resolve, reject });
      this.waiting.set(model, queue);
      if (!this.writing) this.next();
    });
  }

  /** Resolves when nothing is queued or being written (shutdown waits for it before MongoDB closes). */
  async drained(): Promise<void> {
    while (this.writing) await this.writing;
  }

  private next(): void {
    const first = this.waiting.entries().next();
    if (first.done) return;
    const [model, queue] = first.value;
    this.waiting.delete(model); // what does not fit in this bulk goes back at the end: the next collection goes first
    this.writing = this.write(model, queue).finally(() => {
      this.writing = undefined;
      this.next();
    });
  }

  private async write(model: AnyModel, queue: Pop[]): Promise<void> {
    let idOnly: boolean;
    try {
      idOnly = await this.idOnly(model);
    } catch (err) {
      for (const pop of queue) pop.reject(err);
      return;
    }
    const limit = idOnly ? FERRETDB_STATEMENTS_PER_BULK : STATEMENTS_PER_BULK;
    let statements = 0;
    let count = 0;
    while (count < queue.length && (count === 0 || statements + queue[count].eventIds.length <= limit)) {
      statements += queue[count].eventIds.length;
      count++;
    }
    const batch = queue.slice(0, count);
    if (count < queue.length) this.waiting.set(model, [...queue.slice(count), ...(this.waiting.get(model) ?? [])]);
    const ops = batch.flatMap(({ id, eventIds }) =>
      eventIds.map((eventId) => ({ updateOne: { ...headPop(idOnly, id, eventId), timestamps: false } })),
    );
    try {
      // Ordered: a document's pops run in their order, and after a failure none of the later ones runs.
      await model.bulkWrite(ops as never, { ordered: true });
      for (const pop of batch) pop.resolve();
    } catch (err) {
      for (const pop of batch) pop.reject(err);
    }
  }
}
