import { EntityKind } from '../demo/journey';

/** One API mutation the load issued: what it should emit, for which entity, and how the API answered. */
export interface Mutation {
  phase: string;
  kind: EntityKind;
  /** Entity id; unknown when a create was not acknowledged (then `marker` finds the document if it leaked). */
  id?: string;
  /** A unique value the create wrote (email, name, recipient, body), to find a leaked document. */
  marker?: string;
  eventType: string;
  issuedAt: number;
  answeredAt?: number;
  /** HTTP status, or 0 when the request itself failed. */
  status?: number;
  /** Which backend instance gave that answer (its label). */
  backend?: string;
}

export const acknowledged = (m: Mutation) => m.status !== undefined && m.status >= 200 && m.status < 300;
export const keyOf = (id: string, eventType: string) => `${id} ${eventType}`;
