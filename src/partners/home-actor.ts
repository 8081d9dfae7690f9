import type { Actor } from '../auth/actor';
import type { PartnerEntity } from './partner.entity';

/**
 * The home CERT acting without an API client (the CLI, scheduled jobs): an ADMIN of HOME, so RLS and the
 * rules treat it as the operator. `clientId` names the acting component in the audit trail.
 */
export function homeActor(home: PartnerEntity, clientId: string): Actor {
  return Object.freeze({
    clientId,
    partnerId: home.id,
    partnerShortName: home.shortName,
    partnerKind: 'HOME',
    trust: 'CLOSE',
    groups: Object.freeze([...home.groups]),
    roles: Object.freeze(['ADMIN'] as const),
    identityRef: home.identityRef,
    active: true,
  });
}
