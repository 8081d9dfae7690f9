import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface Recorded<T> {
  /** Every `next` payload's data, in order. */
  readonly received: T[];
  readonly errors: unknown[];
  /** The WebSocket close event: code and reason. */
  readonly closed: Promise<{ code: number; reason: string }>;
  /** Resolves when `received` satisfies `done` (polling), or rejects after `ms`. */
  until(done: (received: T[]) => boolean, ms?: number): Promise<void>;
  dispose(): Promise<void>;
}

/** One graphql-ws connection to a real server (ws as the WebSocket), with one subscription recorded. */
export function subscribeOverWs<T = Record<string, unknown>>(baseUrl: string, token: string | undefined, query: string, variables?: Record<string, unknown>): Recorded<T> {
  const received: T[] = [];
  const errors: unknown[] = [];
  let closedResolve!: (e: { code: number; reason: string }) => void;
  const closed = new Promise<{ code: number; reason: string }>((resolve) => (closedResolve = resolve));
  const client: Client = createClient({
    url: `${baseUrl.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: token === undefined ? {} : { authorization: `Bearer ${token}` },
    retryAttempts: 0,
    lazy: false,
    on: { closed: (event) => closedResolve({ code: (event as { code: number }).code, reason: String((event as { reason: unknown }).reason) }) },
    onNonLazyError: () => undefined,
  });
  client.subscribe<T>(
    { query, variables },
    { next: (value) => (value.data ? received.push(value.data) : errors.push(...(value.errors ?? []))), error: (e) => errors.push(e), complete: () => undefined },
  );
  return {
    received,
    errors,
    closed,
    async until(done, ms = 10_000) {
      const deadline = Date.now() + ms;
      while (!done(received)) {
        if (Date.now() > deadline) throw new Error(`timed out; received ${JSON.stringify(received).slice(0, 500)}; errors ${JSON.stringify(errors).slice(0, 500)}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    dispose: () => client.dispose() as Promise<void>,
  };
}
