import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor';
import { StixStoreService } from '../stix/store/stix-store.service';
import { IncidentSharing, type ResolvedSharing } from './incident-sharing';
import { incidentExtensionDefinition } from './incident-stix';

/**
 * Puts an incident's or note's STIX form into the object store, so it travels over TAXII and sync like
 * anything else, with the same marking and audience as the row. HOME also (re)submits our
 * extension-definition, a duplicate after the first time; a peer's objects point at HOME's copy.
 *
 * The store joins the caller's transaction (`m`): the row and its mirror commit together or not at all.
 */
@Injectable()
export class IncidentMirror {
  constructor(
    private readonly store: StixStoreService,
    private readonly sharing: IncidentSharing,
  ) {}

  async publish(m: EntityManager, actor: Actor, object: Record<string, unknown>, sharing: ResolvedSharing): Promise<void> {
    const objects = actor.partnerKind === 'HOME' ? [incidentExtensionDefinition(actor.identityRef), object] : [object];
    const bundle = { type: 'bundle', id: `bundle--${crypto.randomUUID()}`, objects };
    await this.store.submitBundle(actor, { bundle, defaultMarking: sharing.tlp, audience: await this.sharing.audienceNames(sharing, m) }, 'graphql', null, undefined, m);
  }
}
