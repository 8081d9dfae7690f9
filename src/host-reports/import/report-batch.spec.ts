import type { ReportRow } from '../parsing/row-normaliser';
import { RoutingTable } from '../routing/routing-table';
import { foldBatch, prepareBatch, routeBatch } from './report-batch';

const row = (ip: string, threat: string, at: string, extra: Partial<ReportRow> = {}): ReportRow => ({ ip, threat, seenAt: Date.parse(at), port: null, asn: null, hostname: null, url: null, ...extra });

describe('folding a batch by address, threat and UTC day', () => {
  it('merges rows of one address, threat and day, keeping the first value each optional field was given', () => {
    const batch = foldBatch([
      row('192.0.2.1', 'mirai', '2026-11-25T10:00:00Z'),
      row('192.0.2.1', 'mirai', '2026-11-25T08:00:00Z', { port: 23, hostname: 'a.example' }),
      row('192.0.2.1', 'mirai', '2026-11-25T23:59:59.999Z', { port: 2323, asn: 64500 }),
      row('192.0.2.1', 'mirai', '2026-11-26T00:00:00Z'),
      row('192.0.2.1', 'gozi', '2026-11-25T10:00:00Z'),
      row('2001:db8::1', 'mirai', '2026-11-25T10:00:00Z', { url: 'http://x.example/' }),
    ]);
    const day = (d: string) => Date.parse(`${d}T00:00:00Z`) / 86_400_000;
    expect(batch).toEqual({
      ip: ['192.0.2.1', '192.0.2.1', '192.0.2.1', '2001:db8::1'],
      threat: ['mirai', 'mirai', 'gozi', 'mirai'],
      day: [day('2026-11-25'), day('2026-11-26'), day('2026-11-25'), day('2026-11-25')],
      firstSeen: [Date.parse('2026-11-25T08:00:00Z'), Date.parse('2026-11-26T00:00:00Z'), Date.parse('2026-11-25T10:00:00Z'), Date.parse('2026-11-25T10:00:00Z')],
      lastSeen: [Date.parse('2026-11-25T23:59:59.999Z'), Date.parse('2026-11-26T00:00:00Z'), Date.parse('2026-11-25T10:00:00Z'), Date.parse('2026-11-25T10:00:00Z')],
      count: [3, 1, 1, 1],
      port: [23, null, null, null],
      asn: [64500, null, null, null],
      hostname: ['a.example', null, null, null],
      url: [null, null, null, 'http://x.example/'],
    });
  });

  it('lays a batch out in index order (address, threat, day) as array literals, and routes it', () => {
    const batch = prepareBatch([
      row('2001:db8::1', 'mirai', '2026-11-25T10:00:00Z'),
      row('10.0.0.2', 'mirai', '2026-11-25T10:00:00Z', { asn: 64500 }),
      row('9.255.255.255', 'zeus', '2026-11-25T10:00:00Z', { port: 80 }),
      row('10.0.0.2', 'gozi', '2026-11-26T10:00:00Z'),
      row('10.0.0.2', 'gozi', '2026-11-25T10:00:00Z'),
      row('10.0.0.2', 'mirai', '2026-11-25T11:00:00Z', { asn: 64500 }),
    ]);
    expect(batch.ip).toEqual(['9.255.255.255', '10.0.0.2', '10.0.0.2', '10.0.0.2', '2001:db8::1']);
    expect(batch.columns[0]).toBe('{"9.255.255.255","10.0.0.2","10.0.0.2","10.0.0.2","2001:db8::1"}');
    expect(batch.columns[1]).toBe('{"zeus","gozi","gozi","mirai","mirai"}');
    expect(batch.columns[5]).toBe('{1,1,1,2,1}');
    expect(batch.columns[6]).toBe('{80,NULL,NULL,NULL,NULL}');
    expect(batch.columns[8]).toBe('{}'); // no host names at all

    const table = new RoutingTable([
      { id: '1', partnerId: 'p1', prefix: '10.0.0.0/8', asn: null },
      { id: '2', partnerId: 'p2', prefix: null, asn: 64500 },
    ]);
    const routed = routeBatch(batch, table);
    expect(routed.columns).toEqual(['{NULL,"p1","p1","p1",NULL}', '{NULL,"1","1","1",NULL}', '{NULL,"PREFIX","PREFIX","PREFIX",NULL}']);
    expect(routed.unrouted).toBe(2); // rows, not reports
  });
});
