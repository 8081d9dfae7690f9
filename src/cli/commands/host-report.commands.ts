import { createReadStream, readFileSync } from 'node:fs';
import type { INestApplicationContext } from '@nestjs/common';
import { cliHomeActor, fileSource, HostFeedPuller, HostNetworksService, HostReportFeedsService, HostReportImportService } from '../../host-reports';
import type { ImportRow } from '../../host-reports/host-report.rows';
import { LineSplitter } from '../../host-reports/parsing/line-splitter';
import { PartnersService } from '../../partners/partners.service';
import { CliUsageError, requireOption, requirePositional, type CliCommand } from '../cli-command';

const homeActor = (app: INestApplicationContext) => cliHomeActor(app.get(PartnersService));

function json(value: unknown, name: string): unknown {
  if (value === undefined) return undefined;
  try {
    return JSON.parse(String(value));
  } catch (error) {
    throw new CliUsageError(`--${name} is not JSON: ${(error as Error).message}`);
  }
}

/** A network list, streamed line by line (blank lines and # comments are skipped by the service). */
async function readLines(file: string): Promise<string[]> {
  const splitter = new LineSplitter();
  const lines: string[] = [];
  for await (const chunk of createReadStream(file, { encoding: 'utf8' })) lines.push(...splitter.push(chunk as string).map((l) => l.text));
  lines.push(...splitter.end().map((l) => l.text));
  return lines;
}

export const hostReportCommands: CliCommand[] = [
  {
    name: 'networks:import',
    usage: 'networks:import PARTNER FILE   (one prefix or AS number per line; all or nothing)',
    async run(app, args) {
      const partner = requirePositional(args, 0, 'PARTNER');
      const file = requirePositional(args, 1, 'FILE');
      const result = await app.get(HostNetworksService).add(await homeActor(app), partner, await readLines(file));
      return { partner, ...result };
    },
    describe: (r) => `${r.partner}: ${r.added} networks added, ${r.alreadyRegistered} already registered, ${r.rerouted} unrouted reports now routed`,
  },
  {
    name: 'networks:list',
    usage: 'networks:list [PARTNER]',
    async run(app, args) {
      const actor = await homeActor(app);
      const networks: Record<string, unknown>[] = [];
      let after: string | undefined;
      for (;;) {
        const page = await app.get(HostNetworksService).list(actor, args.positionals[0], 500, after);
        networks.push(...page.edges.map((e) => ({ id: e.node.id, partner: e.node.partnerShortName, network: e.node.prefix ?? `AS${e.node.asn}` })));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor ?? undefined;
      }
      return { networks };
    },
    describe: (r) => ['ID\tPARTNER\tNETWORK', ...(r.networks as Record<string, unknown>[]).map((n) => `${n.id}\t${n.partner}\t${n.network}`)].join('\n'),
  },
  {
    name: 'feeds:save',
    usage:
      'feeds:save --name NAME --format CSV|JSONL|STIX --mapping JSON|@FILE [--threat-map JSON|@FILE] [--partial] [--max-bytes N] [--url URL [--schedule CRON] [--auth-header NAME --auth-env VAR]] [--replace]',
    options: {
      name: { type: 'string' }, format: { type: 'string' }, mapping: { type: 'string' }, 'threat-map': { type: 'string' }, partial: { type: 'boolean' }, 'max-bytes': { type: 'string' }, replace: { type: 'boolean' },
      url: { type: 'string' }, schedule: { type: 'string' }, 'auth-header': { type: 'string' }, 'auth-env': { type: 'string' },
    },
    async run(app, args) {
      const arg = (name: string) => {
        const v = args.options[name] as string | undefined;
        return v?.startsWith('@') ? readFileSync(v.slice(1), 'utf8') : v;
      };
      const maxBytes = args.options['max-bytes'] === undefined ? undefined : Number(args.options['max-bytes']);
      const feed = await app.get(HostReportFeedsService).save(
        await homeActor(app),
        { name: requireOption(args, 'name'), format: requireOption(args, 'format').toUpperCase(), mapping: json(arg('mapping'), 'mapping'), threatMap: json(arg('threat-map'), 'threat-map'), partial: args.options.partial === true, maxBytes,
          url: arg('url'), schedule: arg('schedule'), authHeader: arg('auth-header'), authEnv: arg('auth-env') },
        args.options.replace === true,
      );
      return { feed: { id: feed.id, name: feed.name, format: feed.format, partial: feed.partial, maxBytes: feed.maxBytes, url: feed.url, schedule: feed.schedule } };
    },
    describe: (r) => `saved feed ${(r.feed as { name: string }).name}`,
  },
  {
    name: 'host-reports:import',
    usage: 'host-reports:import FEED FILE   (streams the file; prints rows read, accepted, duplicates, unrouted, rejected)',
    async run(app, args) {
      const feed = requirePositional(args, 0, 'FEED');
      const source = await fileSource(requirePositional(args, 1, 'FILE'));
      return importResult(await app.get(HostReportImportService).import(await homeActor(app), feed, source));
    },
    describe: describeImport,
  },
  {
    name: 'host-reports:pull',
    usage: "host-reports:pull FEED   (downloads the feed's url now and imports it, as its schedule would)",
    async run(app, args) {
      return importResult(await app.get(HostFeedPuller).pull(await homeActor(app), requirePositional(args, 0, 'FEED')));
    },
    describe: describeImport,
  },
];

function importResult(record: ImportRow): Record<string, unknown> {
  const { id, status, rowsRead, accepted, duplicates, unrouted, rejected, problems } = record;
  return { import: { id, feed: record.feedName, status, rowsRead, accepted, duplicates, unrouted, rejected, problems: problems.slice(0, 20) } };
}

function describeImport(r: Record<string, unknown>): string {
  const i = r.import as Record<string, unknown>;
  return `import ${i.id} of ${i.feed}: ${i.status}; ${i.rowsRead} rows read, ${i.accepted} accepted, ${i.duplicates} duplicates, ${i.unrouted} unrouted, ${i.rejected} rejected`;
}
