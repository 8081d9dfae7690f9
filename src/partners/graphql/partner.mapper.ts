import type { ApiClientEntity } from '../api-client.entity';
import type { PartnerEntity } from '../partner.entity';
import type { ApiClient, Partner, PartnerDirectoryEntry } from './partner.types';

/** The one place table rows become API types: a new column stays private until it is mapped here. */
export const PartnerMapper = {
  toPartner(p: PartnerEntity): Partner {
    return {
      id: p.id,
      name: p.name,
      shortName: p.shortName,
      kind: p.kind,
      country: p.country,
      trust: p.trust,
      groups: p.groups,
      status: p.status,
      identityRef: p.identityRef,
      createdAt: p.createdAt,
      updatedAt: p.updatedAt,
    };
  },

  toDirectoryEntry(p: PartnerEntity): PartnerDirectoryEntry {
    return { name: p.name, shortName: p.shortName, kind: p.kind, country: p.country, identityRef: p.identityRef };
  },

  toClient(c: ApiClientEntity): ApiClient {
    const graceOpen = c.previousSecretExpiresAt && c.previousSecretExpiresAt.getTime() > Date.now();
    return {
      clientId: c.clientId,
      label: c.label,
      roles: c.roles,
      status: c.status,
      keyIds: (c.jwks?.keys ?? []).map((k) => String(k.kid)),
      hasSecret: c.secretHash !== null,
      previousSecretValidUntil: graceOpen ? c.previousSecretExpiresAt : null,
      createdAt: c.createdAt,
    };
  },
};
