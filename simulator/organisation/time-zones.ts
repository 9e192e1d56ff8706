/** IANA zones across several continents, with how likely a team is to be based there. */
export const TIME_ZONES: readonly (readonly [string, number])[] = [
  ['America/Los_Angeles', 3],
  ['America/New_York', 4],
  ['America/Sao_Paulo', 1.5],
  ['Europe/London', 3],
  ['Europe/Berlin', 3],
  ['Africa/Nairobi', 1],
  ['Asia/Kolkata', 2],
  ['Asia/Tokyo', 1],
  ['Australia/Sydney', 1],
];
