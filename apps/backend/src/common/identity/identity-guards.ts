import { CanActivate, createParamDecorator, ExecutionContext, Inject, Injectable, Type } from '@nestjs/common';
import { Request } from 'express';
import { IdentityKind } from '../../auth/jwt';
import { Authenticator } from './authenticator';
import { unknownIdentity } from './identity-header';
import { assertSelf } from './self-identity';

export interface IdentitySpec<S, R> {
  /** What the identity is: the token's `kind`, the header it comes from in headers mode, and the error messages' word. */
  entity: IdentityKind;
  /** The service that finds it, and how: null when it does not exist (or is deleted). */
  service: Type<S>;
  find: (service: S, id: string) => Promise<R | null>;
}

export interface IdentityGuards {
  /** Resolves the request's identity (Authenticator) to an existing one (else 401) for the Acting() parameter. */
  IdentityGuard: Type<CanActivate>;
  /** Requires the identity = :id (see assertSelf for the 401/403/404 split). */
  SelfGuard: Type<CanActivate>;
  /** The identity IdentityGuard resolved, as a handler parameter. */
  Acting: () => ParameterDecorator;
}

/** The two guards and the parameter decorator of one kind of identity; users and suppliers each make theirs. */
export function identityGuards<S, R>(spec: IdentitySpec<S, R>): IdentityGuards {
  const slot = Symbol(`acting ${spec.entity}`);
  type RequestWithIdentity = Request & { [slot]?: R };

  @Injectable()
  class IdentityGuard implements CanActivate {
    constructor(
      @Inject(spec.service) private readonly service: S,
      private readonly auth: Authenticator,
    ) {}

    async canActivate(context: ExecutionContext): Promise<boolean> {
      const request = context.switchToHttp().getRequest<RequestWithIdentity>();
      const id = this.auth.identify(request, spec.entity);
      const found = await spec.find(this.service, id);
      if (!found) throw unknownIdentity(this.auth.source(spec.entity), id, spec.entity);
      request[slot] = found;
      return true;
    }
  }

  @Injectable()
  class SelfGuard implements CanActivate {
    constructor(
      @Inject(spec.service) private readonly service: S,
      private readonly auth: Authenticator,
    ) {}

    async canActivate(context: ExecutionContext): Promise<boolean> {
      const request = context.switchToHttp().getRequest<Request>();
      const actor = this.auth.identify(request, spec.entity);
      await assertSelf(
        request,
        actor,
        this.auth.source(spec.entity),
        spec.entity,
        async (id) => (await spec.find(this.service, id)) !== null,
      );
      return true;
    }
  }

  const Acting = createParamDecorator((_data: unknown, context: ExecutionContext): R => {
    const found = context.switchToHttp().getRequest<RequestWithIdentity>()[slot];
    if (!found) throw new Error(`the acting ${spec.entity} needs @UseGuards(its IdentityGuard) on the route`);
    return found;
  });

  return { IdentityGuard, SelfGuard, Acting };
}
