import { clean, formatFigures, PhaseFigures, refusedAnswers } from './verify';

const phase = (over: Partial<PhaseFigures> = {}): PhaseFigures => ({
  phase: 'stop kafka 180s',
  emitted: 120,
  projected: 120,
  lost: 0,
  doubled: 0,
  regressed: 0,
  recoverySeconds: 12.34,
  refused: 0,
  ...over,
});

describe('fault suite figures', () => {
  it('passes only when no phase lost, doubled or regressed anything, and every fault recovered within the timeout', () => {
    expect(clean([phase(), phase({ refused: 7 })])).toBe(true);
    expect(clean([phase({ phase: 'setup', recoverySeconds: undefined }), phase()])).toBe(true); // setup has no fault
    expect(clean([phase(), phase({ recoverySeconds: null })])).toBe(false);
    expect(clean([phase(), phase({ lost: 1 })])).toBe(false);
    expect(clean([phase({ doubled: 1 })])).toBe(false);
    expect(clean([phase({ regressed: 1 })])).toBe(false);
  });

  it('prints one line per phase, with "-" when the read model did not catch up', () => {
    expect(formatFigures(phase())).toMatch(
      /^stop kafka 180s +emitted +120 +projected +120 +lost +0 +doubled +0 +regressed +0 +recovery +12\.3s +\(refused 0\)$/,
    );
    expect(formatFigures(phase({ recoverySeconds: null, lost: 5 }))).toMatch(/lost +5 .*recovery +-s/);
  });
});

describe('refused answers', () => {
  it('counts, per phase, the statuses of the mutations the API did not acknowledge', () => {
    const m = (phase: string, status?: number) => ({ phase, kind: 'user' as const, eventType: 'user.created', issuedAt: 0, status });
    const answers = refusedAnswers([m('a', 201), m('a', 503), m('a', 0), m('a', 503), m('b', 200), m('c', 500)]);
    expect([...answers]).toEqual([
      ['a', 'HTTP 503 x2, no answer x1'],
      ['c', 'HTTP 500 x1'],
    ]);
  });
});
