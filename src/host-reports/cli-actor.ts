import type { Actor } from '../auth/actor';
import { homeActor } from '../partners/home-actor';
import type { PartnersService } from '../partners/partners.service';
import { CLI_CLIENT_ID } from './host-report.options';

/** The operator at the CLI acts as HOME (an ADMIN without an API client), so RLS and the rules treat it as HOME. */
export async function cliHomeActor(partners: PartnersService): Promise<Actor> {
  const home = await partners.home();
  if (!home) throw new Error('no HOME partner: the CLI creates it on first run');
  return homeActor(home, CLI_CLIENT_ID);
}
