/**
 * Errors with stable codes. Services throw them; the HTTP layer maps them to a status
 * and `{"error": {"code", "message"}}` for APIs or an HTML page for readers.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (code: string, message: string) => new AppError(404, code, message);
export const badRequest = (code: string, message: string, details?: unknown) =>
  new AppError(400, code, message, details);
export const conflict = (code: string, message: string) => new AppError(409, code, message);
