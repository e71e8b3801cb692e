import { ArgumentsHost, Catch, RpcExceptionFilter } from '@nestjs/common';
import { Observable, throwError } from 'rxjs';

/**
 * Nest's default RPC filter logs a handler's error and replaces it by a generic
 * "Internal server error". The transport must see the real error (PoisonEventError -> DLQ,
 * anything else -> retry), so every error is passed through unchanged.
 * Bound per events controller (@UseFilters): in a hybrid app the RPC context uses the HTTP app's
 * global filters, where a catch-all rethrow would break HTTP error responses.
 */
@Catch()
export class PropagateErrorsFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    return throwError(() => exception);
  }
}
