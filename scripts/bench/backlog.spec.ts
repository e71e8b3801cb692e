import { buildBacklog } from './backlog';
import { flatChange } from './flat-change';

describe('buildBacklog', () => {
  const backlog = buildBacklog(3000);

  it('is a mix of creates, updates, lifecycle events and deletes that the app flattens without a poison event', () => {
    const types = new Set(backlog.envelopes.map((e) => e.event_type));
    expect([...types].sort()).toEqual([
      'order.cancelled',
      'order.created',
      'post.created',
      'post.published',
      'product.created',
      'product.deleted',
      'product.published',
      'user.created',
      'user.deleted',
      'user.updated',
    ]);
    for (const envelope of backlog.envelopes) expect(() => flatChange(envelope)).not.toThrow();
  });

  it("carries each entity's version, as the backend writes them: 1 at create, +1 per event", () => {
    const last = new Map<string, number>();
    const seen = new Set<string>();
    for (const e of backlog.envelopes) {
      if (seen.has(e.event_id)) continue; // a redelivery repeats its event whole
      seen.add(e.event_id);
      expect(e.entity_version).toBe((last.get(e.entity_id) ?? 0) + 1);
      last.set(e.entity_id, e.entity_version!);
    }
  });

  it('redelivers some events: uniqueEvents counts each event id once', () => {
    expect(backlog.envelopes.length).toBeGreaterThanOrEqual(3000);
    expect(backlog.uniqueEvents).toBe(new Set(backlog.envelopes.map((e) => e.event_id)).size);
    expect(backlog.uniqueEvents).toBeLessThan(backlog.envelopes.length);
  });

  it('writes about 3.75 rows per event', () => {
    expect(backlog.rowsPerEvent).toBeGreaterThan(3.5);
    expect(backlog.rowsPerEvent).toBeLessThan(4);
  });
});
