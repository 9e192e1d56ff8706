const STATUS_NAMES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  410: 'FAILED_PRECONDITION',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
};

/** A Google API error response: the HTTP status and the JSON body every Google REST API uses. */
export interface GoogleErrorResponse {
  status: number;
  body: { error: { code: number; message: string; errors: { domain: string; reason: string; message: string }[]; status: string } };
}

/** Google's error body, `{ error: { code, message, errors: [{ domain, reason, message }], status } }`. */
export function googleError(code: number, reason: string, message: string, domain = 'global'): GoogleErrorResponse {
  return { status: code, body: { error: { code, message, errors: [{ domain, reason, message }], status: STATUS_NAMES[code] ?? 'UNKNOWN' } } };
}
