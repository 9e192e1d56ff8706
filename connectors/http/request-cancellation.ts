import { AsyncLocalStorage } from 'node:async_hooks';

/** The cancellation of the work whose asynchronous calls are running (see withCancellation). */
const current = new AsyncLocalStorage<AbortSignal>();

/**
 * Runs `work` so that every request the connectors send for it, through any of their clients, is
 * aborted once `signal` is (a Temporal activity's cancellation): the sockets close at once instead
 * of waiting for an answer or a timeout. The signal follows `work`'s own asynchronous calls, so
 * work running beside it is not cancelled with it.
 */
export function withCancellation<T>(signal: AbortSignal, work: () => Promise<T>): Promise<T> {
  return current.run(signal, work);
}

/** `signal` joined with the cancellation of the work this call is part of (see withCancellation), or whichever there is. */
export function joinCancellation(signal?: AbortSignal | null): AbortSignal | undefined {
  const cancel = current.getStore();
  if (!cancel) return signal ?? undefined;
  return signal ? AbortSignal.any([signal, cancel]) : cancel;
}

/** `send`, a fetch, with each request also aborted by the cancellation of the work it is sent for (see withCancellation). */
export function cancellableFetch<I, Init extends { signal?: AbortSignal | null }, R>(send: (input: I, init?: Init) => Promise<R>): (input: I, init?: Init) => Promise<R> {
  return (input, init) => send(input, { ...init, signal: joinCancellation(init?.signal) } as Init);
}
