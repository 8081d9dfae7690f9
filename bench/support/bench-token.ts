import type { PartnerKind, Role, TrustLevel } from '../../src/auth/actor';
import { ClientsService } from '../../src/partners/clients.service';
import { HomeBootstrapService } from '../../src/partners/home-bootstrap.service';
import { PartnersService } from '../../src/partners/partners.service';
import type { BenchExchange } from './bench-exchange';

/** A client of HOME (created on first use) or of a new partner, and its access token. */
export async function benchToken(x: BenchExchange, kind: PartnerKind, trust: TrustLevel, roles: Role[]): Promise<{ token: string; partnerId: string }> {
  const partners = x.app.get(PartnersService);
  const partner =
    kind === 'HOME'
      ? (await x.app.get(HomeBootstrapService).ensureHome(), (await partners.home())!)
      : await partners.create({ name: 'Bench peer', shortName: `BPEER${process.pid}`, kind, trust, groups: [] }, null);
  const { client, clientSecret } = await x.app.get(ClientsService).create({ partnerShortName: partner.shortName, roles }, null);
  const response = await fetch(`${x.baseUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: clientSecret! }),
  });
  return { token: ((await response.json()) as { access_token: string }).access_token, partnerId: partner.id };
}
