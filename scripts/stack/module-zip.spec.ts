import { deflateRawSync } from 'node:zlib';
import { goModuleHash, readZip, sha256Hex, sumdbHashOf } from './module-zip';

/** A two-file zip written by Python's zipfile: m@v1/bin/tool (deflated, mode 755) and m@v1/README (stored, mode 600). */
const FIXTURE = Buffer.from(
  'UEsDBBQAAAAIAAAAIQB9tkw4EAAAANwAAAANAAAAbUB2MS9iaW4vdG9vbEtNzshXyEjNycnnSh1uTABQSwMEFAAAAAAAAAAhAND5FTkGAAAABgAAAAsAAABtQHYxL1JFQURNRXBsYWluClBLAQIUAxQAAAAIAAAAIQB9tkw4EAAAANwAAAANAAAAAAAAAAAAAADtgQAAAABtQHYxL2Jpbi90b29sUEsBAhQDFAAAAAAAAAAhAND5FTkGAAAABgAAAAsAAAAAAAAAAAAAAIABOwAAAG1AdjEvUkVBRE1FUEsFBgAAAAACAAIAdAAAAGoAAAAAAA==',
  'base64',
);

describe('readZip', () => {
  it('reads deflated and stored files with their unix modes', () => {
    const entries = [...readZip(FIXTURE)];
    expect(entries.map((e) => [e.name, e.mode?.toString(8), e.data.toString()])).toEqual([
      ['m@v1/bin/tool', '755', 'echo hello\n'.repeat(20)],
      ['m@v1/README', '600', 'plain\n'],
    ]);
  });

  it('refuses what is not a zip, and a damaged entry', () => {
    expect(() => [...readZip(Buffer.from('not a zip at all, just some text'))]).toThrow(/not a zip/);
    const damaged = Buffer.from(FIXTURE);
    deflateRawSync('x').copy(damaged, 0x2b); // inside the deflated data of the first file
    expect(() => [...readZip(damaged)]).toThrow();
  });
});

describe('goModuleHash', () => {
  // sum.golang.org: "golang.org/toolchain v0.0.1-go1.26.8.linux-amd64/go.mod h1:8wlg68...", the hash of one
  // file named go.mod (the module's go.mod as the proxy serves it).
  it('computes the h1 hash sum.golang.org records', () => {
    const goMod = Buffer.from('module golang.org/toolchain\n');
    expect(goModuleHash([{ name: 'go.mod', sha256: sha256Hex(goMod) }])).toBe('h1:8wlg68NqwW7eMnI1aABk/C2pDYXj8mrMY4TyRfiLeS0=');
  });

  it('changes when one byte of one file changes, and not with the order files come in', () => {
    const files = [...readZip(FIXTURE)].map((e) => ({ name: e.name, sha256: sha256Hex(e.data) }));
    const tampered = [files[0]!, { name: files[1]!.name, sha256: sha256Hex(Buffer.from('plain!\n')) }];
    expect(goModuleHash(files)).toBe(goModuleHash([...files].reverse()));
    expect(goModuleHash(tampered)).not.toBe(goModuleHash(files));
  });
});

describe('sumdbHashOf', () => {
  it('picks the zip line of a sum.golang.org lookup', () => {
    const lookup = [
      '61743986',
      'golang.org/toolchain v0.0.1-go1.26.8.linux-amd64 h1:ZOmGe1OnfREDMIdb1Qi4G9JSuDPBLGExZMQ4nis1RXM=',
      'golang.org/toolchain v0.0.1-go1.26.8.linux-amd64/go.mod h1:8wlg68NqwW7eMnI1aABk/C2pDYXj8mrMY4TyRfiLeS0=',
      '',
    ].join('\n');
    expect(sumdbHashOf(lookup, 'golang.org/toolchain', 'v0.0.1-go1.26.8.linux-amd64')).toBe(
      'h1:ZOmGe1OnfREDMIdb1Qi4G9JSuDPBLGExZMQ4nis1RXM=',
    );
    expect(sumdbHashOf(lookup, 'golang.org/toolchain', 'v0.0.1-go1.26.8.linux-arm64')).toBeUndefined();
  });
});
