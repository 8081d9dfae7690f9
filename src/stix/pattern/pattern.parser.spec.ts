import { patternComparisons } from './pattern-comparisons';
import { parsePattern, PatternSyntaxError } from './pattern.parser';

// Patterns from STIX 2.1 §9 (examples in §9.9 and the operator tables), plus literal forms.
const VALID = [
  String.raw`[file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f']`,
  String.raw`[email-message:from_ref.value MATCHES '.+\\@example\\.com$' AND email-message:body_multipart[*].body_raw_ref.name MATCHES '^Final Report.+\\.exe$']`,
  String.raw`[user-account:account_type = 'unix' AND user-account:user_id = '1007' AND user-account:account_login = 'Peter'] AND [user-account:account_type = 'unix' AND user-account:user_id = '1008' AND user-account:account_login = 'Paul'] AND [user-account:account_type = 'unix' AND user-account:user_id = '1009' AND user-account:account_login = 'Mary']`,
  String.raw`[artifact:mime_type = 'application/vnd.tcpdump.pcap' AND artifact:payload_bin MATCHES '\\xd4\\xc3\\xb2\\xa1\\x02\\x00\\x04\\x00']`,
  String.raw`[file:name = 'foo.dll' AND file:parent_directory_ref.path = 'C:\\Windows\\System32']`,
  String.raw`[file:extensions.'windows-pebinary-ext'.sections[*].entropy > 7.0]`,
  String.raw`[file:mime_type = 'image/bmp' AND file:magic_number_hex = h'ffd8']`,
  String.raw`[network-traffic:dst_ref.type = 'ipv4-addr' AND network-traffic:dst_ref.value = '203.0.113.33/32']`,
  String.raw`[network-traffic:extensions.'http-request-ext'.request_header.'Accept-Encoding' NOT MATCHES '^.*gzip.*$']`,
  String.raw`[network-traffic:dst_ref.value ISSUBSET '2001:0db8:dead:beef:0000:0000:0000:0000/64']`,
  String.raw`([file:name = 'foo.dll'] AND [windows-registry-key:key = 'HKEY_LOCAL_MACHINE\\foo\\bar']) WITHIN 5 SECONDS`,
  String.raw`[x509-certificate:issuer = 'CN=WEBSERVER2, OU=Certificate Authority, O=Certificate Authority, C=US'] OR [x509-certificate:subject = 'CN=WEBSERVER2']`,
  String.raw`[file:hashes.'SHA-256' = 'bf07a7fbb825fc0aae7bf4a1177b2b31fcf8a3feeaf7092761e18c859ee52a9c' OR file:hashes.MD5 = 'cead3f77f6cda6ec00f57d76c9a6879f'] REPEATS 5 TIMES WITHIN 1800 SECONDS`,
  String.raw`[file:hashes.MD5 = '79054025255fb1a26e4bc422aef54eb4'] FOLLOWEDBY [windows-registry-key:key = 'HKEY_LOCAL_MACHINE\\foo\\bar'] WITHIN 300 SECONDS`,
  String.raw`[network-traffic:src_ref.type = 'ipv4-addr' AND network-traffic:src_ref.value = '203.0.113.10' AND network-traffic:dst_port = 80] START t'2016-06-01T00:00:00Z' STOP t'2016-07-01T00:00:00Z'`,
  String.raw`[domain-name:value = 'www.5z8.info' OR domain-name:resolves_to_refs[*].value = '198.51.100.1/32']`,
  String.raw`[url:value = 'http://example.com/foo' OR url:value = 'http://example.com/bar']`,
  String.raw`[ipv4-addr:value IN ('10.0.0.1', '10.0.0.2')]`,
  String.raw`[process:command_line LIKE '%powershell%' AND NOT process:pid = 4]`.replace('AND NOT process:pid', 'AND process:pid NOT'),
  String.raw`[EXISTS windows-registry-key:values]`,
  String.raw`[file:created = t'2014-01-13T07:03:17.123456Z']`,
  String.raw`[artifact:payload_bin = b'dGVzdA==']`,
  String.raw`[x-acme-thing:score >= -5 AND x-acme-thing:ratio < -0.5 AND x-acme-thing:flag != true AND x-acme-thing:size <= +10]`,
  String.raw`[file:name = 'it\'s'] OR ([file:size = 0] FOLLOWEDBY ([file:size = 1] OR [file:size = 2]))`,
  String.raw`[(file:name = 'a' OR file:name = 'b') AND file:size > 10]`,
  String.raw`[process:child_refs[0].name = 'cmd.exe']`,
  '[file:name\n=\t\'x\']',
  String.raw`[ipv4-addr:value IN ()]`,
];

