import { graphError, type GraphAnswer } from './graph-answer.ts';

/** The application permissions the read routes check (mail has its own, see createGraphMail). */
export type GraphReadPermission = 'User.Read.All' | 'MailboxSettings.Read' | 'Calendars.ReadBasic' | 'Chat.Read.All';

/** Every read permission, for telling them from the mail ones. */
export const GRAPH_READ_PERMISSIONS: readonly GraphReadPermission[] = ['User.Read.All', 'MailboxSettings.Read', 'Calendars.ReadBasic', 'Chat.Read.All'];

/** The permission a `/users/…` read needs: the directory's User.Read.All, else the mailbox or chat permission of its route. */
function permissionOf(segments: readonly string[]): GraphReadPermission | null {
  const [collection, id, ...rest] = segments;
  if (collection !== 'users') return collection === 'chats' ? 'Chat.Read.All' : null;
  const route = rest.join('/');
  if (id === undefined || route === '' || route === 'manager') return 'User.Read.All';
  if (route === 'mailboxSettings') return 'MailboxSettings.Read';
  if (route.startsWith('calendarView')) return 'Calendars.ReadBasic';
  if (route.startsWith('chats')) return 'Chat.Read.All';
  return null;
}

/**
 * Graph's 403 for an app without the permission a read needs, as Graph words each: the directory
 * `Authorization_RequestDenied`, Exchange `ErrorAccessDenied`, Teams `Forbidden`; null when the read may go on.
 */
export function deniedRead(segments: readonly string[], withheld: ReadonlySet<GraphReadPermission>): GraphAnswer | null {
  const permission = permissionOf(segments);
  if (permission === null || !withheld.has(permission)) return null;
  if (permission === 'User.Read.All') return graphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.', 'directory', 'denied');
  if (permission === 'Chat.Read.All') return graphError(403, 'Forbidden', 'Missing role permissions on the request. API requires one of \'Chat.Read.All, Chat.ReadWrite.All\'.', 'teams', 'denied');
  return graphError(403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.', 'directory', 'denied');
}
