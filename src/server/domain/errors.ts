/**
 * The one catalogue of error codes. Use cases throw `DomainError`s with these codes; the HTTP
 * layer maps each code to its status and to `{"error": {"code", "message"}}` for APIs or an
 * HTML page for readers. Codes are a contract: clients and tests match on them, so a code is
 * never renamed or reused for another meaning. Messages are for people and may change.
 */
export const ERRORS = {
  // 400: the request itself is wrong.
  VALIDATION_FAILED: {
    status: 400,
    meaning: 'The input does not match the contract; details name each field',
  },
  INVALID_ID: { status: 400, meaning: 'An id in the URL is not a positive 32-bit integer' },
  INVALID_CURSOR: { status: 400, meaning: 'A paging cursor is malformed' },
  INVALID_TEXT: { status: 400, meaning: 'Text contains a NUL character' },
  BAD_URL: { status: 400, meaning: 'The URL cannot be parsed (bad percent-encoding and the like)' },
  BAD_REQUEST: { status: 400, meaning: 'The request is malformed' },
  UNKNOWN_LANGUAGE: { status: 400, meaning: 'The language is not one the site is configured for' },
  UNKNOWN_SECTION: { status: 400, meaning: 'No section has this slug' },
  UNKNOWN_AUTHOR: { status: 400, meaning: 'No author has this id' },
  UNKNOWN_MEDIA: { status: 400, meaning: 'No media item has this id' },
  UNKNOWN_ARTICLE: { status: 400, meaning: 'A referenced story does not exist' },
  UNKNOWN_TRANSLATION_SOURCE: { status: 400, meaning: 'The story to translate does not exist' },
  INVALID_CONTENT: { status: 400, meaning: 'The body document does not follow the content schema' },
  MEDIA_EXPECTED: { status: 400, meaning: 'An upload needs image bytes with an image/* Content-Type' },
  MEDIA_UNREADABLE: { status: 400, meaning: 'The upload is not an image we can read' },
  OPTIONS_CANNOT_SHRINK: { status: 400, meaning: 'Poll options can be renamed or added, not removed' },
  BAD_VOTE: { status: 400, meaning: 'A vote names no option, too many, or options of another poll' },
  BAD_POLL_ID: { status: 400, meaning: 'Poll ids are positive integers' },
  BAD_BEACON: { status: 400, meaning: 'A view beacon must be POST /v/{articleId}' },
  WEAK_PASSWORD: { status: 400, meaning: 'The password is too short, too common or too simple' },
  INVALID_TOKEN: { status: 400, meaning: 'The invitation or reset link is unknown, used or expired' },
  TOTP_INVALID: { status: 400, meaning: 'The one-time code is wrong or already used' },
  ALT_REQUIRED: { status: 400, meaning: 'A picture of a story being published has no alt text' },
  LOCKED: { status: 409, meaning: 'Someone else is editing the story; take it over to edit' },
  // 401 / 403: who is asking, and may they.
  UNAUTHENTICATED: { status: 401, meaning: 'No credentials were sent' },
  INVALID_API_KEY: { status: 401, meaning: 'The API key is unknown or revoked' },
  INVALID_CREDENTIALS: {
    status: 401,
    meaning: 'Wrong email or password (the same answer for an unknown email)',
  },
  TOTP_REQUIRED: { status: 401, meaning: 'The account has two-factor sign-in: send the one-time code too' },
  SESSION_EXPIRED: { status: 401, meaning: 'The session ended (signed out, idle too long, or too old)' },
  FORBIDDEN: { status: 403, meaning: 'The principal may not do this' },
  CROSS_SITE_REQUEST: {
    status: 403,
    meaning: 'A signed-in change must come from this site (Origin or Referer)',
  },
  TOTP_SETUP_REQUIRED: { status: 403, meaning: 'The role must use two-factor sign-in: set it up first' },
  OWNER_PROTECTED: { status: 403, meaning: 'Only the owner may demote, deactivate or delete the owner' },
  // 404: the thing is not there.
  ROUTE_NOT_FOUND: { status: 404, meaning: 'No such API route' },
  ARTICLE_NOT_FOUND: { status: 404, meaning: 'No story has this id' },
  REVISION_NOT_FOUND: { status: 404, meaning: 'The story has no revision with this number' },
  UPDATE_NOT_FOUND: { status: 404, meaning: 'The live blog has no update with this id' },
  FEEDBACK_NOT_FOUND: { status: 404, meaning: 'No reader report has this id' },
  AUTHOR_NOT_FOUND: { status: 404, meaning: 'No author has this id' },
  SECTION_NOT_FOUND: { status: 404, meaning: 'No section has this id' },
  TAG_NOT_FOUND: { status: 404, meaning: 'No tag has this id' },
  POLL_NOT_FOUND: { status: 404, meaning: 'No poll has this id' },
  MEDIA_NOT_FOUND: { status: 404, meaning: 'No media item has this id' },
  PAGE_NOT_FOUND: { status: 404, meaning: 'No static page has this key and language' },
  API_KEY_NOT_FOUND: { status: 404, meaning: 'No API key has this id' },
  USER_NOT_FOUND: { status: 404, meaning: 'No staff account has this id' },
  SESSION_NOT_FOUND: { status: 404, meaning: 'No session of yours has this id' },
  // 409: the request conflicts with what is stored.
  TRANSLATION_EXISTS: { status: 409, meaning: 'The story already has a version in this language' },
  VERSION_CONFLICT: { status: 409, meaning: 'The story changed since the revision the client last saw' },
  AUTHOR_SLUG_TAKEN: { status: 409, meaning: 'Another author has this slug' },
  SECTION_SLUG_TAKEN: { status: 409, meaning: 'Another section has this slug' },
  TAG_SLUG_TAKEN: { status: 409, meaning: 'Another tag in this language has this slug (merge them instead)' },
  AUTHOR_IN_USE: { status: 409, meaning: 'The author still has stories' },
  SECTION_IN_USE: { status: 409, meaning: 'The section still has stories' },
  ALREADY_VOTED: { status: 409, meaning: 'This browser has already voted in this poll' },
  POLL_CLOSED: { status: 409, meaning: 'The poll is not open for votes' },
  EMAIL_TAKEN: { status: 409, meaning: 'Another account has this email' },
  SETUP_DONE: { status: 409, meaning: 'The site already has an owner' },
  INVALID_STATUS: { status: 409, meaning: 'The story is not in a status this step applies to' },
  // 413 / 415 / 429 / 5xx.
  PAYLOAD_TOO_LARGE: { status: 413, meaning: 'The request body is larger than the limit' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, meaning: 'The Content-Type is not one this route reads' },
  RATE_LIMITED: { status: 429, meaning: 'Too many requests of this kind from this client; try later' },
  INTERNAL_ERROR: { status: 500, meaning: 'A fault on our side; it is logged' },
  UNAVAILABLE: { status: 503, meaning: 'A dependency (the database) is unavailable; retry later' },
} as const satisfies Record<string, { status: number; meaning: string }>;

export type ErrorCode = keyof typeof ERRORS;

/** A failure with a stable code from the catalogue; the status follows from the code. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'DomainError';
  }

  get status(): number {
    return ERRORS[this.code].status;
  }
}

/** `throw fail('ARTICLE_NOT_FOUND', 'No story with id 12')`. */
export function fail(code: ErrorCode, message: string, details?: unknown): DomainError {
  return new DomainError(code, message, details);
}

export function isErrorCode(value: string): value is ErrorCode {
  return Object.hasOwn(ERRORS, value);
}
