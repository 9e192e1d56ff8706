/** Quotes a value as a SQL string literal, for the places DuckDB takes no parameter (ATTACH, COPY … TO). */
export function sqlStringLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
