/**
 * The Windows time zone name Exchange shows for each IANA zone the simulated organisation uses
 * (Unicode CLDR windowsZones, territory 001). The simulator's own lookup, in the direction the
 * connector does not need.
 */
export const WINDOWS_ZONE_NAMES: Readonly<Record<string, string>> = {
  'America/Los_Angeles': 'Pacific Standard Time',
  'America/New_York': 'Eastern Standard Time',
  'America/Sao_Paulo': 'E. South America Standard Time',
  'Europe/London': 'GMT Standard Time',
  'Europe/Berlin': 'W. Europe Standard Time',
  'Africa/Nairobi': 'E. Africa Standard Time',
  'Asia/Kolkata': 'India Standard Time',
  'Asia/Tokyo': 'Tokyo Standard Time',
  'Australia/Sydney': 'AUS Eastern Standard Time',
};
