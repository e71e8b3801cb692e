import { isWellFormedText } from '@app/kafka';
import { walkBody } from './body-walk';
import { textFieldsWhere } from './unicode-text';

describe('walkBody', () => {
  it('gives every value with the path the ValidationPipe uses, its depth, and the object key holding it', () => {
    const entries = [...walkBody({ a: { 'b\u0000': 'x' }, list: ['y'] })].map(({ path, depth, key }) => [path, depth, key]);
    expect(entries).toEqual(
      expect.arrayContaining([
        ['', 0, undefined],
        ['a', 1, 'a'],
        ['a.b\\0', 2, 'b\u0000'],
        ['list', 1, 'list'],
        ['list.0', 2, undefined],
      ]),
    );
    expect(entries).toHaveLength(5);
  });

  it('walks a body nested 100,000 levels deep without overflowing the stack', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    let deepest = 0;
    for (const { depth } of walkBody(deep)) deepest = Math.max(deepest, depth);
    expect(deepest).toBe(100_000);
  });
});

describe('textFieldsWhere', () => {
  it('names strings and keys that fail, in the API’s field format', () => {
    const body = { profile: { display_name: 'a\ud800b' }, items: [{ sku: 'ok' }, { sku: '\udc00' }], ['k\ud800']: 1 };
    expect(textFieldsWhere(body, (text) => !isWellFormedText(text))).toEqual(['items.1.sku', 'k\ud800', 'profile.display_name']);
  });
});
