import { filtersByIdOnly } from '../common/mongo/by-id';
import { AnyModel } from './outbox-entry';

/** At most this many documents in one bulkWrite; more wait for the next. */
export const MAX_DOCUMENTS_PER_BULK = 500;

interface Pop {
  id: string;
  eventIds: string[];
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * Takes sent events off the head of many documents' outboxes in one `bulkWrite` per collection rather than one
 * update each: on FerretDB a lone `$pop` costs about 1 ms of its CPU, each `$pop` of a bulk about 0.3 ms, and the
 * backend sends one command instead of hundreds. One bulk is in flight per collection; what arrives meanwhile goes
 * in the next, in arrival order. As with `OutboxPublisher.removeSent`, the caller holds each document's entity lock
 * until its pop resolves, and names the events it expects at the head: on MongoDB each `$pop` is filtered by that
 * event_id; on FerretDB (whose SQLite backend scans the collection for any filter but `_id` alone) by `_id` only.
 */
export class BulkHeadPops {
  private readonly waiting = new Map<AnyModel, Pop[]>();
  private readonly inFlight = new Map<AnyModel, Promise<void>>();

  constructor(private readonly idOnly: (model: AnyModel) => Promise<boolean> = filtersByIdOnly) {}

  /** Pops `eventIds.length` events off the document's outbox head; resolves once written, rejects if the bulk failed. */
  pop(model: AnyModel, id: string, eventIds: string[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const queue = this.waiting.get(model) ?? [];
      queue.push({ id, eventIds, resolve, reject });
      this.waiting.set(model, queue);
      if (!this.inFlight.has(model)) this.flush(model);
    });
  }

  /** Resolves when nothing is queued or being written (shutdown waits for it before MongoDB closes). */
  async drained(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all(this.inFlight.values());
  }

  private flush(model: AnyModel): void {
    const queue = this.waiting.get(model) ?? [];
    if (queue.length === 0) {
      this.waiting.delete(model);
      return;
    }
    const batch = queue.splice(0, MAX_DOCUMENTS_PER_BULK);
    const writing = this.write(model, batch).then(
      () => batch.forEach((p) => p.resolve()),
      (err: unknown) => batch.forEach((p) => p.reject(err)),
    );
    this.inFlight.set(
      model,
      writing.finally(() => {
        this.inFlight.delete(model);
        this.flush(model);
      }),
    );
  }

  private async write(model: AnyModel, batch: Pop[]): Promise<void> {
    const idOnly = await this.idOnly(model);
    const ops = batch.flatMap(({ id, eventIds }) =>
      eventIds.map((eventId) => ({
        updateOne: {
          filter: idOnly ? { _id: id } : { _id: id, 'outbox.0.event_id': eventId },
          update: { $pop: { outbox: -1 } },
          timestamps: false,
        },
      })),
    );
    // Ordered: a document's pops run in their order, and after a failure none of the later ones runs.
    await model.bulkWrite(ops as never, { ordered: true });
  }
}
