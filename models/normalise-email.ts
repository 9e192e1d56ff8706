import { z } from 'zod';

/** The form of an email that names one person across every source: trimmed and lower-cased. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Whether `text` is one e-mail address (what an admin types after --email), so a typo is refused instead of pseudonymized. */
export function isEmailAddress(text: string): boolean {
  return z.email().safeParse(text.trim()).success;
}
