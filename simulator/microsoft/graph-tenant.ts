import type { Organisation } from '../organisation/organisation.ts';
import { Random } from '../random.ts';
import { buildGraphCalendars, type GraphCalendars } from './graph-calendar.ts';
import { buildGraphChats, type GraphChats } from './graph-chats.ts';
import { buildGraphDirectory, type GraphDirectory } from './graph-directory.ts';

/** Everything the simulated Microsoft 365 tenant holds. */
export interface GraphTenant {
  directory: GraphDirectory;
  calendars: GraphCalendars;
  chats: GraphChats;
}

/** Options of buildGraphTenant. */
export interface GraphTenantOptions {
  /** Records to break on purpose: half (rounded up) calendar events, the rest chat messages. Default 0. */
  malformed?: number;
  /** Fixes the UTC offsets of working hours stated in UTC. */
  now: Date;
}

/** Builds the Microsoft 365 side of a simulated organisation, deterministic for its seed. */
export function buildGraphTenant(org: Organisation, options: GraphTenantOptions): GraphTenant {
  const random = new Random(org.seed).fork('microsoft');
  const malformed = options.malformed ?? 0;
  const directory = buildGraphDirectory(org, random, options.now);
  return {
    directory,
    calendars: buildGraphCalendars(org, random, directory, { malformed: Math.ceil(malformed / 2) }),
    chats: buildGraphChats(org, random, directory, { malformed: Math.floor(malformed / 2) }),
  };
}
