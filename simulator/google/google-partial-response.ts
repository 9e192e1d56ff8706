/** A parsed `fields` selection: each selected key, with the selection under it (null: all of it). */
type FieldMask = Map<string, FieldMask | null>;

/** Thrown for a `fields` parameter Google would refuse (400 invalidParameter). */
export class InvalidFieldSelectionError extends Error {}

/**
 * Parses Google's partial-response `fields` syntax: comma-separated fields, `a/b` for field b of a,
 * `a(b,c)` for fields b and c of a (nestable), `*` for every field at that level.
 */
function parseFieldMask(fields: string): FieldMask {
  let at = 0;
  const name = (): string => {
    const match = /^[A-Za-z0-9_@.*-]+/.exec(fields.slice(at));
    if (!match) throw new InvalidFieldSelectionError(`Invalid field selection at ${at}`);
    at += match[0].length;
    return match[0];
  };
  /** Adds `key` with its sub-selection; a field selected whole stays whole. */
  const merge = (mask: FieldMask, key: string, sub: FieldMask | null): void => {
    const old = mask.get(key);
    if (old === undefined) mask.set(key, sub);
    else if (old === null || sub === null) mask.set(key, null);
    else for (const [k, v] of sub) merge(old, k, v);
  };
  const list = (closing: string | null): FieldMask => {
    const mask: FieldMask = new Map();
    for (;;) {
      const path = [name()];
      while (fields[at] === '/') {
        at++;
        path.push(name());
      }
      let sub: FieldMask | null = null;
      if (fields[at] === '(') {
        at++;
        sub = list(')');
      }
      const nested = path.slice(1).reduceRight<FieldMask | null>((inner, key) => new Map([[key, inner]]), sub);
      merge(mask, path[0] as string, nested);
      if (fields[at] === ',') {
        at++;
        continue;
      }
      if (closing !== null && fields[at] === closing) {
        at++;
        return mask;
      }
      if (closing === null && at === fields.length) return mask;
      throw new InvalidFieldSelectionError(`Invalid field selection at ${at}`);
    }
  };
  return list(null);
}

/** Keeps of `value` only what `mask` selects; arrays are selected item by item. */
function applyFieldMask(value: unknown, mask: FieldMask | null): unknown {
  if (mask === null || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => applyFieldMask(item, mask));
  const all = mask.get('*');
  const kept: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    const sub = mask.has(key) ? (mask.get(key) as FieldMask | null) : all;
    if (sub !== undefined) kept[key] = applyFieldMask(field, sub);
  }
  return kept;
}

/**
 * A response body cut down to a `fields` selection, as Google's partial responses are: only the
 * selected fields (and their selected sub-fields) are sent. Throws InvalidFieldSelectionError for a
 * malformed selection.
 */
export function partialResponse(body: Record<string, unknown>, fields: string): Record<string, unknown> {
  return applyFieldMask(body, parseFieldMask(fields)) as Record<string, unknown>;
}
