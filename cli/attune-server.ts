import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { nudgeActionIds } from '../transforms/nudges/nudge-messages.ts';
import { openIdentity } from '../transforms/identity-sealing.ts';
import { personalChoiceStatements, useLinkNonceStatement, type PersonalChoice } from '../transforms/personal-choices.ts';
import { personalPageQueries } from '../transforms/personal-data.ts';
import { verifyPersonalLink, type PersonalLink } from '../transforms/personal-links.ts';
import type { SourceKind } from '../transforms/release/released-metrics.ts';
import type { PrivateStore } from '../store/private-store.ts';
import { closeHttpServer } from '../simulator/close-http-server.ts';
import { readRequestText } from '../simulator/read-request-text.ts';
import { browserAssetPath } from './html-page-parts.ts';
import { readPersonalExport } from './personal-data-commands.ts';
import { confirmActionPage, messagePage, personalPage, type PersonalPageData } from './personal-page.ts';
import { checkSlackRequest, slackRequestMaxAgeSeconds } from './slack-request-signature.ts';

/** The store is held by a run right now: the request is answered 503, to be tried again in a minute. */
export class StoreBusyError extends Error {}

/** What `attune serve` works with. */
export interface AttuneServerDeps {
  /** Runs `work` on the private store (opened for the request, or the worker's own); throws StoreBusyError when a run holds it. */
  withStore<T>(work: (store: PrivateStore) => Promise<T>): Promise<T>;
  linkKey: Uint8Array;
  vaultKey: Uint8Array;
  /** The Slack app's signing secret; without it Slack's buttons are refused (401) and only e-mail links work. */
  slackSigningSecret: string | undefined;
  clock?: () => Date;
}

/** A running `attune serve`. */
export interface AttuneServer {
  url: string;
  close(): Promise<void>;
}

/** Strict headers on every answer: no script but attune's own, no framing, no referrer, nothing cached. */
const securityHeaders = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
} as const;

/** The static files the pages load, from attune itself: the charting library (its UMD build, beside the package's entry) and the page's own script and style. */
function staticAssets(): Record<string, { file: string; type: string }> {
  return {
    '/assets/chart.umd.min.js': { file: browserAssetPath('chart.umd.min.js'), type: 'text/javascript' },
    '/assets/personal-page.js': { file: browserAssetPath('personal-page.js'), type: 'text/javascript' },
    '/assets/attune.css': { file: browserAssetPath('attune.css'), type: 'text/css' },
  };
}

const refusedText = 'This link is not valid: it may have expired, been used already, or been changed. Ask for a new one.';

/**
 * Starts `attune serve`: each person's own page (`/me/<link>`: their numbers, nudges and choices,
 * the download of their data, the erasure request), the Snooze and Stop links of e-mailed nudges
 * (`/n/<link>`, confirmed by a form so a link scanner's GET changes nothing; each works once), and
 * Slack's interactivity requests for the nudges' buttons (`/slack/interactivity`, signed by Slack,
 * within 5 minutes, never twice). Links are HMAC-signed, single-person and expiring; every change
 * needs the CSRF token of the page it came from. Refusals reveal nothing (one answer for every reason).
 */
