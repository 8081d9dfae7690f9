import { CsvParser } from './parsing/csv-parser';
import { csvField, renderDigest } from './digest-format';
import type { ReportRowStored } from './host-report.rows';

const report = (over: Partial<ReportRowStored> = {}): ReportRowStored => ({
  id: '7',
  ip: '192.0.2.1',
  threat: 'mirai',
  day: '2026-11-25',
  firstSeen: new Date('2026-11-25T01:00:00Z'),
  lastSeen: new Date('2026-11-25T02:00:00Z'),
  count: 2,
  sources: ['shadow', 'honeypot'],
  port: 23,
  asn: 4760,
  hostname: 'cam.example, "lobby"',
  url: '=HYPERLINK("http://evil")',
  ownerPartnerId: 'x',
  ownerShortName: 'ISP-A',
  routedBy: 'PREFIX',
  status: 'NEW',
  statusChangedAt: null,
  remediatedAt: null,
  createdAt: new Date('2026-11-25T03:00:00Z'),
  ...over,
});

async function collect(gen: AsyncGenerator<string>): Promise<string> {
  let s = '';
  for await (const part of gen) s += part;
  return s;
}

async function* batches(...b: ReportRowStored[][]) {
  yield* b;
}

describe('digest rendering', () => {
  it('writes CSV that our own parser reads back, formulas defused', async () => {
    const text = await collect(renderDigest(batches([report()], [report({ id: '8', hostname: null, url: null })]), 'csv', '2026-11-25'));
    const parser = new CsvParser();
    const rows = [...parser.push(text), ...parser.end()].map((i) => (i.kind === 'record' ? i.fields : i.message));
    expect(rows[0]).toEqual(['id', 'ip', 'threat', 'day', 'first_seen', 'last_seen', 'count', 'sources', 'port', 'asn', 'hostname', 'url', 'owner', 'routed_by', 'status']);
    expect(rows[1]).toEqual(['7', '192.0.2.1', 'mirai', '2026-11-25', '2026-11-25T01:00:00.000Z', '2026-11-25T02:00:00.000Z', '2', 'shadow honeypot', '23', '4760', 'cam.example, "lobby"', `'=HYPERLINK("http://evil")`, 'ISP-A', 'PREFIX', 'NEW']);
    expect(rows[2]).toHaveLength(15);
    expect(rows).toHaveLength(3);
  });

  it('writes one JSON object across batches, and an empty digest as an empty list', async () => {
    const json = JSON.parse(await collect(renderDigest(batches([report()], [report({ id: '8' })]), 'json', '2026-11-25')));
    expect(json.date).toBe('2026-11-25');
    expect(json.reports.map((r: { id: string }) => r.id)).toEqual(['7', '8']);
    expect(json.reports[0]).toMatchObject({ ip: '192.0.2.1', sources: ['shadow', 'honeypot'], owner: 'ISP-A', url: '=HYPERLINK("http://evil")' });
    expect(JSON.parse(await collect(renderDigest(batches(), 'json', '2026-11-24')))).toEqual({ date: '2026-11-24', reports: [] });
  });

  it('quotes only what needs quoting', () => {
    expect([csvField(null), csvField(5), csvField('-1'), csvField('a"b'), csvField('plain')]).toEqual(['', '5', "'-1", '"a""b"', 'plain']);
  });
});
