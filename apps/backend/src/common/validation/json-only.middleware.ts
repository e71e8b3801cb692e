import { NextFunction, Request, Response } from 'express';

const WITH_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Mutating requests that carry a body must say `Content-Type: application/json` (415 otherwise): a form-encoded or
 * text/plain POST is what any web page's plain HTML form can send cross-site without a CORS preflight. A body-less
 * POST (publish, cancel) needs no content type.
 */
export function jsonOnly(request: Request, response: Response, next: NextFunction): void {
  const hasBody = Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined;
  const type = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (!WITH_BODY.has(request.method) || !hasBody || type === 'application/json') return next();
  response.status(415).json({
    statusCode: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message: `${request.method} bodies must be application/json, not ${JSON.stringify(type.slice(0, 100) || 'none')}`,
  });
}
