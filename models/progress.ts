/** Where a long job reports what it is doing: one short line, no content, no identities. */
export type Progress = (line: string) => void;
