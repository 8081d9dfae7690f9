import { AsyncLocalStorage } from 'node:async_hooks';

export type Channel = 'graphql' | 'taxii' | 'sync' | 'cli' | 'http' | 'system';

/** What every log line and audit event needs to know about the request it happens in. */
export interface RequestContext {
  readonly requestId: string;
  readonly channel: Channel;
  readonly sourceAddress?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runInContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}
