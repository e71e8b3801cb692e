import { packageFile } from './apt';

describe('packageFile', () => {
  it('is undefined for a package that is not installed, so the caller installs it (it threw, and faketime was never installed)', () => {
    expect(packageFile('social-commerce-no-such-package', '/libfaketime.so.1')).toBeUndefined();
  });

  it("finds a file of an installed package by its suffix (dpkg's own files)", () => {
    expect(packageFile('dpkg', '/bin/dpkg')).toMatch(/\/bin\/dpkg$/);
  });
});
