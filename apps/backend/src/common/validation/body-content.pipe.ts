import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { FieldError, validationFailed } from '../errors/api-error';
import { walkBody } from './body-walk';

/**
 * Keys that name the prototype machinery. JSON.parse makes `__proto__` an own key, and class-transformer then drops
 * it without a word (201) where every other unknown key is a 400; in a free-form record (variant attributes) they
 * would reach code that treats the record as a plain object. Refused everywhere in a body, like an unknown field.
 */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_REPORTED = 10;

/** The first few keys or strings of `body` that no field of this API may hold: prototype keys, NUL characters. */
export function forbiddenContent(body: unknown): FieldError[] {
  const found: FieldError[] = [];
  for (const { value, path, key } of walkBody(body)) {
    if (found.length >= MAX_REPORTED) break;
    if (key !== undefined && FORBIDDEN_KEYS.has(key)) found.push({ field: path, reason: `property ${key} should not exist` });
    else if (key?.includes('\u0000')) found.push({ field: path, reason: 'keys must not contain NUL characters' });
    else if (typeof value === 'string' && value.includes('\u0000')) {
      found.push({ field: path || 'body', reason: 'must not contain NUL characters' });
    }
  }
  return found;
}

/** Runs after BodyDepthPipe (so the walk is bounded) and before the ValidationPipe: 400 naming each such field. */
@Injectable()
export class BodyContentPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'body') return value;
    const errors = forbiddenContent(value);
    if (errors.length) throw validationFailed(errors);
    return value;
  }
}
