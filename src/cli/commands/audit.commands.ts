import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { AuditService } from '../../audit/audit.service';
import { toVerification } from '../../audit/graphql/audit.resolver';
import { CliUsageError, type CliCommand } from '../cli-command';

function date(value: unknown, name: string): Date | undefined {
  if (value === undefined) return undefined;
  const d = new Date(String(value));
  if (Number.isNaN(d.getTime())) throw new CliUsageError(`--${name} must be a date such as 2026-01-31T00:00:00Z`);
  return d;
}

export const auditCommands: CliCommand[] = [
  {
    name: 'audit:verify',
    usage: 'audit:verify   (walks the hash chain and its anchors; exit 3 when a link is broken)',
    async run(app) {
      const config = app.get<AppConfig>(APP_CONFIG);
      const audit = app.get(AuditService);
      const result = await audit.verify({ anchorFile: config.auditAnchorFile });
      await audit.recordStandalone({ action: 'audit.verify', outcome: 'ok', actor: null, targetIds: [], details: { intact: result.ok } });
      return { ...toVerification(result) };
    },
    describe: (r) =>
      r.ok
        ? `audit chain intact: ${r.count} events, head sequence ${r.headSequence}, head hash ${r.headHash}`
        : `AUDIT CHAIN BROKEN at sequence ${r.brokenAt}: ${r.reason} (expected ${r.expected}, found ${r.actual})`,
    exitCode: (r) => (r.ok ? 0 : 3),
  },
  {
    name: 'audit:anchor',
    usage: 'audit:anchor   (anchors the chain head now, as the daily job does)',
    async run(app) {
      const anchor = await app.get(AuditService).anchor();
      return anchor ? { anchored: true, ...anchor } : { anchored: false };
    },
  },
  {
    name: 'audit:export',
    usage: 'audit:export [--from ISO] [--to ISO] [--action A] [--partner ID]   (JSON lines on stdout, for a SIEM)',
    options: { from: { type: 'string' }, to: { type: 'string' }, action: { type: 'string' }, partner: { type: 'string' } },
    streams: true,
    async run(app, args) {
      const count = await app.get(AuditService).exportJsonLines(
        { from: date(args.options.from, 'from'), to: date(args.options.to, 'to'), action: args.options.action as string | undefined, partnerId: args.options.partner as string | undefined },
        process.stdout,
      );
      return { exported: count };
    },
  },
];
