/** Read access to the files of a Slack export, unpacked or zipped, one file at a time. */
export interface SlackExportFiles {
  /** Every file in the export, as '/'-separated paths relative to its root (where users.json is). */
  readonly paths: readonly string[];
  /** One file's text (UTF-8), or null when the export has no file at that path; a file over the limits is refused with a ConfigError naming it. */
  readText(path: string): Promise<string | null>;
  /** Releases the open file, if any. */
  close(): Promise<void>;
}

/**
 * How much of an export attune unpacks and reads, so a crafted or broken export can neither
 * exhaust memory nor pass as a long import: one file at most 64 MiB unpacked (a day file is one
 * channel's day, a few MB at most in practice; users.json of about 40,000 people), a zipped file at most
 * 100 times its packed size once past 1 MiB, and a zip's files at most 100 times the zip's size
 * in all (or 64 MiB for a small zip). Over a limit, the import stops naming the file and the limit.
 */
export const exportReadLimits = { fileBytes: 64 * 2 ** 20, inflateRatio: 100, ratioFreeBytes: 2 ** 20 } as const;
