import { createHash } from 'node:crypto';

const BASE32HEX = '0123456789abcdefghijklmnopqrstuv';

function digest(label: string): Buffer {
  return createHash('sha256').update(label).digest();
}

/**
 * Google-looking identifiers derived from simulator ids: Directory user ids (21 digits), event
 * ids (base32hex, as Calendar requires), recurring-instance ids (`<series id>_<UTC start>`) and
 * opaque room-resource addresses. Deterministic, so a rerun sees the same ids.
 */
export const googleIds = {
  /** A Directory user id, e.g. `104316257712341897652`. */
  user(label: string): string {
    const d = digest(`user:${label}`);
    // Joined, not appended character by character: V8 keeps an appended string as a chain of pieces.
    return ['1', ...Array.from({ length: 20 }, (_, i) => String((d[i % d.length] ?? 0) % 10))].join('');
  },

  /** A Calendar event id: 26 base32hex characters. */
  event(label: string): string {
    const d = digest(`event:${label}`);
    return Array.from({ length: 26 }, (_, i) => BASE32HEX[(d[i] ?? 0) % 32]).join('');
  },

  /** The id of one instance of a recurring series, as singleEvents=true lists it. */
  instance(seriesLabel: string, start: Date): string {
    const stamp = start.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
    return `${googleIds.event(seriesLabel)}_${stamp}`;
  },

  /** A room resource's calendar address. */
  room(n: number): string {
    return `c_188${googleIds.event(`room:${n}`).slice(0, 20)}@resource.calendar.google.com`;
  },
};
