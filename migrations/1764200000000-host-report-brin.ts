import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * BRIN instead of btree for host_reports (created_at) and (day). Both only serve range filters (a day's
 * digest, statistics over a span of days) and both follow the order rows are written in (created_at
 * exactly; a report's day nearly, feeds report the last few days), so a block-range summary serves them;
 * and a BRIN entry costs an import next to nothing per row, where each btree was a descent and an index
 * tuple (with its WAL) for every stored report. autosummarize keeps new block ranges summarised.
 */
export class HostReportBrin1764200000000 implements MigrationInterface {
  name = 'HostReportBrin1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX host_reports_created`);
    await q.query(`DROP INDEX host_reports_day`);
    await q.query(`CREATE INDEX host_reports_created ON host_reports USING brin (created_at) WITH (autosummarize = on)`);
    await q.query(`CREATE INDEX host_reports_day ON host_reports USING brin (day) WITH (autosummarize = on)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX host_reports_created`);
    await q.query(`DROP INDEX host_reports_day`);
    await q.query(`CREATE INDEX host_reports_created ON host_reports (created_at)`);
    await q.query(`CREATE INDEX host_reports_day ON host_reports (day)`);
  }
}
