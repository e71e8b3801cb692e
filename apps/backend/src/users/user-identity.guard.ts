import { identityGuards } from '../common/identity/identity-guards';
import { USER_ID_HEADER } from '../common/swagger/api-docs.decorators';
import { UserRecord } from './schemas/user.schema';
import { UsersService } from './users.service';

const user = identityGuards<UsersService, UserRecord>({
  header: USER_ID_HEADER,
  entity: 'user',
  service: UsersService,
  find: (users, id) => users.findActive(id),
});

/** X-User-ID must name an existing, not deleted user (else 401); @ActingUser() is that user. */
export const UserIdentityGuard = user.IdentityGuard;
/** X-User-ID must be the :id of the route. */
export const SelfUserGuard = user.SelfGuard;
export const ActingUser = user.Acting;
