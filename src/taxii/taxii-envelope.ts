/** Reading a POSTed envelope and turning the store's answer into a status resource. Pure. */
import type { SubmitResult } from '../stix/store/stix-store.types';
import { TaxiiError } from './taxii-error';
import type { StatusDetail, TaxiiStatus } from './taxii-status.repository';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The objects of a TAXII envelope (`{"objects": [...]}`, §3.7); anything else is a 422. */
export function readEnvelope(body: Buffer | undefined): Record<string, unknown>[] {
  return readEnvelopeWithOrigins(body).objects;
}

/**
 * The objects, and the origins another exchange of ours names for them (`x_cx_origins`: STIX id → the
 * exchange it was first stored at; `x_cx_exchange`: the sender, for the rest), see src/sync/sync-origins.
 */
export function readEnvelopeWithOrigins(body: Buffer | undefined): { objects: Record<string, unknown>[]; origins: Record<string, string> } {
  let parsed: unknown;
  try {
    parsed = JSON.parse((body ?? Buffer.alloc(0)).toString('utf8'));
  } catch {
    throw new TaxiiError(422, 'the body is not JSON: expected a TAXII envelope {"objects": [...]}');
  }
  if (!isPlainObject(parsed)) throw new TaxiiError(422, 'the body must be a TAXII envelope {"objects": [...]}');
  const objects = parsed.objects;
  if (!Array.isArray(objects) || objects.length === 0) throw new TaxiiError(422, 'the envelope must have "objects", a non-empty list of STIX objects');
  const bad = objects.findIndex((o) => !isPlainObject(o));
  if (bad >= 0) throw new TaxiiError(422, `objects[${bad}] is not a JSON object`);
  const origins: Record<string, string> = {};
  const named = isPlainObject(parsed.x_cx_origins) ? parsed.x_cx_origins : {};
  const sender = typeof parsed.x_cx_exchange === 'string' ? parsed.x_cx_exchange : undefined;
  for (const o of objects as Record<string, unknown>[]) {
    const id = o.id;
    const origin = typeof id === 'string' ? (typeof named[id] === 'string' ? named[id] : sender) : undefined;
    if (typeof id === 'string' && origin) origins[id] = origin;
  }
  return { objects: objects as Record<string, unknown>[], origins };
}

function detail(obj: Record<string, unknown> | undefined, index: number, message?: string): StatusDetail {
  const id = typeof obj?.id === 'string' ? obj.id : `objects[${index}]`;
  const version = [obj?.modified, obj?.created].find((v): v is string => typeof v === 'string') ?? '';
  return { id, version, ...(message ? { message } : {}) };
}

/**
 * The status of an envelope the store took in partial mode: each object is a success (stored, or already
 * held: TAXII counts a duplicate as added) or a failure with every reason the store gave. All complete:
 * the store answers synchronously, so nothing is ever pending.
 */
export function statusOf(id: string, requestTimestamp: string, objects: readonly Record<string, unknown>[], result: SubmitResult): TaxiiStatus {
  const reasons = new Map<number, string[]>();
  for (const r of result.rejections) {
    if (r.index === null) continue;
    reasons.set(r.index, [...(reasons.get(r.index) ?? []), r.path === '$' || r.path === '' ? r.message : `${r.path}: ${r.message}`]);
  }
  const successes: StatusDetail[] = [];
  const failures: StatusDetail[] = [];
  objects.forEach((obj, index) => {
    const why = reasons.get(index);
    if (why) failures.push(detail(obj, index, why.join('; ')));
    else successes.push(detail(obj, index));
  });
  return {
    id,
    status: 'complete',
    request_timestamp: requestTimestamp,
    total_count: objects.length,
    success_count: successes.length,
    successes,
    failure_count: failures.length,
    failures,
    pending_count: 0,
    pendings: [],
  };
}

/** A status before the store has answered: every object pending. */
export function pendingStatus(id: string, requestTimestamp: string, objects: readonly Record<string, unknown>[]): TaxiiStatus {
  return {
    id, status: 'pending', request_timestamp: requestTimestamp, total_count: objects.length,
    success_count: 0, successes: [], failure_count: 0, failures: [], pending_count: objects.length, pendings: [],
  };
}

/** The status of an envelope of which nothing was stored: every object failed, for `reason`. */
export function failedStatus(pending: TaxiiStatus, objects: readonly Record<string, unknown>[], reason: string): TaxiiStatus {
  const failures = objects.map((obj, index) => detail(obj, index, reason));
  return { ...pending, status: 'complete', failure_count: failures.length, failures, pending_count: 0, pendings: [] };
}
