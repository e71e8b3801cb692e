import { HttpStatus, Injectable } from '@nestjs/common';
import { Request } from 'express';
import { IdentityKind, TokenRejected, verifyIdentityToken } from '../../auth/jwt';
import { BackendConfig } from '../../config/backend.config';
import { ApiError } from '../errors/api-error';
import { readIdentityHeader } from './identity-header';

const HEADER_OF: Record<IdentityKind, string> = { user: 'X-User-ID', supplier: 'X-Supplier-ID' };
const VERIFIED = Symbol('verified token claims');
type RequestWithClaims = Request & { [VERIFIED]?: { sub: string; kind: IdentityKind } };

/**
 * The acting identity of a request, by AUTH_MODE: the X-User-ID / X-Supplier-ID header (headers), or the verified
 * `Authorization: Bearer` token's `sub` when its `kind` is the one the route needs (jwt). Every refusal is a 401 with
 * a code and the reason; whether the id names an existing user or supplier is the guards' question.
 */
@Injectable()
export class Authenticator {
  constructor(private readonly config: BackendConfig) {}

  get mode(): 'headers' | 'jwt' {
    return this.config.auth.mode;
  }

  /** Where the identity comes from, for error messages: the header's name or "bearer token". */
  source(kind: IdentityKind): string {
    return this.mode === 'headers' ? HEADER_OF[kind] : 'bearer token';
  }

  /** The acting id of `kind`, or 401. */
  identify(request: Request, kind: IdentityKind): string {
    const auth = this.config.auth;
    if (auth.mode === 'headers') return readIdentityHeader(request, HEADER_OF[kind]);
    const claims = this.claims(request as RequestWithClaims, auth.keys);
    if (claims.kind !== kind) {
      throw new ApiError(HttpStatus.UNAUTHORIZED, 'TOKEN_WRONG_KIND', `this route acts as a ${kind}; the token is a ${claims.kind}'s`);
    }
    return claims.sub;
  }

  /** The acting id of `kind` when the request names one, null when it names none (a malformed or bad one is still 401). */
  viewer(request: Request, kind: IdentityKind): string | null {
    const present = this.mode === 'headers' ? request.header(HEADER_OF[kind]) !== undefined : request.header('authorization') !== undefined;
    if (!present) return null;
    if (this.mode === 'jwt' && this.claims(request as RequestWithClaims, this.jwtKeys()).kind !== kind) return null;
    return this.identify(request, kind);
  }

  private jwtKeys() {
    if (this.config.auth.mode !== 'jwt') throw new Error('no JWT keys in AUTH_MODE=headers');
    return this.config.auth.keys;
  }

  private claims(request: RequestWithClaims, keys: Parameters<typeof verifyIdentityToken>[1]): { sub: string; kind: IdentityKind } {
    if (request[VERIFIED]) return request[VERIFIED];
    const value = request.header('authorization');
    if (value === undefined || value.trim() === '') {
      throw new ApiError(HttpStatus.UNAUTHORIZED, 'TOKEN_MISSING', 'an Authorization: Bearer <token> header is required');
    }
    const match = /^Bearer +(\S+)\s*$/i.exec(value);
    if (!match) throw new ApiError(HttpStatus.UNAUTHORIZED, 'TOKEN_MALFORMED', 'the Authorization header must be "Bearer <token>"');
    try {
      request[VERIFIED] = verifyIdentityToken(match[1], keys);
      return request[VERIFIED];
    } catch (err) {
      if (err instanceof TokenRejected) throw new ApiError(HttpStatus.UNAUTHORIZED, err.code, err.message);
      throw err;
    }
  }
}
