import { identityGuards } from '../common/identity/identity-guards';
import { UserRecord } from './schemas/user.schema';
import { UsersService } from './users.service';

const user = identityGuards<UsersService, UserRecord>({
  entity: 'user',
  service: UsersService,
  find: (users, id) => users.findActive(id),
});

/** The acting user (X-User-ID, or a bearer token of kind user) must exist and not be deleted (else 401); @ActingUser() is that user. */
export const UserIdentityGuard = user.IdentityGuard;
/** The acting user must be the :id of the route. */
export const SelfUserGuard = user.SelfGuard;
export const ActingUser = user.Acting;
