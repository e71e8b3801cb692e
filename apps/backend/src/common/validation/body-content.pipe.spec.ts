import { BodyContentPipe, forbiddenContent } from './body-content.pipe';

describe('BodyContentPipe', () => {
  const pipe = new BodyContentPipe();

  it('refuses __proto__, constructor and prototype keys at any depth, naming the field', () => {
    const body = JSON.parse('{"email":"a@b.c","__proto__":{"admin":true},"variants":[{"attributes":{"constructor":"x"}}]}');
    expect(forbiddenContent(body)).toEqual(
      expect.arrayContaining([
        { field: '__proto__', reason: 'property __proto__ should not exist' },
        { field: 'variants.0.attributes.constructor', reason: 'property constructor should not exist' },
      ]),
    );
    expect(() => pipe.transform(body, { type: 'body' })).toThrow(/__proto__: property __proto__ should not exist/);
  });

  it('refuses NUL characters in keys and values', () => {
    expect(forbiddenContent({ variants: [{ attributes: { 'co\u0000lor': 'red' } }], name: 'a\u0000b' })).toEqual(
      expect.arrayContaining([
        { field: 'variants.0.attributes.co\\0lor', reason: 'keys must not contain NUL characters' },
        { field: 'name', reason: 'must not contain NUL characters' },
      ]),
    );
  });

  it('lets ordinary bodies and non-body arguments through', () => {
    expect(pipe.transform({ profile: { display_name: 'Ada' } }, { type: 'body' })).toEqual({ profile: { display_name: 'Ada' } });
    expect(pipe.transform('a\u0000b', { type: 'param' })).toBe('a\u0000b');
  });
});
