import { anActor, aRow, ME, OTHER } from '../../test/policy/policy-factories';
import { canSeeSensitive, redact, redactWith } from './redact';
import type { Shareable } from './shareable';

interface Incident extends Shareable {
  id: string;
  title: string;
  reporter?: { name: string; contact: string };
  affectedOrganisation?: string;
}

const PATHS = ['reporter.contact', 'affectedOrganisation'];
const incident = (over: Partial<Incident> = {}): Incident => ({
  ...aRow({ tlp: 'AMBER', audiencePartners: null, audienceGroups: ['APCERT'] }),
  id: 'i-1',
  title: 'Phishing wave',
  reporter: { name: 'Bank SOC', contact: 'soc@bank.example' },
  affectedOrganisation: 'Bank',
  ...over,
});

describe('canSeeSensitive', () => {
  it.each([
    ['a TRUSTED group member', anActor(), incident(), false],
    ['a CLOSE partner', anActor({ trust: 'CLOSE' }), incident(), true],
    ['the creator at PUBLIC', anActor({ trust: 'PUBLIC', partnerId: OTHER }), incident(), true],
    ['HOME', anActor({ partnerKind: 'HOME', trust: 'PUBLIC' }), incident(), true],
    ['a partner named by id', anActor({ trust: 'PUBLIC' }), incident({ audiencePartners: [ME.toUpperCase()] }), true],
    ['a suspended CLOSE creator', anActor({ trust: 'CLOSE', partnerId: OTHER, active: false }), incident(), false],
  ])('%s → %s', (_name, actor, row, expected) => {
    expect(canSeeSensitive(actor, row)).toBe(expected);
  });
});

describe('redact', () => {
  it('removes sensitive fields for a viewer below CLOSE, lists them and leaves the input alone', () => {
    const row = incident();
    const { value, redactedPaths } = redact(anActor(), row, PATHS);
    expect(value).toEqual({ ...row, reporter: { name: 'Bank SOC' }, affectedOrganisation: undefined });
    expect('affectedOrganisation' in value).toBe(false);
    expect(redactedPaths).toEqual(['reporter.contact', 'affectedOrganisation']);
    expect(row.reporter?.contact).toBe('soc@bank.example');
    expect(row.affectedOrganisation).toBe('Bank');
  });

  it('returns the row untouched, with nothing listed, for a viewer who may see it all', () => {
    const row = incident();
    expect(redact(anActor({ trust: 'CLOSE' }), row, PATHS)).toEqual({ value: row, redactedPaths: [] });
  });

  it('lists only fields that were present', () => {
    expect(redact(anActor(), incident({ reporter: undefined }), PATHS).redactedPaths).toEqual(['affectedOrganisation']);
  });

  it('keeps a class instance’s prototype', () => {
    class Row {
      tlp = 'RED' as const;
      audiencePartners = null;
      audienceGroups = null;
      ownerPartnerId = OTHER;
      secret = 's';
    }
    const { value } = redact(anActor(), new Row(), ['secret']);
    expect(value).toBeInstanceOf(Row);
    expect(value.secret).toBeUndefined();
  });

  it('reaches into STIX extensions and arrays with *', () => {
    const stix = {
      type: 'indicator',
      x_reporter_email: 'a@b.example',
      extensions: { 'extension-definition--1': { victim: 'V1', sector: 'finance' }, 'extension-definition--2': { victim: 'V2' } },
      sightings: [{ where: 'HK', who: 'W1' }, { where: 'MO' }],
      tags: ['public', 'secret'],
    };
    const sharing = aRow();
    const { value, redactedPaths } = redactWith(anActor(), sharing, stix, ['x_reporter_email', 'extensions.*.victim', 'sightings.*.who', 'tags.1']);
    expect(value).toEqual({
      type: 'indicator',
      extensions: { 'extension-definition--1': { sector: 'finance' }, 'extension-definition--2': {} },
      sightings: [{ where: 'HK' }, { where: 'MO' }],
      tags: ['public'],
    });
    expect(redactedPaths).toEqual([
      'x_reporter_email',
      'extensions.extension-definition--1.victim',
      'extensions.extension-definition--2.victim',
      'sightings.0.who',
      'tags.1',
    ]);
    expect(stix.extensions['extension-definition--1'].victim).toBe('V1');
    expect(stix.sightings[1]).toBe(value.sightings[1]); // untouched parts are shared, not copied
  });
});
