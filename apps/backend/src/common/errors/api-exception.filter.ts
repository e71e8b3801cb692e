import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { Response } from 'express';
import { ApiErrorBody } from './api-error';

const DEFAULT_CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  503: 'SERVICE_UNAVAILABLE',
};

/** Every error answer is `{statusCode, code, message[, errors]}`; unexpected errors are logged and become 500. */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(ApiExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const body = this.toBody(exception);
    const response = host.switchToHttp().getResponse<Response>();
    if (typeof body.retry_after_s === 'number') response.setHeader('Retry-After', String(body.retry_after_s));
    response.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown): ApiErrorBody {
    const clientError = bodyParserError(exception);
    if (clientError) return this.toBody(clientError);
    if (!(exception instanceof HttpException)) {
      this.logger.error(`unhandled error: ${(exception as Error)?.stack ?? String(exception)}`);
      return { statusCode: 500, code: 'INTERNAL_ERROR', message: 'internal server error' };
    }
    const statusCode = exception.getStatus();
    const response = exception.getResponse();
    if (typeof response === 'object' && response !== null && 'code' in response) {
      return response as ApiErrorBody;
    }
    if (typeof response === 'object' && response !== null && !('message' in response)) {
      // A body of its own (terminus's readiness report): kept whole, with the fields every error answer has.
      return { statusCode, code: DEFAULT_CODES[statusCode] ?? 'ERROR', message: exception.message, ...response };
    }
    const raw = typeof response === 'string' ? response : (response as { message?: unknown }).message;
    const message = Array.isArray(raw) ? raw.join('; ') : String(raw ?? exception.message);
    if (statusCode >= 500) this.logger.error(`${statusCode}: ${message}`);
    const code = DEFAULT_CODES[statusCode] ?? HttpStatus[statusCode] ?? 'ERROR';
    // A 400 that did not come from validation (malformed JSON, too large a body) is about the body as a whole.
    if (statusCode === 400) return { statusCode, code, message, errors: [{ field: 'body', reason: message }] };
    return { statusCode, code, message };
  }
}

/**
 * Errors of the body parser (http-errors: `expose`, a 4xx `status`) are the client's: a body over the size limit
 * is 413, malformed JSON 400. They are not HttpExceptions, so without this they would answer 500.
 */
function bodyParserError(exception: unknown): HttpException | undefined {
  if (exception instanceof HttpException || typeof exception !== 'object' || exception === null) return undefined;
  const { status, expose, message } = exception as { status?: unknown; expose?: unknown; message?: unknown };
  if (expose !== true || typeof status !== 'number' || status < 400 || status > 499) return undefined;
  return new HttpException(String(message ?? HttpStatus[status]), status);
}
