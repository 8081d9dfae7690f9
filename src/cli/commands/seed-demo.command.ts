import type { PartnerKind, Role, TrustLevel } from '../../auth/actor';
import { ClientsService } from '../../partners/clients.service';
import { PartnersService } from '../../partners/partners.service';
import type { CliCommand } from '../cli-command';

interface DemoPartner {
  name: string;
  shortName: string;
  kind: PartnerKind;
  trust: TrustLevel;
  groups: string[];
  country: string;
  roles: Role[];
}

/** The partners HKCERT works with every day (see shared/context), for demos, drills and the e2e tests. */
export const DEMO_PARTNERS: readonly DemoPartner[] = [
  { name: 'Hong Kong Computer Emergency Response Team Coordination Centre', shortName: 'HKCERT', kind: 'HOME', trust: 'CLOSE', groups: ['APCERT', 'HK-CII'], country: 'HK', roles: ['ANALYST'] },
  { name: 'National Computer Network Emergency Response Technical Team/Coordination Center of China', shortName: 'CNCERT/CC', kind: 'CERT', trust: 'CLOSE', groups: ['APCERT'], country: 'CN', roles: ['ANALYST', 'SYNC'] },
  { name: 'Japan Computer Emergency Response Team Coordination Center', shortName: 'JPCERT/CC', kind: 'CERT', trust: 'TRUSTED', groups: ['APCERT'], country: 'JP', roles: ['ANALYST', 'SYNC'] },
  { name: 'Korea Internet Security Center', shortName: 'KrCERT/CC', kind: 'CERT', trust: 'COMMUNITY', groups: ['APCERT'], country: 'KR', roles: ['ANALYST'] },
  { name: 'Hong Kong Police Force Cyber Security and Technology Crime Bureau', shortName: 'HKPF-CSTCB', kind: 'LAW_ENFORCEMENT', trust: 'TRUSTED', groups: ['HK-LE'], country: 'HK', roles: ['LIAISON'] },
  { name: 'Office of the Government Chief Information Officer', shortName: 'OGCIO', kind: 'GOVERNMENT', trust: 'TRUSTED', groups: ['HK-CII'], country: 'HK', roles: ['ANALYST'] },
  { name: 'Harbour Broadband', shortName: 'HARBOURNET', kind: 'ISP', trust: 'COMMUNITY', groups: ['HK-ISP'], country: 'HK', roles: ['READER'] },
  { name: 'Kowloon Telecom', shortName: 'KLNTEL', kind: 'ISP', trust: 'PUBLIC', groups: ['HK-ISP'], country: 'HK', roles: ['READER'] },
  { name: 'Hong Kong Internet Registration Corporation', shortName: 'HKIRC', kind: 'REGISTRY', trust: 'COMMUNITY', groups: ['HK-CII'], country: 'HK', roles: ['READER'] },
];

export const seedDemoCommand: CliCommand = {
  name: 'seed:demo',
  usage: 'seed:demo   (HKCERT as HOME and its usual partners, each with a client; safe to run twice)',
  async run(app) {
    const partners = app.get(PartnersService);
    const clients = app.get(ClientsService);
    const created: Record<string, { client_id: string; client_secret: string | null }> = {};
    for (const demo of DEMO_PARTNERS) {
      const existing = demo.kind === 'HOME' ? await partners.home() : await partners.findByShortName(demo.shortName);
      if (existing && !(demo.kind === 'HOME' && existing.shortName !== demo.shortName)) continue;
      if (existing) {
        // The HOME bootstrapped with default names becomes HKCERT.
        await partners.update(existing.shortName, { name: demo.name, shortName: demo.shortName, groups: demo.groups, country: demo.country }, null);
      } else {
        await partners.create({ name: demo.name, shortName: demo.shortName, kind: demo.kind, trust: demo.trust, groups: demo.groups, country: demo.country }, null);
      }
      const { client, clientSecret } = await clients.create({ partnerShortName: demo.shortName, roles: demo.roles, label: 'demo' }, null);
      created[demo.shortName] = { client_id: client.clientId, client_secret: clientSecret ?? null };
    }
    return { created };
  },
  describe: (r) => {
    const rows = Object.entries(r.created as Record<string, { client_id: string; client_secret: string }>);
    if (rows.length === 0) return 'demo partners already present; nothing created';
    return ['PARTNER\tCLIENT_ID\tCLIENT_SECRET', ...rows.map(([p, c]) => `${p}\t${c.client_id}\t${c.client_secret}`)].join('\n');
  },
};
