import type { Actor } from '../auth/actor';
import type { AuditActor } from '../audit/audit-event.types';
import { CLI_CLIENT_ID } from './host-report.options';

/** Who the audit trail names: the CLI acts as HOME without an API client, so it is recorded without one. */
export function auditActor(actor: Actor): AuditActor {
  return { clientId: actor.clientId === CLI_CLIENT_ID ? null : actor.clientId, partnerId: actor.partnerId };
}
