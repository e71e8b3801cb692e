import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { validationFailed } from '../errors/api-error';
import { walkBody } from './body-walk';

/** No request body of this API nests deeper than a few levels; 32 leaves room and stops recursion attacks. */
export const MAX_BODY_DEPTH = 32;

/** How deep `value` nests objects and arrays; stops once past `limit` (a hostile body is not walked to its end). */
export function depthOf(value: unknown, limit: number): number {
  let deepest = 0;
  for (const entry of walkBody(value)) {
    if (typeof entry.value !== 'object' || entry.value === null) continue;
    deepest = Math.max(deepest, entry.depth + 1);
    if (deepest > limit) break;
  }
  return deepest;
}

/** Runs before the ValidationPipe: a body nested deeper than MAX_BODY_DEPTH is a 400 naming `body`, not a stack overflow. */
@Injectable()
export class BodyDepthPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'body' && depthOf(value, MAX_BODY_DEPTH) > MAX_BODY_DEPTH) {
      throw validationFailed([{ field: 'body', reason: `must not nest deeper than ${MAX_BODY_DEPTH} levels` }]);
    }
    return value;
  }
}
