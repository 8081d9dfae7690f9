import { startTestApp, type TestApp } from '../support/test-app';
import { ADD_NETWORKS, aCaller, allReports, daysAgo, IMPORT, ok, SAVE_FEED, STATISTICS, type Caller } from './host-reports-fixtures';

const HEADER = 'time,src_ip,infection';

/** Each kind of bad input fails with a message that says what to fix, and leaves nothing half-imported. */
describe('host reports: bad input', () => {
  let t: TestApp;
  let home: Caller, isp: Caller;

  beforeAll(async () => {
    t = await startTestApp();
    home = await aCaller(t, { kind: 'HOME', roles: ['ADMIN'] });
    isp = await aCaller(t, { kind: 'ISP', roles: ['ANALYST'], shortName: 'ISP-X' });
    ok(await home.q(ADD_NETWORKS, { partner: 'ISP-X', networks: ['192.0.2.0/24'] }));
    const mapping = { columns: { timestamp: 'time', ip: 'src_ip', threat: 'infection' } };
    ok(await home.q(SAVE_FEED, { input: { name: 'strict', format: 'CSV', mapping } }));
    ok(await home.q(SAVE_FEED, { input: { name: 'tiny', format: 'CSV', mapping, maxBytes: 100 } }));
  });
  afterAll(() => t.close());

  const failure = async (c: Caller, query: string, variables: Record<string, unknown>) => {
    const response = await c.q(query, variables);
    expect(response.errors).toHaveLength(1);
    return response.errors![0]!;
  };

  it('refuses an all-or-nothing import with any bad row, lists every problem, and stores nothing', async () => {
    const good = `${daysAgo(1, 1)},192.0.2.1,mirai`;
    const rows = [
      HEADER,
      good,
      `${daysAgo(1, 2)},192.0.2.2`, // wrong column count
      `${daysAgo(1, 3)},192.0.2.300,mirai`, // invalid address
      `${new Date(Date.now() + 3_600_000).toISOString()},192.0.2.4,mirai`, // future
      `${daysAgo(1, 4)},192.0.2.5,mirai"x`, // stray quote
      `"${daysAgo(1, 5)},192.0.2.6,mirai`, // unbalanced quotes
    ];
    const bytes = Buffer.concat([Buffer.from(rows.join('\n') + '\n'), Buffer.from(`${daysAgo(1, 6)},192.0.2.7,m`), Buffer.from([0xff, 0x0a])]);
    const error = await failure(home, IMPORT, { feed: 'strict', content: bytes.toString('base64'), encoding: 'BASE64' });
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', rejected: 6 });
    expect(error.message).toMatch(/^import failed: 6 rows rejected and the feed is all-or-nothing, so nothing was imported: line 3: expected 3 columns, found 2; line 4: ip: "192.0.2.300" is not an IPv4 or IPv6 address; line 5: timestamp: .* is in the future; line 6: a quote inside an unquoted field/);
    expect((error.extensions!.problems as { path: string; message: string }[]).map((p) => p.path)).toEqual(['line 3', 'line 4', 'line 5', 'line 6', 'line 7', 'line 8']);
    expect((error.extensions!.problems as { message: string }[]).slice(-2).map((p) => p.message)).toEqual(['unbalanced quotes: a quoted field never closes', 'not valid UTF-8 (bad encoding)']);
    expect(await allReports(home)).toEqual([]);
    // The import record remains, with every rejected row and its reason.
    const record = ok(
      await home.q<{ hostReportImport: Record<string, unknown> }>(`query($id: ID!) { hostReportImport(id: $id) { status rowsRead accepted rejected rejectedRows { line reason raw } } }`, { id: error.extensions!.importId }),
    ).hostReportImport;
    expect(record).toMatchObject({ status: 'FAILED', rowsRead: 7, accepted: 0, rejected: 6 });
    expect((record.rejectedRows as { line: number; raw: string }[]).map((r) => r.line)).toEqual([3, 4, 5, 6, 7, 8]);
    expect((record.rejectedRows as { raw: string }[])[1]!.raw).toBe(`${daysAgo(1, 3)},192.0.2.300,mirai`);
  });

  it('imports the same file once the bad rows are gone', async () => {
    const done = ok(await home.q<{ importHostReports: Record<string, unknown> }>(IMPORT, { feed: 'strict', content: `${HEADER}\n${daysAgo(1, 1)},192.0.2.1,mirai\n` })).importHostReports;
    expect(done).toMatchObject({ status: 'SUCCEEDED', rowsRead: 1, accepted: 1, rejected: 0 });
    expect((await allReports(isp)).map((r) => r.ip)).toEqual(['192.0.2.1']);
  });

  it('refuses an unknown feed', async () => {
    expect(await failure(home, IMPORT, { feed: 'nope', content: 'x' })).toMatchObject({ message: 'host report feed nope not found', extensions: { code: 'NOT_FOUND' } });
  });

  it('refuses a file over the feed’s configured size before reading it', async () => {
    const content = `${HEADER}\n${`${daysAgo(1, 1)},192.0.2.1,mirai\n`.repeat(5)}`;
    expect(await failure(home, IMPORT, { feed: 'tiny', content })).toMatchObject({
      message: `the file is ${Buffer.byteLength(content)} bytes, over this feed's limit of 100 bytes (import larger files with the CLI, or raise the feed's maxBytes)`,
      extensions: { code: 'PAYLOAD_TOO_LARGE' },
    });
  });

  it('fails a file whose header lacks a mapped column, as a whole', async () => {
    const error = await failure(home, IMPORT, { feed: 'strict', content: 'when,address,what\n' });
    expect(error.message).toBe('the header line has no column for timestamp → "time", ip → "src_ip", threat → "infection" (columns: when, address, what)');
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', importId: expect.any(String) });
  });

  it('refuses content that is not base64 when told it is', async () => {
    expect(await failure(home, IMPORT, { feed: 'strict', content: 'not base64!', encoding: 'BASE64' })).toMatchObject({ message: 'content is not valid base64' });
  });

  it('lets only HOME import, and only ADMIN define feeds', async () => {
    expect(await failure(isp, IMPORT, { feed: 'strict', content: HEADER })).toMatchObject({ message: 'only the home CERT imports host reports', extensions: { code: 'FORBIDDEN' } });
    expect((await failure(isp, SAVE_FEED, { input: { name: 'mine', format: 'CSV', mapping: {} } })).extensions).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('refuses a network prefix that is not a network address, naming the one meant', async () => {
    const error = await failure(home, ADD_NETWORKS, { partner: 'ISP-X', networks: ['198.51.100.0/24', '10.0.0.1/8', 'AS99999999999'] });
    expect(error.message).toBe(
      'networks not registered: line 2: 10.0.0.1/8 is not a network address (host bits are set): did you mean 10.0.0.0/8?; line 3: "AS99999999999" is not an IPv4 or IPv6 prefix',
    );
    // All or nothing: the good line was not registered either.
    expect(ok(await home.q<{ hostNetworks: { edges: { node: { prefix: string } }[] } }>(`{ hostNetworks(partner: "ISP-X") { edges { node { prefix } } } }`)).hostNetworks.edges.map((e) => e.node.prefix)).toEqual(['192.0.2.0/24']);
  });

  it('refuses a prefix already registered to another partner', async () => {
    await aCaller(t, { kind: 'ISP', shortName: 'ISP-Y' });
    expect((await failure(home, ADD_NETWORKS, { partner: 'ISP-Y', networks: ['192.0.2.0/24'] })).message).toBe('networks not registered: 192.0.2.0/24: already registered to ISP-X');
  });

  it('refuses a feed definition with every problem named', async () => {
    const error = await failure(home, SAVE_FEED, { input: { name: 'bad feed!', format: 'JSONL', mapping: { columns: { ip: 'a' }, colour: 'red' }, threatMap: { x: 'not ok!' } } });
    expect(error.message).toBe(
      'invalid feed: name: must be 1-64 letters, digits, spaces or . _ / -, starting with a letter or digit; mapping.colour: unknown setting; mapping.columns.timestamp: is required; mapping.columns.threat: is required unless mapping.defaultThreat is set; threatMap.x: must map to a threat name (letters, digits, . _ : / + -)',
    );
  });

  it('refuses bad dates and ranges in statistics and filters', async () => {
    expect((await failure(isp, STATISTICS, { from: '2026-13-01', to: '2026-12-01' })).message).toBe('from must be a date such as 2026-11-25');
    expect((await failure(isp, STATISTICS, { from: '2026-11-02', to: '2026-11-01' })).message).toBe('from must not be after to, and the range may span at most 366 days');
    expect((await failure(isp, `{ hostReports(filter: { prefix: "10.0.0.1/8" }) { edges { node { id } } } }`, {})).message).toBe(
      'prefix: 10.0.0.1/8 is not a network address (host bits are set): did you mean 10.0.0.0/8?',
    );
  });
});
