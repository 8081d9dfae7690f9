import { randomUUID } from 'node:crypto';
import { anIndicator } from '../../stix/testing/factories';
import { FeedReader } from './feed-reader';
import { checkFeedConfig } from './feed-config';
import { RowNormaliser } from './row-normaliser';
import { address, bundle, observedData, sighting } from '../testing/stix-bundles';

const NOW = Date.parse('2026-11-25T12:00:00Z');
function read(text: string, mapping: Record<string, unknown> = {}, threatMap: Record<string, string> = {}) {
  const reader = new FeedReader('STIX', { ...mapping }, new RowNormaliser({ ...mapping }, threatMap, NOW));
  // Chunks of any size: the bundle is parsed at the end.
  const items = [];
  for (let i = 0; i < text.length; i += 100) items.push(...reader.push(text.slice(i, i + 100)));
  return [...items, ...reader.end()];
}

describe('STIX feeds', () => {
  it('turns sightings and unsighted observed data into one row per address', () => {
    const a = address('192.0.2.10'), b = address('2001:DB8::1'), c = address('198.51.100.7');
    const indicator = anIndicator({ name: 'Mirai Botnet' });
    const seen = observedData([a.id as string, b.id as string]);
    const alone = observedData([c.id as string], { labels: ['Conficker.B'], first_observed: '2026-11-23T01:02:03Z' });
    const items = read(bundle([a, b, c, indicator, seen, sighting(indicator.id as string, [seen.id as string], { last_seen: '2026-11-24T11:00:00Z' }), alone]), {}, { 'conficker.b': 'conficker' });
    expect(items.map((i) => i.result)).toEqual([
      { ok: true, row: expect.objectContaining({ ip: '192.0.2.10', seenAt: Date.parse('2026-11-24T11:00:00Z'), threat: 'mirai-botnet' }) },
      { ok: true, row: expect.objectContaining({ ip: '2001:db8::1', seenAt: Date.parse('2026-11-24T11:00:00Z'), threat: 'mirai-botnet' }) },
      { ok: true, row: { ip: '198.51.100.7', seenAt: Date.parse('2026-11-23T01:02:03Z'), threat: 'conficker', port: null, asn: null, hostname: null, url: null } },
    ]);
    expect(items.map((i) => i.line)).toEqual([6, 6, 7]); // the object's position in the bundle
  });

  it('reads the deprecated inline objects of observed data, and uses the default threat', () => {
    const inline = observedData([], { object_refs: undefined, objects: { '0': address('203.0.113.5') } });
    delete inline.object_refs;
    expect(read(bundle([inline]), { defaultThreat: 'honeypot' }).map((i) => i.result)).toEqual([{ ok: true, row: expect.objectContaining({ ip: '203.0.113.5', threat: 'honeypot' }) }]);
  });

  it('rejects objects the STIX validator refuses and rows without an address or threat, keeping the rest', () => {
    const a = address('192.0.2.10');
    const noThreat = observedData([a.id as string]);
    const broken = observedData([a.id as string], { first_observed: 'yesterday' });
    const dangling = sighting(anIndicator().id as string, [`observed-data--${randomUUID()}`]);
    const empty = observedData([`file--${randomUUID()}`]);
    const items = read(bundle([a, noThreat, broken, dangling, empty]));
    expect(items.map((i) => [i.line, i.result.ok ? 'ok' : i.result.message])).toEqual([
      [2, 'threat: missing'],
      [3, expect.stringContaining('first_observed')],
      [4, expect.stringMatching(/^observed_data_refs: observed-data--.* is not an observed-data object of this bundle$/)],
      [5, 'carries no ipv4-addr or ipv6-addr'],
    ]);
    expect(items[1]!.raw).toBe(`observed-data ${broken.id as string}`);
  });

  it('fails a file that is not a bundle as a whole', () => {
    expect(() => read('{"type": "bundle"')).toThrow(/^not a STIX bundle: not JSON/);
    expect(() => read(JSON.stringify({ type: 'report', id: 'x', objects: [] }))).toThrow('not a STIX bundle: $.type: must be "bundle"; $.id: must be an identifier of the form bundle--UUID; $.objects: must not be empty');
  });

  it('takes only threat settings in its mapping', () => {
    expect(checkFeedConfig('STIX', { defaultThreat: 'x', unknownThreats: 'reject' }, {})).toEqual([]);
    expect(checkFeedConfig('STIX', { columns: { ip: 'ip' }, delimiter: ';' }, {})).toEqual([
      { path: 'mapping.columns', message: 'STIX feeds have no columns (use defaultThreat and the threat map)' },
      { path: 'mapping.delimiter', message: 'applies to CSV feeds only' },
    ]);
  });
});
