import { OTHER_EVENT_TYPE, UnknownEventTypes } from './unknown-event-types';

describe('UnknownEventTypes', () => {
  it('labels each unknown type by its name, first time first, up to the bound; then every new one is other', () => {
    const types = new UnknownEventTypes(2);
    expect(types.note('user.renamed')).toEqual({ label: 'user.renamed', first: true });
    expect(types.note('user.renamed')).toEqual({ label: 'user.renamed', first: false });
    expect(types.note('order.split')).toEqual({ label: 'order.split', first: true });
    expect(types.note('order.merged')).toEqual({ label: OTHER_EVENT_TYPE, first: true });
    expect(types.note('post.boosted')).toEqual({ label: OTHER_EVENT_TYPE, first: false });
    expect(types.note('order.split')).toEqual({ label: 'order.split', first: false });
  });

  it('keeps a bounded set whatever it is fed: 10,000 invented types leave 100 labels', () => {
    const types = new UnknownEventTypes();
    const labels = new Set(Array.from({ length: 10_000 }, (_, i) => types.note(`user.t_${i}`).label));
    expect(labels.size).toBe(101);
    expect(labels.has(OTHER_EVENT_TYPE)).toBe(true);
  });

  it('never makes a label of an overlong type', () => {
    expect(new UnknownEventTypes().note(`user.${'a'.repeat(100)}`).label).toBe(OTHER_EVENT_TYPE);
  });
});
