/** A SQL statement with named parameters ($name), as transforms write them and the store runs them. */
export interface SqlStatement {
  sql: string;
  params?: Record<string, string | number | boolean | null>;
}
