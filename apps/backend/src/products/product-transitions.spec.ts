import { ProductStatus } from '@app/kafka';
import { canApply, PRODUCT_TRANSITIONS, ProductAction } from './product-transitions';

const ALLOWED: Record<ProductAction, ProductStatus[]> = {
  publish: ['draft'],
  'out-of-stock': ['active'],
  restore: ['out_of_stock', 'discontinued'],
  discontinue: ['draft', 'active', 'out_of_stock'],
};
const STATUSES: ProductStatus[] = ['draft', 'active', 'out_of_stock', 'discontinued'];

describe('product transitions', () => {
  it.each(Object.keys(ALLOWED) as ProductAction[])('%s starts only from the statuses of the contract', (action) => {
    expect(STATUSES.filter((s) => canApply(action, s))).toEqual(ALLOWED[action]);
  });

  it('leads each action to its status and event', () => {
    expect(Object.fromEntries(Object.entries(PRODUCT_TRANSITIONS).map(([a, t]) => [a, [t.to, t.event]]))).toEqual({
      publish: ['active', 'product.published'],
      'out-of-stock': ['out_of_stock', 'product.out_of_stock'],
      restore: ['active', 'product.restored'],
      discontinue: ['discontinued', 'product.discontinued'],
    });
  });
});
