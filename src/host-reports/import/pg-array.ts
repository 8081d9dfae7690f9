/**
 * A PostgreSQL array literal (`{"a","b",NULL}`), the text node-postgres would send for an array parameter.
 * Used for the columns of a report batch (see HostReportRepository.store). An import builds its batch's literals while the previous batch is being written: the database then does
 * not wait for the driver to serialise 20,000-element arrays between two statements.
 */
export function arrayLiteral(values: readonly (string | number | null)[]): string {
  // unnest() pads shorter arrays with NULLs: a column nobody filled in (no host names, say) goes as {}.
  if (values.every((v) => v === null || v === undefined)) return '{}';
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) parts[i] = 'NULL';
    else if (typeof v === 'number') parts[i] = String(v);
    else parts[i] = NEEDS_ESCAPE.test(v) ? `"${v.replace(/[\\"]/g, '\\$&')}"` : `"${v}"`;
  }
  return `{${parts.join(',')}}`;
}

const NEEDS_ESCAPE = /[\\"]/;
