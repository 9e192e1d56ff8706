/** Renders query rows as an aligned text table with a row count, numbers right-aligned. */
export function formatTable(columns: string[], rows: unknown[][]): string {
  const cell = (v: unknown) => (v === null || v === undefined ? 'NULL' : typeof v === 'object' ? JSON.stringify(v) : String(v));
  const text = rows.map((row) => row.map(cell));
  const widths = columns.map((c, i) => Math.max(c.length, ...text.map((r) => r[i]?.length ?? 0)));
  const numeric = columns.map((_, i) => rows.length > 0 && rows.every((r) => typeof r[i] === 'number' || typeof r[i] === 'bigint' || r[i] === null));
  const line = (values: string[]) =>
    values.map((v, i) => (numeric[i] ? v.padStart(widths[i] ?? 0) : v.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  return [line(columns), widths.map((w) => '-'.repeat(w)).join('  '), ...text.map(line), `(${rows.length} rows)`].join('\n') + '\n';
}

/** A time as attune's tables print it: UTC, to the second (`2026-11-23 12:00:00Z`). */
export function formatInstant(at: Date | number): string {
  return new Date(at).toISOString().slice(0, 19).replace('T', ' ') + 'Z';
}
