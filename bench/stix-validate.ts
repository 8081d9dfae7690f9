/**
 * Validation throughput on one core: 100,000 generated ~500-byte indicators with a simple STIX pattern,
 * validated one by one (as ingest does), after a warm-up. The budget is ~25,000 objects/s per core.
 * Usage: npm run build && node dist/bench/stix-validate.js [--count 100000]
 */
import { randomUUID } from 'node:crypto';
import { validateStixObject } from '../src/stix';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

function indicator(i: number): Record<string, unknown> {
  const ip = `${10 + (i % 200)}.${(i >> 8) & 255}.${i & 255}.${(i * 7) & 255}`;
  return {
    type: 'indicator',
    spec_version: '2.1',
    id: `indicator--${randomUUID()}`,
    created_by_ref: 'identity--f431f809-377b-45e0-aa1c-6a4751cae5ff',
    created: '2024-03-01T10:00:00.000Z',
    modified: '2024-03-02T10:00:00.000Z',
    name: `C2 address ${ip}`,
    indicator_types: ['malicious-activity'],
    pattern: `[ipv4-addr:value = '${ip}']`,
    pattern_type: 'stix',
    valid_from: '2024-03-01T10:00:00Z',
    confidence: 80,
    object_marking_refs: ['marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb'],
    kill_chain_phases: [{ kill_chain_name: 'lockheed-martin-cyber-kill-chain', phase_name: 'command-and-control' }],
  };
}

function main(): void {
  const count = arg('count', 100_000);
  const objects = Array.from({ length: count }, (_, i) => indicator(i));
  const bytes = objects.reduce((n, o) => n + JSON.stringify(o).length, 0) / count;
  let problems = 0;
  for (let i = 0; i < Math.min(count, 20_000); i++) problems += validateStixObject(objects[i]).length;
  const start = process.hrtime.bigint();
  for (const o of objects) problems += validateStixObject(o).length;
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (problems > 0) throw new Error(`generated indicators should be valid; ${problems} problems`);
  const rate = count / seconds;
  console.log(`stix-validate: ${count} indicators of ~${Math.round(bytes)} bytes in ${seconds.toFixed(3)} s, Node ${process.version}`);
  console.log(`  ${Math.round(rate).toLocaleString('en')} objects/s, ${((seconds / count) * 1e6).toFixed(2)} µs per object`);
  console.log(JSON.stringify({ bench: 'stix-validate', count, seconds, objectsPerSecond: Math.round(rate) }));
}

main();
