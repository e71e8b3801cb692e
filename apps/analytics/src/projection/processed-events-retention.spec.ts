import { EventType } from '@app/kafka';
import { envelope, postData, productData, supplierData, userData } from '../testing/event-fixtures';
import { PostsProjection } from '../posts/posts.projection';
import { ProductsProjection } from '../products/products.projection';
import { SuppliersProjection } from '../suppliers/suppliers.projection';
import { UsersProjection } from '../users/users.projection';
import { DELETE_GUARD_EVENT_TYPES, pruneCutoff } from './processed-events-retention';

describe('pruneCutoff', () => {
  it('is whole days of 24 h before now, to the millisecond', () => {
    const now = new Date('2026-03-29T12:34:56.789Z');
    expect(pruneCutoff(now, 7).toISOString()).toBe('2026-03-22T12:34:56.789Z');
    expect(pruneCutoff(now, 1).toISOString()).toBe('2026-03-28T12:34:56.789Z');
    expect(pruneCutoff(now, 3650).getTime()).toBe(now.getTime() - 3650 * 86_400_000);
  });

  it('refuses a retention that would prune everything or nothing sensible', () => {
    for (const days of [0, -1, 1.5, NaN]) expect(() => pruneCutoff(new Date(), days)).toThrow(RangeError);
  });
});

describe('DELETE_GUARD_EVENT_TYPES', () => {
  it("holds every projection's deletedBy type, so pruning keeps each delete guard", () => {
    const [user, supplier, product, post] = [userData(), supplierData(), productData(), postData()];
    const guards = [
      new UsersProjection().upsert(envelope('user.created', user.id, user)).deletedBy,
      new SuppliersProjection().upsert(envelope('supplier.created', supplier.id, supplier)).deletedBy,
      new ProductsProjection().upsert(envelope('product.created', product.id, product)).deletedBy,
      new PostsProjection().upsert(envelope('post.created', post.id, post)).deletedBy,
    ];
    expect(guards.every((type) => type !== undefined && DELETE_GUARD_EVENT_TYPES.includes(type))).toBe(true);
    expect([...DELETE_GUARD_EVENT_TYPES].sort()).toEqual(
      [EventType.POST_DELETED, EventType.PRODUCT_DELETED, EventType.SUPPLIER_DELETED, EventType.USER_DELETED].sort(),
    );
  });
});
