/** The settings an admin configures for the Google source, by the names the CLI reads them under. */
export const googleSettings = {
  /** Path of the service account's JSON key file (domain-wide delegation granted). */
  serviceAccountFile: 'GOOGLE_SERVICE_ACCOUNT_FILE',
  /** A super administrator's address, impersonated to read the Directory. */
  adminEmail: 'GOOGLE_ADMIN_EMAIL',
  /** Optional rootUrl of both APIs (ends with '/'); Google's own when unset. */
  apiUrl: 'GOOGLE_API_URL',
} as const;
