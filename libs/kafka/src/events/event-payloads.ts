import { EventType } from '../event-types';
import { OrderCancelledData, OrderData, OrderShippedData } from './order.events';
import { PostData, PostDeletedData } from './post.events';
import { ProductData, ProductDeletedData } from './product.events';
import { SupplierData, SupplierDeletedData } from './supplier.events';
import { UserData, UserDeletedData } from './user.events';

/** The `data` of each event type: the whole document (snapshots too), or ids for deletes and cancels. */
export interface EventPayloads {
  'user.created': UserData;
  'user.updated': UserData;
  'user.deleted': UserDeletedData;
  'supplier.created': SupplierData;
  'supplier.updated': SupplierData;
  'supplier.deleted': SupplierDeletedData;
  'product.created': ProductData;
  'product.updated': ProductData;
  'product.published': ProductData;
  'product.discontinued': ProductData;
  'product.out_of_stock': ProductData;
  'product.restored': ProductData;
  'product.deleted': ProductDeletedData;
  'order.created': OrderData;
  'order.cancelled': OrderCancelledData;
  'order.shipped': OrderShippedData;
  'post.created': PostData;
  'post.updated': PostData;
  'post.published': PostData;
  'post.deleted': PostDeletedData;
  'user.snapshot': UserData;
  'supplier.snapshot': SupplierData;
  'product.snapshot': ProductData;
  'order.snapshot': OrderData;
  'post.snapshot': PostData;
}

// Compile-time check that every event type has a payload and nothing else does.
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
export const EVERY_EVENT_HAS_A_PAYLOAD: Exact<keyof EventPayloads, EventType> = true;

export type PayloadOf<T extends EventType> = EventPayloads[T];
