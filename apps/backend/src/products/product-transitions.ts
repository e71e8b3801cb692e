import { EventType, ProductStatus } from '@app/kafka';

export type ProductAction = 'publish' | 'out-of-stock' | 'restore' | 'discontinue';

type ProductLifecycleEvent =
  | typeof EventType.PRODUCT_PUBLISHED
  | typeof EventType.PRODUCT_OUT_OF_STOCK
  | typeof EventType.PRODUCT_RESTORED
  | typeof EventType.PRODUCT_DISCONTINUED;

export interface ProductTransition {
  from: readonly ProductStatus[];
  to: ProductStatus;
  event: ProductLifecycleEvent;
}

/** The product lifecycle: each route, the statuses it may start from, where it leads and what it emits. */
export const PRODUCT_TRANSITIONS: Readonly<Record<ProductAction, ProductTransition>> = {
  publish: { from: ['draft'], to: 'active', event: EventType.PRODUCT_PUBLISHED },
  'out-of-stock': { from: ['active'], to: 'out_of_stock', event: EventType.PRODUCT_OUT_OF_STOCK },
  restore: { from: ['out_of_stock', 'discontinued'], to: 'active', event: EventType.PRODUCT_RESTORED },
  discontinue: { from: ['draft', 'active', 'out_of_stock'], to: 'discontinued', event: EventType.PRODUCT_DISCONTINUED },
};

export function canApply(action: ProductAction, from: ProductStatus): boolean {
  return PRODUCT_TRANSITIONS[action].from.includes(from);
}
