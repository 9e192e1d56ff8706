/** The zone name when it is an IANA time zone this runtime knows (so DuckDB's ICU knows it too), else null. */
export function knownTimeZone(name: string | null | undefined): string | null {
  if (!name || !/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(name)) return null;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return name;
  } catch {
    return null;
  }
}
