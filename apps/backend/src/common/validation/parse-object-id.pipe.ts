import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { isValidObjectId } from '../mongo/object-id';
import { validationFailed } from '../errors/api-error';

/** Rejects a route param that is not a 24-hex ObjectId with a 400 naming the param. */
@Injectable()
export class ParseObjectIdPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (isValidObjectId(value)) return value.toLowerCase();
    const field = metadata.data ?? 'id';
    throw validationFailed([{ field, reason: `${field} must be a 24-character hex ObjectId` }]);
  }
}
