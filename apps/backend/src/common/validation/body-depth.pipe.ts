import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { validationFailed } from '../errors/api-error';

/** No request body of this API nests deeper than a few levels; 32 leaves room and stops recursion attacks. */
export const MAX_BODY_DEPTH = 32;

/** How deep `value` nests objects and arrays, counted without recursion (a hostile body cannot overflow the stack). */
export function depthOf(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    deepest = Math.max(deepest, depth + 1);
    if (deepest > limit) return deepest;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
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
