import { Types } from 'mongoose';
import { toPostData } from './post.mapping';
import { PostRecord } from './schemas/post.schema';

describe('toPostData', () => {
  it('gives the wire shape: hex ids (product_ids too), ISO dates, nulls and empty lists', () => {
    const _id = new Types.ObjectId();
    const user_id = new Types.ObjectId();
    const product = new Types.ObjectId();
    const at = new Date('2026-07-08T09:10:11.120Z');
    const doc = {
      _id,
      author: { user_id, display_name: 'Ada' },
      body: 'hello',
      product_ids: [product],
      status: 'draft',
      published_at: null,
      created_at: at,
      updated_at: at,
    } as unknown as PostRecord;
    expect(toPostData(doc)).toEqual({
      id: _id.toHexString(),
      author: { user_id: user_id.toHexString(), display_name: 'Ada' },
      body: 'hello',
      media_urls: [],
      product_ids: [product.toHexString()],
      status: 'draft',
      published_at: null,
      created_at: '2026-07-08T09:10:11.120Z',
      updated_at: '2026-07-08T09:10:11.120Z',
      deleted_at: null,
    });
  });
});
