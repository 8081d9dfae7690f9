import type { INestApplicationContext } from '@nestjs/common';
import type { PartnerKind, Role, TrustLevel } from '../../src/auth/actor';
import { ClientsService } from '../../src/partners/clients.service';
import { HomeBootstrapService } from '../../src/partners/home-bootstrap.service';
import { PartnersService } from '../../src/partners/partners.service';

export interface TestClient {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly partnerId: string;
  readonly partnerShortName: string;
  readonly identityRef: string;
}

let counter = 0;

/** A partner with one client, built through the real services (and so audited like any other). */
export async function aPartner(
  app: INestApplicationContext,
  overrides: { kind?: PartnerKind; trust?: TrustLevel; groups?: string[]; roles?: Role[]; shortName?: string } = {},
): Promise<TestClient> {
  const shortName = overrides.shortName ?? `P${++counter}-${Math.random().toString(36).slice(2, 7)}`;
  const partner =
    overrides.kind === 'HOME'
      ? await homePartner(app)
      : await app.get(PartnersService).create({ name: `Partner ${shortName}`, shortName, kind: overrides.kind ?? 'CERT', trust: overrides.trust ?? 'TRUSTED', groups: overrides.groups ?? [] }, null);
  const { client, clientSecret } = await app.get(ClientsService).create({ partnerShortName: partner.shortName, roles: overrides.roles ?? ['ANALYST'] }, null);
  return { clientId: client.clientId, clientSecret: clientSecret!, partnerId: partner.id, partnerShortName: partner.shortName, identityRef: partner.identityRef };
}

async function homePartner(app: INestApplicationContext) {
  await app.get(HomeBootstrapService).ensureHome();
  return (await app.get(PartnersService).home())!;
}

/** A real token from the real endpoint. */
export async function tokenFor(baseUrl: string, client: { clientId: string; clientSecret: string }): Promise<string> {
  const response = await fetch(`${baseUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret }),
  });
  const body = (await response.json()) as { access_token?: string };
  if (response.status !== 200 || !body.access_token) throw new Error(`token request failed: ${response.status} ${JSON.stringify(body)}`);
  return body.access_token;
}
