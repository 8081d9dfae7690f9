import { observableValues } from './observable-values';
import { anIndicator } from './testing/factories';

const indicator = (pattern: string) => anIndicator({ pattern });

describe('observableValues from SCOs', () => {
  it.each([
    [{ type: 'ipv4-addr', value: '198.51.100.3' }, [{ kind: 'ipv4', value: '198.51.100.3' }]],
    [{ type: 'ipv4-addr', value: '10.1.2.3/8' }, [{ kind: 'ipv4', value: '10.0.0.0/8' }]],
    [{ type: 'ipv4-addr', value: '10.1.2.3/32' }, [{ kind: 'ipv4', value: '10.1.2.3' }]],
    [{ type: 'ipv6-addr', value: '2001:0DB8:0000:0000:0000:0000:0000:0001' }, [{ kind: 'ipv6', value: '2001:db8::1' }]],
    [{ type: 'ipv6-addr', value: '2001:db8:0:0:1:0:0:1' }, [{ kind: 'ipv6', value: '2001:db8::1:0:0:1' }]],
    [{ type: 'ipv6-addr', value: '2001:db8:dead:beef:1::/64' }, [{ kind: 'ipv6', value: '2001:db8:dead:beef::/64' }]],
    [{ type: 'ipv6-addr', value: '::ffff:192.0.2.1' }, [{ kind: 'ipv6', value: '::ffff:c000:201' }]],
    [{ type: 'domain-name', value: 'WWW.Example.COM.' }, [{ kind: 'domain', value: 'www.example.com' }]],
    [{ type: 'url', value: 'https://example.com/A?b=C' }, [{ kind: 'url', value: 'https://example.com/A?b=C' }]],
    [{ type: 'email-addr', value: 'John.Doe@Example.COM' }, [{ kind: 'email', value: 'John.Doe@example.com' }]],
    [{ type: 'mac-addr', value: 'D2:FB:49:24:37:18' }, [{ kind: 'mac', value: 'd2:fb:49:24:37:18' }]],
    [{ type: 'autonomous-system', number: 15139 }, [{ kind: 'asn', value: '15139' }]],
    [
      { type: 'file', name: 'a.exe', hashes: { MD5: 'CEAD3F77F6CDA6EC00F57D76C9A6879F', 'SHA-256': 'bf07a7fbb825fc0aae7bf4a1177b2b31fcf8a3feeaf7092761e18c859ee52a9c', sha1: 'A'.repeat(40) } },
      [
        { kind: 'file-hash', value: 'cead3f77f6cda6ec00f57d76c9a6879f', hashAlgorithm: 'MD5' },
        { kind: 'file-hash', value: 'bf07a7fbb825fc0aae7bf4a1177b2b31fcf8a3feeaf7092761e18c859ee52a9c', hashAlgorithm: 'SHA-256' },
        { kind: 'file-hash', value: 'a'.repeat(40), hashAlgorithm: 'SHA-1' },
      ],
    ],
    [{ type: 'ipv4-addr', value: 'not an ip' }, []],
    [{ type: 'mutex', name: 'x' }, []],
  ])('%j', (sco, expected) => {
    expect(observableValues(sco)).toEqual(expected);
  });

  it('reads the SCOs embedded in observed-data objects', () => {
    const observed = { type: 'observed-data', objects: { 0: { type: 'ipv4-addr', value: '198.51.100.3' }, 1: { type: 'domain-name', value: 'Example.com' } } };
    expect(observableValues(observed)).toEqual([{ kind: 'ipv4', value: '198.51.100.3' }, { kind: 'domain', value: 'example.com' }]);
  });
});

describe('observableValues from indicator patterns', () => {
  it('takes equality comparisons and IN lists, across observations', () => {
    const values = observableValues(indicator(
      "[domain-name:value = 'Evil.Example' OR ipv4-addr:value = '10.0.0.0/8'] FOLLOWEDBY [ipv6-addr:value IN ('2001:DB8::1', '2001:db8::/32') AND url:value = 'http://evil.example/x']",
    ));
    expect(values).toEqual([
      { kind: 'domain', value: 'evil.example' },
      { kind: 'ipv4', value: '10.0.0.0/8' },
      { kind: 'ipv6', value: '2001:db8::1' },
      { kind: 'ipv6', value: '2001:db8::/32' },
      { kind: 'url', value: 'http://evil.example/x' },
    ]);
  });

  it('reads file hashes with their algorithm, lower-cased', () => {
    expect(observableValues(indicator("[file:hashes.'SHA-256' = '4BAC27393BDD9777CE02453256C5577CD02275510B2227F473D03F533924F877' OR file:hashes.MD5 = '79054025255fb1a26e4bc422aef54eb4']"))).toEqual([
      { kind: 'file-hash', value: '4bac27393bdd9777ce02453256c5577cd02275510b2227f473d03f533924f877', hashAlgorithm: 'SHA-256' },
      { kind: 'file-hash', value: '79054025255fb1a26e4bc422aef54eb4', hashAlgorithm: 'MD5' },
    ]);
  });

  it('reads e-mail addresses and skips negations, other operators and deeper paths', () => {
    expect(observableValues(indicator(
      "[email-addr:value = 'Bad@Example.ORG' AND domain-name:value != 'good.example' AND url:value LIKE 'http://%' AND network-traffic:dst_ref.value = '10.0.0.1' AND ipv4-addr:value NOT = '10.9.9.9']",
    ))).toEqual([{ kind: 'email', value: 'Bad@example.org' }]);
  });

  it('gives nothing for a pattern that does not parse or is not STIX', () => {
    expect(observableValues(indicator('[ipv4-addr:value = '))).toEqual([]);
    expect(observableValues(anIndicator({ pattern_type: 'snort', pattern: 'alert ip 10.0.0.1 any -> any any' }))).toEqual([]);
  });

  it('deduplicates', () => {
    expect(observableValues(indicator("[ipv4-addr:value = '10.0.0.1'] OR [ipv4-addr:value = '10.0.0.1']"))).toEqual([{ kind: 'ipv4', value: '10.0.0.1' }]);
  });
});
