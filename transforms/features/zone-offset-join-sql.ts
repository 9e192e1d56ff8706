import { featureWorkTables } from './feature-work-tables.ts';

/**
 * SQL joining the zone-offsets table as `alias` for the instant `instantMs` (epoch ms) in the
 * zone `timeZone`: `${alias}.offset_ms` is then that instant's UTC offset there.
 */
export function zoneOffsetJoinSql(alias: string, timeZone: string, instantMs: string): string {
  return `JOIN ${featureWorkTables.zoneOffsets} ${alias} ON ${alias}.time_zone = ${timeZone}
    AND ${alias}.utc_day = (${instantMs}) // 86400000 AND ${alias}.from_ms <= ${instantMs} AND ${alias}.to_ms > ${instantMs}`;
}
