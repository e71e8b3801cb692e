import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiResponse } from '@nestjs/swagger';
import { ErrorBodySchema } from './error-body.schema';

export const USER_ID_HEADER = 'X-User-ID';
export const SUPPLIER_ID_HEADER = 'X-Supplier-ID';

const ERROR_TEXT: Record<number, string> = {
  400: 'VALIDATION_FAILED: the body or a param is invalid or has unknown fields; `errors` lists {field, reason}',
  401:
    'IDENTITY_MISSING / IDENTITY_INVALID / IDENTITY_UNKNOWN: the identity header is missing, not an ObjectId, or names no (or a deleted) user/supplier; ' +
    'with AUTH_MODE=jwt TOKEN_MISSING / TOKEN_MALFORMED / TOKEN_ALGORITHM / TOKEN_SIGNATURE / TOKEN_EXPIRED / TOKEN_CLAIMS / TOKEN_WRONG_KIND',
  403: 'NOT_OWNER: the identity does not own the resource',
  404: '<ENTITY>_NOT_FOUND: the resource does not exist (or is deleted)',
  409: 'a unique value is taken or the lifecycle transition is not allowed (INVALID_TRANSITION names from/to)',
  503:
    'EVENT_PUBLISH_FAILED: the change is stored but its event could not be published to Kafka; ' +
    'NOT_WRITER (writes only, with Retry-After): this instance is a standby, another holds the writer lease (several backends on FerretDB)',
};

/** Documents the error answers of a route, each with the common error body. */
export function ApiErrors(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...[...statuses, 503].map((status) => ApiResponse({ status, description: ERROR_TEXT[status], type: ErrorBodySchema })),
  );
}

export function ApiErrorsWith(extra: Record<number, string>, ...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiErrors(...statuses.filter((s) => !(s in extra))),
    ...Object.entries(extra).map(([status, description]) => ApiResponse({ status: Number(status), description, type: ErrorBodySchema })),
  );
}

const HEADERS_MODE = ' (AUTH_MODE=headers; with AUTH_MODE=jwt the bearer token names the identity and this header is ignored)';

/** The acting user: the X-User-ID header in headers mode, a bearer token of kind user in jwt mode. */
export function ApiUserIdentity(description = 'the acting user (24-hex ObjectId of an existing, not deleted user)', required = true) {
  return applyDecorators(
    ApiBearerAuth(),
    ApiHeader({
      name: USER_ID_HEADER,
      required: false,
      description: `${required ? '' : 'optional: '}${description}${HEADERS_MODE}`,
      example: '6650a1b2c3d4e5f601234567',
    }),
  );
}

/** The acting supplier: the X-Supplier-ID header in headers mode, a bearer token of kind supplier in jwt mode. */
export function ApiSupplierIdentity(description = 'the acting supplier (24-hex ObjectId of an existing supplier)') {
  return applyDecorators(
    ApiBearerAuth(),
    ApiHeader({
      name: SUPPLIER_ID_HEADER,
      required: false,
      description: `${description}${HEADERS_MODE}`,
      example: '6650a1b2c3d4e5f601234568',
    }),
  );
}
