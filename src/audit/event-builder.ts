import { currentContext } from '../common/request-context';
import { AUDIT_CHANNELS, AUDIT_OUTCOMES, isAuditAction } from './audit-actions';
import type { AuditEvent, AuditEventInput } from './audit-event.types';
import { chainHash, GENESIS_HASH } from './canonical-form';
import { AuditRecordError, sanitiseDetails, sanitiseShort, sanitiseTargets } from './details-sanitiser';

/** An event before it has a place in the chain. */
export type DraftEvent = Omit<AuditEvent, 'sequence' | 'time' | 'prevHash' | 'hash'>;

/** Checks and cleans what a caller records; channel, request id and address default from the request context. */
export function draftEvent(input: AuditEventInput): DraftEvent {
  if (!isAuditAction(input.action)) throw new AuditRecordError(`unknown audit action "${String(input.action)}": add it to AUDIT_ACTIONS`);
  if (!AUDIT_OUTCOMES.includes(input.outcome)) throw new AuditRecordError(`unknown audit outcome "${String(input.outcome)}"`);
  const context = currentContext();
  const channel = input.channel ?? context?.channel ?? 'system';
  if (!AUDIT_CHANNELS.includes(channel)) throw new AuditRecordError(`unknown audit channel "${String(channel)}"`);
  return {
    actorClientId: sanitiseShort(input.actor?.clientId, 200),
    partnerId: sanitiseShort(input.actor?.partnerId, 200),
    action: input.action,
    channel,
    requestId: sanitiseShort(input.requestId !== undefined ? input.requestId : context?.requestId, 200),
    sourceAddress: sanitiseShort(input.sourceAddress !== undefined ? input.sourceAddress : context?.sourceAddress, 100),
    outcome: input.outcome,
    targetIds: sanitiseTargets(input.targetIds),
    details: sanitiseDetails(input.details),
  };
}

/** Gives drafts their sequence numbers, the shared time and their links, continuing from the head. */
export function chainEvents(head: { sequence: number; hash: string | null; now: string }, drafts: readonly DraftEvent[]): AuditEvent[] {
  let sequence = head.sequence;
  let prevHash = head.hash ?? GENESIS_HASH;
  const time = head.now;
  // Built field by field, once: object spreads cost more than the hashing on the append path.
  return drafts.map((d) => {
    sequence++;
    const event: { -readonly [K in keyof AuditEvent]: AuditEvent[K] } = {
      sequence,
      time,
      actorClientId: d.actorClientId,
      partnerId: d.partnerId,
      action: d.action,
      channel: d.channel,
      requestId: d.requestId,
      sourceAddress: d.sourceAddress,
      outcome: d.outcome,
      targetIds: d.targetIds,
      details: d.details,
      prevHash,
      hash: '',
    };
    event.hash = chainHash(prevHash, event);
    prevHash = event.hash;
    return event;
  });
}
