import { HttpException, HttpStatus } from '@nestjs/common';

/** One reason a request field was rejected. */
export interface FieldError {
  field: string;
  reason: string;
}

/** The JSON body of every error answer. */
export interface ApiErrorBody {
  statusCode: number;
  code: string;
  message: string;
  errors?: FieldError[];
  [detail: string]: unknown;
}

/** An HTTP error with a stable machine-readable `code`; extra details land in the body. */
export class ApiError extends HttpException {
  constructor(status: HttpStatus, code: string, message: string, details: Record<string, unknown> = {}) {
    super({ statusCode: status, code, message, ...details } satisfies ApiErrorBody, status);
  }
}

export function validationFailed(errors: FieldError[]): ApiError {
  const message = errors.map((e) => `${e.field}: ${e.reason}`).join('; ');
  return new ApiError(HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED', message, { errors });
}

export function notFound(entity: string, id: string): ApiError {
  return new ApiError(HttpStatus.NOT_FOUND, `${entity.toUpperCase()}_NOT_FOUND`, `${entity} ${id} does not exist`);
}

export function notOwner(entity: string, id: string, header: string): ApiError {
  return new ApiError(HttpStatus.FORBIDDEN, 'NOT_OWNER', `the ${header} identity does not own ${entity} ${id}`);
}

export function invalidTransition(entity: string, id: string, from: string, to: string): ApiError {
  return new ApiError(HttpStatus.CONFLICT, 'INVALID_TRANSITION', `${entity} ${id} cannot go from ${from} to ${to}`, { from, to });
}

/** 503 from a standby backend (another instance holds the writer lease): try again after `retryAfterS`, or elsewhere. */
export function notWriter(retryAfterS: number, writer: string | null): ApiError {
  const message = `this backend instance is a standby; ${writer ? `the writer is ${writer}` : 'no writer yet'}: retry in ${retryAfterS} s`;
  return new ApiError(HttpStatus.SERVICE_UNAVAILABLE, 'NOT_WRITER', message, { retry_after_s: retryAfterS });
}
