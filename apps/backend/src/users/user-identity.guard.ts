import { CanActivate, createParamDecorator, ExecutionContext, Injectable } from '@nestjs/common';
import { Request } from 'express';
import { readIdentityHeader, unknownIdentity } from '../common/identity/identity-header';
import { assertSelf } from '../common/identity/self-identity';
import { USER_ID_HEADER } from '../common/swagger/api-docs.decorators';
import { UserRecord } from './schemas/user.schema';
import { UsersService } from './users.service';

type RequestWithUser = Request & { actingUser?: UserRecord };

/** Resolves X-User-ID to an existing, not deleted user (else 401) for @ActingUser(). */
@Injectable()
export class UserIdentityGuard implements CanActivate {
  constructor(private readonly users: UsersService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<RequestWithUser>();
    const id = readIdentityHeader(request, USER_ID_HEADER);
    const user = await this.users.findActive(id);
    if (!user) throw unknownIdentity(USER_ID_HEADER, id, 'user');
    request.actingUser = user;
    return true;
  }
}

/** Requires X-User-ID = :id (see assertSelf for the 401/403/404 split). */
@Injectable()
export class SelfUserGuard implements CanActivate {
  constructor(private readonly users: UsersService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>();
    await assertSelf(request, USER_ID_HEADER, 'user', async (id) => (await this.users.findActive(id)) !== null);
    return true;
  }
}

export const ActingUser = createParamDecorator((_data: unknown, context: ExecutionContext): UserRecord => {
  const user = context.switchToHttp().getRequest<RequestWithUser>().actingUser;
  if (!user) throw new Error('@ActingUser() needs @UseGuards(UserIdentityGuard) on the route');
  return user;
});
