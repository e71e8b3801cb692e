import { goModMinimum, goVersionOf, isAtLeast, javaMajorOf, mavenVersionOf } from './versions';

describe('isAtLeast', () => {
  it('compares part by part, missing parts as 0', () => {
    expect(isAtLeast([1, 24, 0], [1, 24])).toBe(true);
    expect(isAtLeast([1, 26, 8], [1, 24])).toBe(true);
    expect(isAtLeast([2, 0], [1, 24])).toBe(true);
    expect(isAtLeast([1, 23, 12], [1, 24])).toBe(false);
    expect(isAtLeast([1, 9], [1, 24])).toBe(false);
  });
});

describe('goVersionOf', () => {
  it('reads the release from `go version`', () => {
    expect(goVersionOf('go version go1.26.8 linux/amd64')).toEqual([1, 26, 8]);
    expect(goVersionOf('go version go1.22 linux/arm64')).toEqual([1, 22, 0]);
    expect(goVersionOf('go version go1.24rc1 linux/amd64')).toEqual([1, 24, 0]);
    expect(goVersionOf('bash: go: command not found')).toBeUndefined();
  });

  it('finds Debian 12 Go (1.19) too old for the FerretDB module and 1.24 new enough', () => {
    const minimum = goModMinimum('module x\n\ngo 1.24\n\nrequire github.com/FerretDB/FerretDB v1.24.2\n');
    expect(minimum).toEqual([1, 24]);
    expect(isAtLeast(goVersionOf('go version go1.19.8 linux/amd64')!, minimum)).toBe(false);
    expect(isAtLeast(goVersionOf('go version go1.23.12 linux/amd64')!, minimum)).toBe(false);
    expect(isAtLeast(goVersionOf('go version go1.24.0 linux/amd64')!, minimum)).toBe(true);
  });

  it('takes the toolchain line over the go line', () => {
    expect(goModMinimum('module x\ngo 1.23\ntoolchain go1.24.4\n')).toEqual([1, 24, 4]);
    expect(() => goModMinimum('module x\n')).toThrow(/no go line/);
  });
});

describe('javaMajorOf', () => {
  it('reads the feature release from `java -version`, old 1.x numbering included', () => {
    expect(javaMajorOf('openjdk version "17.0.15" 2025-04-15\nOpenJDK Runtime Environment')).toBe(17);
    expect(javaMajorOf('openjdk version "21" 2023-09-19')).toBe(21);
    expect(javaMajorOf('java version "1.8.0_292"\nJava(TM) SE Runtime Environment')).toBe(8);
    expect(javaMajorOf('openjdk version "11.0.2" 2019-01-15')).toBe(11);
    expect(javaMajorOf('no java here')).toBeUndefined();
  });

  it('finds Java 8 and 11 too old for Kafka 4 (17+)', () => {
    expect(javaMajorOf('java version "1.8.0_292"')! >= 17).toBe(false);
    expect(javaMajorOf('openjdk version "11.0.2"')! >= 17).toBe(false);
    expect(javaMajorOf('openjdk version "17.0.15"')! >= 17).toBe(true);
  });
});

describe('mavenVersionOf', () => {
  it('reads the banner of `mvn -v`, coloured or not', () => {
    expect(mavenVersionOf('\x1b[1mApache Maven 3.8.7\x1b[m\nMaven home: /usr/share/maven')).toEqual([3, 8, 7]);
    expect(mavenVersionOf('Apache Maven 3.9.11 (3e54c93a704957b63ee3494413a2b544fd3d825b)')).toEqual([3, 9, 11]);
    expect(mavenVersionOf('mvn: not found')).toBeUndefined();
  });
});
