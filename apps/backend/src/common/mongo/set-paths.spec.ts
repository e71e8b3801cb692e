import { toSetPaths } from './set-paths';

describe('toSetPaths', () => {
  it('turns nested objects into dotted paths and skips what was not sent', () => {
    expect(toSetPaths({ email: 'a@b.c', profile: { bio: null, display_name: undefined }, contact: undefined })).toEqual({
      email: 'a@b.c',
      'profile.bio': null,
    });
  });

  it('replaces arrays whole, objects inside them included', () => {
    const variants = [{ sku: 'A', attributes: { size: 'M' } }];
    expect(toSetPaths({ variants })).toEqual({ variants });
  });

  it('gives nothing for an empty patch', () => {
    expect(toSetPaths({})).toEqual({});
  });
});
