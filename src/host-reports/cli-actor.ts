import type { Actor } from '../auth/actor';
import type { PartnersService } from '../partners/partners.service';
import { CLI_CLIENT_ID } from './host-report.options';

/** The operator at the CLI acts as HOME (an ADMIN without an API client), so RLS and the rules treat it as HOME. */
export async function cliHomeActor(partners: PartnersService): Promise<Actor> {
  const home = await partners.home();
  if (!home) throw new Error('no HOME partner: the CLI creates it on first run');
  return Object.freeze({
    clientId: CLI_CLIENT_ID,
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
