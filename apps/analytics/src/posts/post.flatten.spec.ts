import { at, envelope, objectId, postData } from '../testing/event-fixtures';
import { flattenPost, flattenPostDeleted } from './post.flatten';

describe('flattenPost', () => {
  it.each(['post.created', 'post.updated', 'post.published'] as const)('flattens %s into a posts row', (type) => {
    const published = type === 'post.published';
    const data = postData({ status: published ? 'published' : 'draft', published_at: published ? '2025-02-01T09:00:00.000Z' : null });
    const event = envelope(type, data.id, data, at('2025-02-01T10:00:00.000Z'));
    expect(flattenPost(event)).toEqual({
      post_id: data.id,
      author_user_id: data.author.user_id,
      author_display_name: 'Ada L',
      body: 'Look at this lamp ✨',
      media_urls: '["https://cdn.example/lamp.jpg"]',
      product_ids: JSON.stringify(data.product_ids),
      status: published ? 'published' : 'draft',
      published_at: published ? at('2025-02-01T09:00:00.000Z') : null,
      created_at: at('2025-01-02T03:04:05.678Z'),
      updated_at: at('2025-01-02T03:04:05.678Z'),
      deleted_at: null,
      event_id: event.event_id,
      event_timestamp: at('2025-02-01T10:00:00.000Z'),
      entity_version: null,
    });
  });

  it('rejects media_urls that are not strings', () => {
    const data = postData({ media_urls: [42 as never] });
    expect(() => flattenPost(envelope('post.updated', data.id, data))).toThrow('data.media_urls[0] must be a string');
  });
});

describe('flattenPostDeleted', () => {
  it('turns post.deleted into deleted_at', () => {
    const id = objectId();
    const event = envelope('post.deleted', id, { post_id: id, deleted_at: '2025-03-01T00:00:00.000Z' }, at('2025-03-01T00:00:00.001Z'));
    expect(flattenPostDeleted(event)).toEqual({
      post_id: id,
      deleted_at: at('2025-03-01T00:00:00.000Z'),
      event_id: event.event_id,
      event_timestamp: at('2025-03-01T00:00:00.001Z'),
      entity_version: null,
    });
  });
});
