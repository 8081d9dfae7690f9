import type { Actor } from '../auth/actor';
import type { PartnerEntity } from '../partners/partner.entity';

/**
 * The peer's partner, as it would be if one of its clients asked: what it submits (pull) and what it may
 * read (push) are decided by the same policy as for any request. A suspended partner is inactive: it
 * sees nothing and can write nothing, so a peer of a suspended partner moves nothing.
 */
export function peerPartnerActor(partner: PartnerEntity, peerName: string): Actor {
  return Object.freeze({
    clientId: `sync:${peerName}`,
    partnerId: partner.id,
    partnerShortName: partner.shortName,
    partnerKind: partner.kind,
    trust: partner.trust,
    groups: Object.freeze([...partner.groups]),
    roles: Object.freeze(['SYNC'] as const),
    identityRef: partner.identityRef,
    active: partner.status === 'ACTIVE',
  });
}
