import { checkFeedConfig } from './feed-config';
import { FeedReader, type RowItem } from './feed-reader';
import { RowNormaliser } from './row-normaliser';

const NOW = Date.parse('2026-11-25T12:00:00Z');

function read(format: 'CSV' | 'JSONL', mapping: ConstructorParameters<typeof FeedReader>[1], text: string | Buffer, chunk = 7): RowItem[] {
  const reader = new FeedReader(format, mapping, new RowNormaliser(mapping, {}, NOW));
  const decoder = new TextDecoder('utf-8');
  const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text);
  const out: RowItem[] = [];
  for (let i = 0; i < bytes.length; i += chunk) out.push(...reader.push(decoder.decode(bytes.subarray(i, i + chunk), { stream: true })));
  out.push(...reader.push(decoder.decode()), ...reader.end());
  return out;
}

const summary = (items: RowItem[]) => items.map((i) => (i.result.ok ? `${i.line}: ${i.result.row.ip} ${i.result.row.threat}` : `${i.line}: ${i.result.message}`));

describe('FeedReader', () => {
  const csv = { columns: { ip: 'src_ip', timestamp: 'time', threat: 'infection' } };

  it('reads CSV by header names in any order, with extra columns, and refuses rows of the wrong width', () => {
    const text = 'time,Infection,extra,src_ip\n2026-11-25T00:00:00Z,mirai,x,192.0.2.1\n2026-11-25T00:00:00Z,mirai,192.0.2.2\n"2026-11-25T00:00:00Z",gozi,"a,b",2001:db8::5\n';
    expect(summary(read('CSV', csv, text))).toEqual(['2: 192.0.2.1 mirai', '3: expected 4 columns, found 3', '4: 2001:db8::5 gozi']);
  });

  it('reads CSV without a header by column index', () => {
    expect(summary(read('CSV', { header: false, columns: { ip: 0, timestamp: 1, threat: 2 } }, '192.0.2.9,1764000000,zeus\n192.0.2.9\n'))).toEqual(['1: 192.0.2.9 zeus', '2: expected at least 3 columns, found 1']);
  });

  it('refuses a row that is not UTF-8 and keeps reading', () => {
    const bad = Buffer.concat([Buffer.from('src_ip,time,infection\n192.0.2.1,2026-11-25T00:00:00Z,m\xff\n'.replace('\xff', '')), Buffer.from([0x31, 0x39, 0x32, 0x2e, 0x30, 0x2e, 0x32, 0x2e, 0x33, 0x2c, 0x32, 0x30, 0x32, 0x36, 0x2d, 0x31, 0x31, 0x2d, 0x32, 0x35, 0x54, 0x30, 0x30, 0x3a, 0x30, 0x30, 0x5a, 0x2c, 0xc3, 0x28, 0x0a])]);
    expect(summary(read('CSV', csv, bad))).toEqual(['2: 192.0.2.1 m', '3: not valid UTF-8 (bad encoding)']);
  });

  it('fails the whole file when the header lacks a mapped column', () => {
    expect(() => read('CSV', csv, 'time,infection\n')).toThrow('the header line has no column for ip → "src_ip" (columns: time, infection)');
  });

  it('reads JSON lines by key and refuses lines that are not JSON objects', () => {
    const text = '{"addr":"198.51.100.1","ts":"2026-11-25T01:00:00Z","family":"Emotet"}\n\n[1]\n{oops\n';
    expect(summary(read('JSONL', { columns: { ip: 'addr', timestamp: 'ts', threat: 'family' } }, text))).toEqual([
      '1: 198.51.100.1 emotet',
      '3: not a JSON object',
      expect.stringMatching(/^4: not JSON: /),
    ]);
  });

  it('checks feed definitions and names every problem', () => {
    expect(checkFeedConfig('CSV', csv, {})).toEqual([]);
    expect(checkFeedConfig('CSV', { header: false, columns: { ip: 'a', timestamp: 1, threat: 2 } }, {})).toEqual([{ path: 'mapping.columns.ip', message: 'must be a 0-based column index (the feed has no header)' }]);
    expect(checkFeedConfig('XML', { columns: { ip: 'a', colour: 'b' }, header: false, delimiter: '""' }, { x: 'bad name!' })).toEqual([
      { path: 'format', message: 'must be one of CSV, JSONL, STIX' },
      { path: 'mapping.delimiter', message: 'must be one character other than a quote or a line break' },
      { path: 'mapping.columns.colour', message: 'unknown field (one of timestamp, ip, port, asn, hostname, threat, url)' },
      { path: 'mapping.columns.timestamp', message: 'is required' },
      { path: 'mapping.columns.threat', message: 'is required unless mapping.defaultThreat is set' },
      { path: 'threatMap.x', message: 'must map to a threat name (letters, digits, . _ : / + -)' },
    ]);
  });
});
