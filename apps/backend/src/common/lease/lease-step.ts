/** One term of a lease as stored: `_id` is `<name>#<term>`, inserted once (the unique `_id` decides who takes a term). */
export interface LeaseDoc {
  _id: string;
  name: string;
  term: number;
  owner: string;
  /** Which machine and process namespace the owner runs in, and its pid: a dead process there is seen at once. */
  host_key?: string;
  pid?: number;
  /** Counts renewals: a term whose count stops changing for a whole lease (by the reader's own clock) has run out. */
  renewals: number;
  /** For people (and dashboards): the owner's wall clock + the lease length at its last renewal. */
  expires_at: Date;
  /** Set by an owner that stopped cleanly: the next one takes over at once. */
  released?: boolean;
}

/** What an instance last saw of the current term, by its own monotonic clock. */
export interface Seen {
  id: string;
  renewals: number;
  since: number;
}

export type LeaseStep = { step: 'renew' } | { step: 'take'; term: number; why: string } | { step: 'wait'; seen: Seen; retryInMs: number };

export interface LeaseView {
  me: string;
  /** The current (highest) term, or null when none was ever taken. */
  current: LeaseDoc | null;
  /** Until when (monotonic ms) this instance may act as the holder; 0 when it does not hold the lease. */
  heldUntil: number;
  seen?: Seen;
  now: number;
  leaseMs: number;
  pollMs: number;
  /** True when the current owner is a process of this machine that no longer exists. */
  ownerDead: boolean;
}

/**
 * Decides the next move on a lease (pure: no clock, no database). Taking is only ever an insert of the next term, so
 * two takers cannot both win; this decides when trying is safe, i.e. when the holder has certainly stopped acting:
 * - no term yet, or the holder released it, or it is a dead process of this machine, or it is this instance itself
 *   (which stops acting once `heldUntil` is past): at once;
 * - otherwise once its renewal count has not changed for a whole lease by this instance's own clock. The holder
 *   stops acting `margin` before its lease ends, counted from the start of its last successful renewal, which came
 *   before this instance first saw that count: no wall clocks are compared, so clock skew does not matter.
 */
export function leaseStep(v: LeaseView): LeaseStep {
  const { current, me, now } = v;
  if (!current) return { step: 'take', term: 1, why: 'no lease yet' };
  if (current.owner === me && v.heldUntil > now) return { step: 'renew' };
  const next = current.term + 1;
  if (current.owner === me) return { step: 'take', term: next, why: 'this instance let its own lease lapse' };
  if (current.released) return { step: 'take', term: next, why: `${current.owner} released it` };
  if (v.ownerDead) return { step: 'take', term: next, why: `${current.owner} is a dead process of this machine` };
  const same = v.seen && v.seen.id === current._id && v.seen.renewals === current.renewals;
  const seen = same ? v.seen! : { id: current._id, renewals: current.renewals, since: now };
  const quietMs = now - seen.since;
  if (quietMs >= v.leaseMs) return { step: 'take', term: next, why: `${current.owner} did not renew for ${quietMs} ms` };
  return { step: 'wait', seen, retryInMs: Math.max(1, Math.min(v.pollMs, v.leaseMs - quietMs)) };
}
