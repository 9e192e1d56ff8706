/** Slack message timestamps (`"1700000000.123456"`, seconds.microseconds) to and from times. */
export const slackTs = {
  /** A time as a Slack timestamp. */
  fromDate(date: Date): string {
    return (date.getTime() / 1000).toFixed(6);
  },
  /** Milliseconds since the epoch of a Slack timestamp. */
  toMs(ts: string): number {
    return Number(ts) * 1000;
  },
  /** Orders two Slack timestamps (they compare as decimals, not as strings of different lengths). */
  compare(a: string, b: string): number {
    return Number(a) - Number(b);
  },
};
