import { Request } from 'express';
import { notOwner } from '../errors/api-error';
import { isValidObjectId } from '../mongo/object-id';
import { unknownIdentity } from './identity-header';

/**
 * For routes where the identity is the resource itself (`PATCH /users/:id` acting as user id):
 * 401 for a missing/invalid/unknown identity, 403 for another one. When header and :id agree the
 * route goes on, and a missing or deleted resource answers 404 there (the resource, not the identity).
 */
export async function assertSelf(
  request: Request,
  actor: string,
  source: string,
  entity: string,
  identityExists: (id: string) => Promise<boolean>,
): Promise<void> {
  const target = String(request.params.id ?? '');
  if (!isValidObjectId(target) || target.toLowerCase() === actor) return; // a bad :id gets its 400 from the pipe
  if (!(await identityExists(actor))) throw unknownIdentity(source, actor, entity);
  throw notOwner(entity, target, source);
}
