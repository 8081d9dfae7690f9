import { readEnvelope, statusOf } from './taxii-envelope';
import { TaxiiError } from './taxii-error';

const body = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));

describe('TAXII envelopes', () => {
  it('reads the objects of an envelope', () => {
    expect(readEnvelope(body({ objects: [{ id: 'a' }], more: false }))).toEqual([{ id: 'a' }]);
  });

  it.each([['not json', '{'], ['a list', [{}]], ['no objects', {}], ['empty objects', { objects: [] }], ['objects not a list', { objects: {} }], ['a non-object entry', { objects: [1] }]])(
    'refuses %s with 422',
    (_name, value) => {
      expect(() => readEnvelope(body(value))).toThrow(TaxiiError);
      try {
        readEnvelope(body(value));
      } catch (error) {
        expect((error as TaxiiError).status).toBe(422);
      }
    },
  );

  it('counts each object once, with every reason for a failure, and the counts add up', () => {
    const objects = [
      { id: 'indicator--1', modified: '2026-11-01T00:00:00.000Z' },
      { id: 'indicator--2', created: '2026-11-02T00:00:00.000Z' },
      { type: 'nothing' },
    ];
    const status = statusOf('s1', '2026-11-25T00:00:00.000000Z', objects, {
      created: 1,
      newVersions: 0,
      duplicates: 0,
      rejected: 2,
      rejections: [
        { index: 1, id: 'indicator--2', path: '$.objects[1].pattern', message: 'required', code: 'INVALID' },
        { index: 1, id: 'indicator--2', path: '$.objects[1].valid_from', message: 'required', code: 'INVALID' },
        { index: 2, id: null, path: '$.objects[2].id', message: 'required', code: 'INVALID' },
      ],
    });
    expect(status).toMatchObject({ id: 's1', status: 'complete', total_count: 3, success_count: 1, failure_count: 2, pending_count: 0 });
    expect(status.success_count + status.failure_count + status.pending_count).toBe(status.total_count);
    expect(status.successes).toEqual([{ id: 'indicator--1', version: '2026-11-01T00:00:00.000Z' }]);
    expect(status.failures).toEqual([
      { id: 'indicator--2', version: '2026-11-02T00:00:00.000Z', message: '$.objects[1].pattern: required; $.objects[1].valid_from: required' },
      { id: 'objects[2]', version: '', message: '$.objects[2].id: required' },
    ]);
  });
});
