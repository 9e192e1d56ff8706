/** Read access to the files of a Slack export, unpacked or zipped, one file at a time. */
export interface SlackExportFiles {
  /** Every file in the export, as '/'-separated paths relative to its root (where users.json is). */
  readonly paths: readonly string[];
  /** One file's text (UTF-8), or null when the export has no file at that path. */
  readText(path: string): Promise<string | null>;
  /** Releases the open file, if any. */
  close(): Promise<void>;
}
