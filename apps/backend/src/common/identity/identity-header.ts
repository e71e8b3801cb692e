import { HttpStatus } from '@nestjs/common';
import { Request } from 'express';
import { ApiError } from '../errors/api-error';
import { isValidObjectId } from '../mongo/object-id';

/** The acting identity's id from `header`, or 401 when it is missing or not an ObjectId. */
export function readIdentityHeader(request: Request, header: string): string {
  const value = request.header(header);
  if (value === undefined || value.trim() === '') {
    throw new ApiError(HttpStatus.UNAUTHORIZED, 'IDENTITY_MISSING', `the ${header} header is required`);
  }
  if (!isValidObjectId(value.trim())) {
    throw new ApiError(HttpStatus.UNAUTHORIZED, 'IDENTITY_INVALID', `the ${header} header must be a 24-character hex ObjectId`);
  }
  return value.trim().toLowerCase();
}

/** `source`: the header's name, or "bearer token". */
export function unknownIdentity(source: string, id: string, what: string): ApiError {
  return new ApiError(HttpStatus.UNAUTHORIZED, 'IDENTITY_UNKNOWN', `the ${source} names no existing ${what} (${id})`);
}
