import { SyncRunner } from '../../sync/sync-runner.service';
import { SyncStatusService } from '../../sync/sync-status.service';
import { requirePositional, type CliCommand } from '../cli-command';

export const syncCommands: CliCommand[] = [
  {
    name: 'sync:run',
    usage: 'sync:run <peer>   (syncs one peer now, by name or id, and reports the run; exit 4 when it failed)',
    async run(app, args) {
      const run = await app.get(SyncRunner).run(requirePositional(args, 0, 'the peer name'), 'CLI');
      return { ...run };
    },
    describe: (r) =>
      r.status === 'OK'
        ? `sync ${r.id} OK: pulled ${r.pulled} (duplicates ${r.duplicates}, echoes ${r.echoes}, quarantined ${r.quarantined}), pushed ${r.pushed} (refused ${r.pushFailures})`
        : `sync ${r.id} FAILED: ${r.error}`,
    exitCode: (r) => (r.status === 'OK' ? 0 : 4),
  },
  {
    name: 'sync:status',
    usage: 'sync:status [<peer>]   (last success, lag, objects in and out, failures and quarantine of each peer)',
    async run(app, args) {
      const runner = app.get(SyncRunner);
      const statuses = await app.get(SyncStatusService).statuses(await runner.homeActor(), args.positionals[0] ?? null, 1);
      return {
        peers: statuses.map((s) => ({
          name: s.peer.name, direction: s.peer.direction, enabled: s.peer.enabled, schedule: s.peer.schedule, lastSuccessAt: s.lastSuccessAt, lagSeconds: s.lagSeconds,
          lastStatus: s.lastStatus, lastError: s.lastError, objectsIn: s.objectsIn, objectsOut: s.objectsOut, failedRuns: s.failedRuns, quarantineSize: s.quarantineSize,
        })),
      };
    },
  },
];
