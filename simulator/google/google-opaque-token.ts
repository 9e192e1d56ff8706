/**
 * Opaque page and sync tokens: a JSON state wrapped in base64url with a kind prefix, the way
 * Google's tokens look opaque. They carry server state only (times, offsets), never a user id.
 */
export const googleOpaqueToken = {
  encode(kind: 'page' | 'sync', state: Record<string, number>): string {
    return `${kind === 'sync' ? 'CP' : 'Cg'}${Buffer.from(JSON.stringify(state)).toString('base64url')}`;
  },

  /** The state, or null when the token is not one of this kind. */
  decode(kind: 'page' | 'sync', token: string): Record<string, number> | null {
    const prefix = kind === 'sync' ? 'CP' : 'Cg';
    if (!token.startsWith(prefix)) return null;
    try {
      const state: unknown = JSON.parse(Buffer.from(token.slice(2), 'base64url').toString('utf8'));
      if (!state || typeof state !== 'object' || Object.values(state).some((v) => typeof v !== 'number')) return null;
      return state as Record<string, number>;
    } catch {
      return null;
    }
  },
};
