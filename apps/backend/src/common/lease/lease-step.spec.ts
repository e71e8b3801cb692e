import { LeaseDoc, leaseStep, LeaseView } from './lease-step';

const term = (fields: Partial<LeaseDoc> = {}): LeaseDoc => ({
  _id: 'writer#3',
  name: 'writer',
  term: 3,
  owner: 'other',
  renewals: 7,
  expires_at: new Date(0),
  ...fields,
});
const view = (fields: Partial<LeaseView> = {}): LeaseView => ({
  me: 'me',
  current: term(),
  heldUntil: 0,
  now: 100_000,
  leaseMs: 10_000,
  pollMs: 2000,
  ownerDead: false,
  ...fields,
});

describe('leaseStep', () => {
  it('takes term 1 when nobody ever held the lease', () => {
    expect(leaseStep(view({ current: null }))).toMatchObject({ step: 'take', term: 1 });
  });

  it('renews its own term while its local deadline is ahead', () => {
    expect(leaseStep(view({ current: term({ owner: 'me' }), heldUntil: 100_001 }))).toEqual({ step: 'renew' });
  });

  it('takes the next term at once when its own deadline passed (it stopped writing then)', () => {
    expect(leaseStep(view({ current: term({ owner: 'me' }), heldUntil: 100_000 }))).toMatchObject({ step: 'take', term: 4 });
  });

  it('takes the next term at once from a holder that released it or is a dead process of this machine', () => {
    expect(leaseStep(view({ current: term({ released: true }) }))).toMatchObject({ step: 'take', term: 4 });
    expect(leaseStep(view({ ownerDead: true }))).toMatchObject({ step: 'take', term: 4 });
  });

  it('waits on a live holder, whatever its wall-clock expiry says, and starts counting from the first sight', () => {
    const step = leaseStep(view({ current: term({ expires_at: new Date(1) }) }));
    expect(step).toEqual({ step: 'wait', seen: { id: 'writer#3', renewals: 7, since: 100_000 }, retryInMs: 2000 });
  });

  it('takes over once the renewal count has not moved for a whole lease by its own clock', () => {
    const seen = { id: 'writer#3', renewals: 7, since: 90_001 };
    expect(leaseStep(view({ seen }))).toMatchObject({ step: 'wait', seen, retryInMs: 1 });
    expect(leaseStep(view({ seen, now: 100_001 }))).toMatchObject({ step: 'take', term: 4 });
  });

  it('polls again no later than when the lease can run out', () => {
    const seen = { id: 'writer#3', renewals: 7, since: 91_500 };
    expect(leaseStep(view({ seen }))).toMatchObject({ step: 'wait', retryInMs: 1500 });
  });

  it('starts counting again when the holder renewed or a new term began', () => {
    const old = { id: 'writer#3', renewals: 6, since: 0 };
    expect(leaseStep(view({ seen: old }))).toMatchObject({ step: 'wait', seen: { renewals: 7, since: 100_000 } });
    expect(leaseStep(view({ seen: { ...old, id: 'writer#2', renewals: 7 } }))).toMatchObject({
      step: 'wait',
      seen: { id: 'writer#3', since: 100_000 },
    });
  });
});
