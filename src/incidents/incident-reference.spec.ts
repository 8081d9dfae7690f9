import { formatIncidentReference, parseIncidentReference } from './incident-reference';

describe('incident references', () => {
  it('pads the sequence to five digits', () => {
    expect(formatIncidentReference('HKCERT', 2009, 7)).toBe('HKCERT-2009-00007');
    expect(formatIncidentReference('HKCERT', 2026, 99999)).toBe('HKCERT-2026-99999');
  });

  it('grows a digit past 99,999 rather than failing', () => {
    expect(formatIncidentReference('HKCERT', 2026, 100000)).toBe('HKCERT-2026-100000');
  });

  it('round-trips, including short names with dashes', () => {
    const ref = formatIncidentReference('HK-CERT', 2026, 42);
    expect(parseIncidentReference(ref)).toEqual({ prefix: 'HK-CERT', year: 2026, sequence: 42 });
  });

  it('refuses what is not a reference', () => {
    expect(parseIncidentReference('HKCERT-26-00001')).toBeNull();
    expect(parseIncidentReference('HKCERT-2026-001')).toBeNull();
    expect(parseIncidentReference("HKCERT-2026-00001' OR 1=1")).toBeNull();
    expect(() => formatIncidentReference('HK CERT', 2026, 1)).toThrow('not a usable short name');
    expect(() => formatIncidentReference('HKCERT', 2026, 0)).toThrow('not a sequence number');
  });
});
