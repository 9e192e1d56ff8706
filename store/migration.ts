/** One versioned schema change: its statements run once, in one transaction, in version order. */
export interface Migration {
  version: number;
  name: string;
  statements: readonly string[];
}