describe('parsePattern: valid patterns', () => {
  it.each(VALID)('%s', (pattern) => {
    expect(() => parsePattern(pattern)).not.toThrow();
  });

  it('builds the tree with FOLLOWEDBY loosest, then OR, then AND', () => {
    const ast = parsePattern("[a-b:c = 1] AND [a-b:c = 2] OR [a-b:c = 3] FOLLOWEDBY [a-b:c = 4]");
    expect(ast.type).toBe('followedby');
    if (ast.type !== 'followedby') return;
    expect(ast.left.type).toBe('observation-or');
    if (ast.left.type !== 'observation-or') return;
    expect(ast.left.left.type).toBe('observation-and');
  });

  it('reads qualifiers, in order', () => {
    const ast = parsePattern("[file:size = 1] REPEATS 5 TIMES WITHIN 1800 SECONDS");
    expect(ast).toMatchObject({ type: 'qualified', qualifier: { kind: 'WITHIN', seconds: 1800 }, expression: { type: 'qualified', qualifier: { kind: 'REPEATS', times: 5 } } });
  });

  it('decodes string escapes and keeps timestamp precision', () => {
    const comparisons = patternComparisons(parsePattern(String.raw`[file:name = 'C:\\a\'b' AND file:created = t'2014-01-13T07:03:17.123456Z']`));
    expect(comparisons.map((c) => c.value)).toEqual(["C:\\a'b", '2014-01-13T07:03:17.123456Z']);
  });

  it('reads a literal without escapes next to ones with them', () => {
    const comparisons = patternComparisons(parsePattern(String.raw`[file:name IN ('plain', 'it\'s', '', 'back\\slash', 'end')]`));
    expect(comparisons[0]!.value).toEqual(['plain', "it's", '', 'back\\slash', 'end']);
  });
});

const INVALID: Array<[string, string]> = [
  ["[file:name = 'x'", "expected ']' at 16"],
  ["file:name = 'x'", "expected '[' at 0"],
  ["[file:name = 'x']]", "unexpected ']' at 17"],
  ["[file:name 'x']", 'expected a comparison operator at 11'],
  ["[file:name = 'x", 'unterminated string at 13'],
  [String.raw`[file:name = 'a\nb']`, String.raw`invalid escape '\n' in string at 15`],
  ["[file:name = 'x'] WITHIN -5 SECONDS", 'expected a positive number of seconds at 25'],
  ["[file:name = 'x'] WITHIN 5", 'expected SECONDS at 26'],
  ["[file:name = 'x'] REPEATS 2", 'expected TIMES at 27'],
  ["[file:name = 'x'] REPEATS 1.5 TIMES", 'expected a positive integer at 26'],
  ['[file:size > true]', '> cannot compare a boolean at 13'],
  ['[file:name LIKE 5]', 'LIKE needs a string at 16'],
  ["[file:hashes.SHA-256 = 'x']", "a property name with '-' must be quoted at 13"],
  ["[file:created = t'2014-13-01T00:00:00Z']", 'invalid timestamp literal at 16'],
  ["[file:created = t'2014-01-01T00:00:00']", 'invalid timestamp literal at 16'],
  ["[file:magic_number_hex = h'abc']", 'invalid hex literal at 25'],
  ["[file:name = 'x'] START t'2016-07-01T00:00:00Z' STOP t'2016-06-01T00:00:00Z'", 'STOP must be later than START at 53'],
  ["[file:name IN ('a', )]", 'expected a literal at 20'],
  ["[file:name IN 'a']", "expected '(' at 14"],
  ["[file:name = 'x'] AND", "expected '[' at 21"],
  ['[]', 'expected an object type at 1'],
  ['[file:size = 007]', 'leading zero in integer at 13'],
  ["[file:name = 'x' and file:size = 1]", "expected ']' at 17"],
  ["[ab:name = 'x']", 'invalid object type at 1'],
  ["[file:name = 'x'] # comment", "unexpected character '#' at 18"],
  ["[file name = 'x']", "expected ':' at 6"],
  ['', "expected '[' at 0"],
  ['('.repeat(10_000), 'nested deeper than 64 at 64'],
  [`[${'('.repeat(100)}file:size = 1${')'.repeat(100)}]`, 'nested deeper than 64 at 65'],
];

describe('parsePattern: invalid patterns, with the position of the error', () => {
  it.each(INVALID)('%s → %s', (pattern, message) => {
    let error: unknown;
    try {
      parsePattern(pattern);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PatternSyntaxError);
    expect((error as PatternSyntaxError).message).toBe(message);
    expect((error as PatternSyntaxError).position).toBe(Number(/at (\d+)$/.exec(message)![1]));
  });
});

describe('patternComparisons', () => {
  it('lists every comparison with object type, path, operator, negation and value', () => {
    const ast = parsePattern(
      String.raw`[file:hashes.'SHA-256' = 'AB' AND file:name NOT LIKE '%.exe'] FOLLOWEDBY [ipv4-addr:value IN ('10.0.0.1', '10.0.0.0/8') OR EXISTS process:extensions.'windows-process-ext'.owner_sid OR file:extensions.'windows-pebinary-ext'.sections[*].entropy > 7.5]`,
    );
    expect(patternComparisons(ast).map(({ components: _c, ...rest }) => rest)).toEqual([
      { objectType: 'file', path: "hashes.'SHA-256'", operator: '=', negated: false, value: 'AB', valueKind: 'string', observation: 0 },
      { objectType: 'file', path: 'name', operator: 'LIKE', negated: true, value: '%.exe', valueKind: 'string', observation: 0 },
      { objectType: 'ipv4-addr', path: 'value', operator: 'IN', negated: false, value: ['10.0.0.1', '10.0.0.0/8'], valueKind: 'set', observation: 1 },
      { objectType: 'process', path: "extensions.'windows-process-ext'.owner_sid", operator: 'EXISTS', negated: false, value: undefined, valueKind: undefined, observation: 1 },
      { objectType: 'file', path: "extensions.'windows-pebinary-ext'.sections[*].entropy", operator: '>', negated: false, value: 7.5, valueKind: 'float', observation: 1 },
    ]);
  });
});
