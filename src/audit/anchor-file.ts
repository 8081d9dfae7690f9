import { createReadStream, existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import type { AuditAnchor } from './audit-event.types';

interface AnchorLine extends AuditAnchor {
  readonly database: string;
  readonly anchoredAt: string;
}

/** Appends one anchor as a JSON line; the file is meant to be shipped off the database host. */
export async function appendAnchorLine(file: string, database: string, anchor: AuditAnchor): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const line: AnchorLine = { database, ...anchor, anchoredAt: new Date().toISOString() };
  await fs.appendFile(file, JSON.stringify(line) + '\n', { mode: 0o640 });
}

/** Reads the anchors of one database back, line by line; unreadable lines are reported, not skipped. */
export async function readAnchorLines(file: string, database: string): Promise<AuditAnchor[]> {
  const anchors: AuditAnchor[] = [];
  // No file yet (no anchor written since it was configured): nothing to compare; the table's anchors still are.
  if (!existsSync(file)) return anchors;
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let number = 0;
  for await (const text of lines) {
    number++;
    if (text.trim() === '') continue;
    let line: Partial<AnchorLine>;
    try {
      line = JSON.parse(text) as Partial<AnchorLine>;
    } catch {
      throw new Error(`${file}:${number}: not a JSON line`);
    }
    if (typeof line.sequence !== 'number' || typeof line.hash !== 'string') throw new Error(`${file}:${number}: not an anchor`);
    if (line.database === database) anchors.push({ sequence: line.sequence, hash: line.hash, eventTime: String(line.eventTime) });
  }
  return anchors;
}
