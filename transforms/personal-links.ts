import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { dayMs } from '../models/time.ts';

/** What a personal link lets its holder do: open their own page, or snooze or stop their nudges. */
export type LinkAction = 'page' | 'snooze' | 'stop';

/** A personal link's signed content: one person's scope, one action, an expiry and a nonce (an action link works once). */
export interface PersonalLink {
  person: string;
  action: LinkAction;
  /** Expiry, ms since the epoch. */
  expiresAt: number;
  nonce: string;
}

const actions: readonly LinkAction[] = ['page', 'snooze', 'stop'];
const label = 'attune personal link v1';

const mac = (key: Uint8Array, payload: string) => createHmac('sha256', key).update(`${label}.${payload}`).digest();

/** A fresh link for one person and action, valid for `days` from `now`. */
export function newPersonalLink(person: string, action: LinkAction, now: Date, days: number): PersonalLink {
  return { person, action, expiresAt: now.getTime() + days * dayMs, nonce: randomBytes(12).toString('base64url') };
}

/** The link as a URL-safe token: its content (base64url JSON) and an HMAC-SHA-256 over it (pseudonym, action, expiry, nonce). */
export function signPersonalLink(key: Uint8Array, link: PersonalLink): string {
  const payload = Buffer.from(JSON.stringify([link.person, link.action, link.expiresAt, link.nonce])).toString('base64url');
  return `${payload}.${mac(key, payload).toString('base64url')}`;
}

/**
 * The link a token carries when its signature is right and it has not expired at `now`; null
 * otherwise (tampered, forged with another key, malformed or expired: the caller answers alike).
 */
export function verifyPersonalLink(key: Uint8Array, token: string, now: Date): PersonalLink | null {
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) return null;
  // Compared as text: decoding would ignore the spare bits of the last base64url character, so a changed character could pass.
  const given = Buffer.from(signature);
  const expected = Buffer.from(mac(key, payload).toString('base64url'));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  let content: unknown;
  try {
    content = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(content) || content.length !== 4) return null;
  const [person, action, expiresAt, nonce] = content as unknown[];
  if (typeof person !== 'string' || typeof nonce !== 'string' || typeof expiresAt !== 'number') return null;
  if (!actions.includes(action as LinkAction) || expiresAt <= now.getTime()) return null;
  return { person, action: action as LinkAction, expiresAt, nonce };
}
