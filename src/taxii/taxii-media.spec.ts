import { acceptsTaxii, isTaxiiContentType } from './taxii-media';

describe('TAXII media types', () => {
  it.each([
    'application/taxii+json;version=2.1',
    'application/taxii+json; version=2.1',
    'application/taxii+json',
    'APPLICATION/TAXII+JSON;VERSION=2.1',
    'text/html, application/taxii+json;version=2.1;q=0.5',
    'application/taxii+json;version="2.1"',
  ])('accepts %s', (accept) => expect(acceptsTaxii(accept)).toBe(true));

  it.each([undefined, '', '*/*', 'application/json', 'application/taxii+json;version=2.0', 'application/stix+json;version=2.1', 'application/taxii+json;q=0'])(
    'refuses Accept %s',
    (accept) => expect(acceptsTaxii(accept)).toBe(false),
  );

  it('reads repeated Accept headers', () => {
    expect(acceptsTaxii(['text/html', 'application/taxii+json;version=2.1'])).toBe(true);
  });

  it('takes a TAXII 2.1 body, with or without the version', () => {
    expect(isTaxiiContentType('application/taxii+json;version=2.1')).toBe(true);
    expect(isTaxiiContentType('application/taxii+json')).toBe(true);
    expect(isTaxiiContentType('application/taxii+json; charset=utf-8; version=2.1')).toBe(true);
  });

  it.each([undefined, 'application/json', 'text/plain', 'application/taxii+json;version=2.0', 'application/stix+json;version=2.1'])(
    'refuses Content-Type %s',
    (type) => expect(isTaxiiContentType(type)).toBe(false),
  );
});
