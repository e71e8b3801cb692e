import { BodyDepthPipe, depthOf, MAX_BODY_DEPTH } from './body-depth.pipe';

const nested = (levels: number) => JSON.parse('{"a":'.repeat(levels) + '1' + '}'.repeat(levels));

describe('BodyDepthPipe', () => {
  it('measures nesting without recursion, stopping past the limit', () => {
    expect(depthOf({ a: [{ b: 1 }] }, 10)).toBe(3);
    expect(depthOf('text', 10)).toBe(0);
    expect(depthOf(nested(20_000), 5)).toBe(6);
  });

  it('lets a body at the limit through and refuses one level more, naming body', () => {
    const pipe = new BodyDepthPipe();
    expect(pipe.transform(nested(MAX_BODY_DEPTH), { type: 'body' })).toEqual(nested(MAX_BODY_DEPTH));
    expect(() => pipe.transform(nested(MAX_BODY_DEPTH + 1), { type: 'body' })).toThrow(
      `body: must not nest deeper than ${MAX_BODY_DEPTH} levels`,
    );
    expect(pipe.transform(nested(MAX_BODY_DEPTH + 1), { type: 'query' })).toBeDefined();
  });
});
