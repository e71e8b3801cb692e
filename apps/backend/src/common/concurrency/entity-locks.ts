import { Injectable } from '@nestjs/common';
import { KeyedMutex } from './keyed-mutex';

/**
 * Serialises the mutations of one document within this process: read, conditional update and emit
 * run for one entity at a time. The conditional updates alone suffice on MongoDB, but FerretDB 1.24
 * (SQLite) applies concurrent updates of one document as read-modify-write without isolation, so two
 * racing transitions could both succeed. Holding the emit inside the lock also keeps one entity's
 * events in the order of its writes. Several backend processes on FerretDB: only the writer lease's holder
 * writes (WriterLease).
 */
@Injectable()
export class EntityLocks {
  private readonly mutex = new KeyedMutex();

  run<T>(entity: string, id: string, task: () => Promise<T>): Promise<T> {
    return this.mutex.run(`${entity}:${id}`, task);
  }
}
