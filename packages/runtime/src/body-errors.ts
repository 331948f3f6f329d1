import type { ErrorRequestHandler } from 'express';

/**
 * Body-parser failures (too large, malformed JSON) answered as GraphQL errors in JSON, never as
 * Express's HTML page (which carries a stack trace outside production).
 */
export function jsonBodyErrors(limit: string): ErrorRequestHandler {
  return (err, _req, res, next) => {
    const status = typeof err?.status === 'number' ? err.status : typeof err?.statusCode === 'number' ? err.statusCode : 500;
    if (res.headersSent || status < 400 || status >= 500) return next(err);
    const [code, message] =
      err.type === 'entity.too.large'
        ? ['PAYLOAD_TOO_LARGE', `Request body is larger than ${limit}`]
        : err.type === 'entity.parse.failed'
          ? ['BAD_REQUEST', 'Request body is not valid JSON']
          : ['BAD_REQUEST', 'Request body could not be read'];
    res.status(status).json({ errors: [{ message, extensions: { code } }] });
  };
}
