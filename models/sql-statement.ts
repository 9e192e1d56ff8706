/** A SQL statement with named parameters ($name), as transforms write them and the store runs them. */
export interface SqlStatement {
  sql: string;
  params?: Record<string, string | number | boolean | null>;
}

/** A long job in steps, each committed on its own, and what to run after them however they end (dropping its temporary tables). */
export interface SqlSteps {
  steps: SqlStatement[][];
  cleanup: SqlStatement[];
}
