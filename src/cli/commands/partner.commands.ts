import type { PartnerKind, TrustLevel } from '../../auth/actor';
import { PartnersService } from '../../partners/partners.service';
import { PartnerMapper } from '../../partners/graphql/partner.mapper';
import { requireOption, requirePositional, type CliCommand } from '../cli-command';

const partnerLine = (p: Record<string, unknown>) => `${p.shortName}\t${p.kind}\t${p.trust}\t${p.status}\t${(p.groups as string[]).join(',')}\t${p.name}`;

export const partnerCommands: CliCommand[] = [
  {
    name: 'partner:create',
    usage: 'partner:create --name NAME --short SHORT --kind KIND --trust LEVEL [--group G]... [--country CC]',
    options: { name: { type: 'string' }, short: { type: 'string' }, kind: { type: 'string' }, trust: { type: 'string' }, group: { type: 'string', multiple: true }, country: { type: 'string' } },
    async run(app, args) {
      const partner = await app.get(PartnersService).create(
        {
          name: requireOption(args, 'name'),
          shortName: requireOption(args, 'short'),
          kind: requireOption(args, 'kind') as PartnerKind,
          trust: requireOption(args, 'trust') as TrustLevel,
          groups: (args.options.group as string[] | undefined) ?? [],
          country: (args.options.country as string | undefined) ?? null,
        },
        null,
      );
      return { partner: PartnerMapper.toPartner(partner) };
    },
    describe: (r) => `created ${partnerLine(r.partner as Record<string, unknown>)}`,
  },
  {
    name: 'partner:set-trust',
    usage: 'partner:set-trust SHORT LEVEL',
    async run(app, args) {
      const partner = await app.get(PartnersService).setTrust(requirePositional(args, 0, 'SHORT'), requirePositional(args, 1, 'LEVEL') as TrustLevel, null);
      return { partner: PartnerMapper.toPartner(partner) };
    },
    describe: (r) => `updated ${partnerLine(r.partner as Record<string, unknown>)}`,
  },
  {
    name: 'partner:suspend',
    usage: 'partner:suspend SHORT',
    async run(app, args) {
      return { partner: PartnerMapper.toPartner(await app.get(PartnersService).suspend(requirePositional(args, 0, 'SHORT'), null)) };
    },
    describe: (r) => `suspended ${partnerLine(r.partner as Record<string, unknown>)}`,
  },
  {
    name: 'partner:reactivate',
    usage: 'partner:reactivate SHORT',
    async run(app, args) {
      return { partner: PartnerMapper.toPartner(await app.get(PartnersService).reactivate(requirePositional(args, 0, 'SHORT'), null)) };
    },
    describe: (r) => `reactivated ${partnerLine(r.partner as Record<string, unknown>)}`,
  },
  {
    name: 'partner:list',
    usage: 'partner:list',
    async run(app) {
      return { partners: (await app.get(PartnersService).list()).map(PartnerMapper.toPartner) };
    },
    describe: (r) => ['SHORT\tKIND\tTRUST\tSTATUS\tGROUPS\tNAME', ...(r.partners as Record<string, unknown>[]).map(partnerLine)].join('\n'),
  },
];
