import { isWellFormedText } from '@app/kafka';
import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { FieldError, validationFailed } from '../errors/api-error';
import { walkBody } from './body-walk';

const REPLACEMENT = '\ufffd';
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The paths (`profile.display_name`, `items.0.sku`) of the strings and keys in `value` that `bad` rejects. */
export function textFieldsWhere(value: unknown, bad: (text: string) => boolean): string[] {
  const found: string[] = [];
  for (const entry of walkBody(value)) {
    if ((entry.key !== undefined && bad(entry.key)) || (typeof entry.value === 'string' && bad(entry.value))) {
      found.push(entry.path || 'body');
    }
  }
  return found.sort();
}

/**
 * The JSON body parser's `verify`: a body that is not valid UTF-8 is a 400 naming the fields that hold the invalid
 * bytes, instead of being stored with U+FFFD in their place.
 */
export function rejectInvalidUtf8(_req: IncomingMessage, _res: unknown, body: Buffer): void {
  try {
    utf8.decode(body);
  } catch {
    let fields = ['body'];
    try {
      const found = textFieldsWhere(JSON.parse(body.toString('utf8')), (text) => text.includes(REPLACEMENT));
      if (found.length > 0) fields = found;
    } catch {
      // Not JSON either: the body as a whole.
    }
    throw validationFailed(fields.map((field): FieldError => ({ field, reason: 'must be valid UTF-8' })));
  }
}

/**
 * Runs before the ValidationPipe: a string or key holding a lone surrogate (`"a\ud800b"` in JSON) is no Unicode text;
 * MongoDB would store it as U+FFFD and MySQL cannot store it. A 400 naming the field, like any invalid value.
 */
@Injectable()
export class UnicodeTextPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'body') return value;
    const fields = textFieldsWhere(value, (text) => !isWellFormedText(text));
    if (fields.length > 0) {
      throw validationFailed(fields.map((field) => ({ field, reason: 'must be Unicode text (it holds a lone surrogate)' })));
    }
    return value;
  }
}