export async function startAttuneServer(deps: AttuneServerDeps, address: { host: string; port: number }): Promise<AttuneServer> {
  const now = deps.clock ?? (() => new Date());
  const assets = staticAssets();
  const csrfOf = (token: string) => createHmac('sha256', deps.linkKey).update(`attune csrf v1.${token}`).digest('base64url');
  const csrfMatches = (token: string, given: string | null) => {
    const expected = Buffer.from(csrfOf(token));
    const actual = Buffer.from(given ?? '');
    return actual.length === expected.length && timingSafeEqual(actual, expected);
  };

  const send = (res: ServerResponse, status: number, body: string, type = 'text/html; charset=utf-8', extra: Record<string, string> = {}) => {
    res.writeHead(status, { ...securityHeaders, 'Content-Type': type, ...extra });
    res.end(body);
  };
  const refuse = (res: ServerResponse, status = 403) => send(res, status, messagePage('Link not valid', refusedText));

  /** The link a path's token carries, if valid for this action, for a person attune still keeps (not erased), and (for one-time links) not used yet. */
  const linkOf = async (token: string, actions: readonly PersonalLink['action'][], store: PrivateStore): Promise<PersonalLink | null> => {
    const link = verifyPersonalLink(deps.linkKey, token, now());
    if (!link || !actions.includes(link.action)) return null;
    // An erased person's links die with them: a choice made through one would store their pseudonym again.
    if ((await store.select({ sql: 'SELECT 1 FROM people WHERE pseudonym = $person', params: { person: link.person } })).length === 0) return null;
    if (link.action === 'page') return link;
    const used = await store.select({ sql: 'SELECT 1 FROM used_link_nonces WHERE nonce = $nonce', params: { nonce: link.nonce } });
    return used.length === 0 ? link : null;
  };

  const choose = (store: PrivateStore, person: string, choices: PersonalChoice[], extra: Parameters<PrivateStore['run']>[0] = []) => {
    const at = now().toISOString();
    return store.run([...extra, ...choices.flatMap((c) => personalChoiceStatements(person, c, at))]);
  };

  const pageData = async (store: PrivateStore, person: string): Promise<PersonalPageData> => {
    const q = personalPageQueries(person);
    const [weeks, nudges, [status], choices] = await Promise.all([store.select(q.weeks), store.select(q.nudges), store.select(q.status), store.select(q.choices)]);
    return { weeks, nudges, status, choices } as unknown as PersonalPageData;
  };

  const form = (body: string) => new URLSearchParams(body);

  async function personalRoute(req: IncomingMessage, res: ServerResponse, token: string, tail: string, store: PrivateStore) {
    const link = await linkOf(token, ['page'], store);
    if (!link) return refuse(res);
    const path = `/me/${token}`;
    if (req.method === 'GET' && tail === '') {
      const notice = new URL(req.url ?? '/', 'http://attune').searchParams.get('saved') === '1' ? 'Your choices are saved.' : null;
      return send(res, 200, personalPage(await pageData(store, link.person), { path, csrf: csrfOf(token), notice }));
    }
    if (req.method === 'GET' && tail === '/export') {
      const data = await readPersonalExport(store, link.person, now());
      return send(res, 200, JSON.stringify(data, null, 2), 'application/json; charset=utf-8', {
        'Content-Disposition': 'attachment; filename="my-attune-data.json"',
      });
    }
    if (req.method !== 'POST' || (tail !== '/choices' && tail !== '/erasure')) return send(res, 404, messagePage('Not found', 'There is nothing here.'));
    const fields = form(await readRequestText(req));
    if (req.headers['sec-fetch-site'] === 'cross-site' || !csrfMatches(token, fields.get('csrf'))) return refuse(res);
    if (tail === '/erasure') {
      if (fields.get('confirm') !== 'yes') return send(res, 400, messagePage('Not asked', 'Tick the box to confirm that you want your data erased.'));
      await choose(store, link.person, [{ kind: 'erasure' }]);
      return send(res, 303, '', 'text/plain', { Location: `${path}?saved=1` });
    }
    const nudges = fields.get('nudges');
    const aggregates = fields.get('aggregates');
    if (!['on', 'snooze', 'stop'].includes(nudges ?? '') || !['in', 'out'].includes(aggregates ?? '')) {
      return send(res, 400, messagePage('Not saved', 'Choose one option for notes and one for team totals.'));
    }
    const counted = new Set(fields.getAll('source'));
    const current = (await pageData(store, link.person)).status;
    const choices: PersonalChoice[] = [];
    const nudgeState = current.stopped ? 'stop' : current.snoozedUntil ? 'snooze' : 'on';
    if (nudges !== nudgeState) choices.push({ kind: 'nudges', value: nudges as 'on' | 'snooze' | 'stop' });
    if ((aggregates === 'out') !== current.optedOut) choices.push({ kind: 'aggregates', value: aggregates as 'in' | 'out' });
    for (const source of ['calendar', 'chat', 'issues'] as SourceKind[]) {
      const withheld = !counted.has(source);
      if (withheld !== current.withheld.includes(source)) choices.push({ kind: 'source', source, value: withheld ? 'withheld' : 'counted' });
    }
    await choose(store, link.person, choices);
    return send(res, 303, '', 'text/plain', { Location: `${path}?saved=1` });
  }

  async function actionRoute(req: IncomingMessage, res: ServerResponse, token: string, store: PrivateStore) {
    const link = await linkOf(token, ['snooze', 'stop'], store);
    if (!link || (link.action !== 'snooze' && link.action !== 'stop')) return refuse(res);
    if (req.method === 'GET') return send(res, 200, confirmActionPage(link.action, `/n/${token}`, csrfOf(token)));
    if (req.method !== 'POST') return send(res, 405, messagePage('Not allowed', 'Use the button on the page.'), undefined, { Allow: 'GET, POST' });
    const fields = form(await readRequestText(req));
    if (req.headers['sec-fetch-site'] === 'cross-site' || !csrfMatches(token, fields.get('csrf'))) return refuse(res);
    await choose(store, link.person, [{ kind: 'nudges', value: link.action }], [useLinkNonceStatement(link.nonce, link.expiresAt)]);
    const done = link.action === 'snooze' ? 'Snoozed: no notes from attune for 30 days.' : 'Stopped: attune will send you no more notes.';
    return send(res, 200, messagePage('Done', done));
  }

  async function slackRoute(req: IncomingMessage, res: ServerResponse) {
    const raw = await readRequestText(req);
    if (!deps.slackSigningSecret) return send(res, 401, 'signing secret not configured', 'text/plain');
    const at = now();
    const headers = { timestamp: req.headers['x-slack-request-timestamp'] as string | undefined, signature: req.headers['x-slack-signature'] as string | undefined };
    const problem = checkSlackRequest(deps.slackSigningSecret, headers, raw, at);
    if (problem) return send(res, 401, 'request not verified', 'text/plain');
    let payload: { type?: string; user?: { id?: string }; actions?: { action_id?: string; value?: string }[] };
    try {
      payload = JSON.parse(form(raw).get('payload') ?? '');
    } catch {
      return send(res, 400, 'no payload', 'text/plain');
    }
    const action = payload.actions?.[0];
    const value = action?.action_id === nudgeActionIds.snooze ? 'snooze' : action?.action_id === nudgeActionIds.stop ? 'stop' : null;
    if (payload.type !== 'block_actions' || !value || !action?.value || !payload.user?.id) return send(res, 200, '', 'text/plain');
    // A signature is accepted once, remembered in the store (across restarts) for as long as its timestamp is valid.
    const signatureOnce = useLinkNonceStatement(`slack:${headers.signature ?? ''}`, Number(headers.timestamp) * 1000 + 2 * slackRequestMaxAgeSeconds * 1000);
    const outcome = await deps.withStore(async (store) => {
      const replayed = await store.select({ sql: 'SELECT 1 FROM used_link_nonces WHERE nonce = $nonce', params: { nonce: String(signatureOnce.params?.nonce) } });
      if (replayed.length > 0) return 'replayed';
      const [nudge] = (await store.select({ sql: 'SELECT person FROM nudge_outbox WHERE nudge_key = $key', params: { key: action.value ?? '' } })) as {
        person: string;
      }[];
      if (!nudge) {
        await store.run([signatureOnce]);
        return 'refused';
      }
      const [entry] = await store.readVaultEntries([nudge.person]);
      // Only the person the nudge went to can act on it: the clicking Slack user must be them.
      const slackId = entry ? openIdentity(deps.vaultKey, entry).sourceIds.find((s) => s.source === 'slack')?.id : undefined;
      if (slackId !== payload.user?.id) {
        await store.run([signatureOnce]);
        return 'refused';
      }
      await choose(store, nudge.person, [{ kind: 'nudges', value }], [signatureOnce]);
      return 'applied';
    });
    if (outcome === 'replayed') return send(res, 403, 'request replayed', 'text/plain');
    if (outcome === 'refused') return send(res, 403, 'not yours', 'text/plain');
    const text = value === 'snooze' ? 'Snoozed: no notes from attune for 30 days.' : 'Stopped: attune will send you no more notes.';
    return send(res, 200, JSON.stringify({ response_type: 'ephemeral', replace_original: false, text }), 'application/json');
  }

  async function route(req: IncomingMessage, res: ServerResponse) {
    const path = new URL(req.url ?? '/', 'http://attune').pathname;
    const asset = assets[path];
    if (asset && req.method === 'GET') return send(res, 200, await readFile(asset.file, 'utf8'), `${asset.type}; charset=utf-8`);
    if (path === '/healthz') return send(res, 200, 'ok', 'text/plain');
    // Browsers ask for an icon on every page; "none" (204) rather than a 404 that each page load logs as an error.
    if (path === '/favicon.ico' && req.method === 'GET') return send(res, 204, '', 'image/x-icon');
    if (path === '/slack/interactivity' && req.method === 'POST') return slackRoute(req, res);
    // A link that doesn't verify is refused before the store is opened: bogus requests cost nothing.
    const personal = /^\/me\/([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)(\/export|\/choices|\/erasure)?$/.exec(path);
    const action = /^\/n\/([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/.exec(path);
    const token = personal?.[1] ?? action?.[1];
    if (token !== undefined && !verifyPersonalLink(deps.linkKey, token, now())) return refuse(res);
    if (personal) return deps.withStore((store) => personalRoute(req, res, personal[1] ?? '', personal[2] ?? '', store));
    if (action) return deps.withStore((store) => actionRoute(req, res, action[1] ?? '', store));
    return send(res, 404, messagePage('Not found', 'There is nothing here.'));
  }

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      if (res.headersSent) return res.end();
      if (error instanceof StoreBusyError) {
        return send(res, 503, messagePage('Busy', 'attune is busy with its daily run. Try again in a minute.'), undefined, { 'Retry-After': '60' });
      }
      send(res, error instanceof RangeError ? 413 : 500, messagePage('Something went wrong', 'Try again later.'));
    });
  });
  await new Promise<void>((resolve) => server.listen(address.port, address.host, resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://${address.host}:${port}`, close: () => closeHttpServer(server) };
}
