/** Provider token for the anchor interval in ms; 0 turns the anchor timer off. */
export const AUDIT_ANCHOR_INTERVAL_MS = Symbol('AUDIT_ANCHOR_INTERVAL_MS');
export const DEFAULT_AUDIT_ANCHOR_INTERVAL_MS = 24 * 60 * 60 * 1000;

/** Provider token for the resolved AuditOptions. */
export const AUDIT_OPTIONS = Symbol('AUDIT_OPTIONS');

export interface AuditOptions {
  /** How often the chain head is anchored (and partitions ensured); 0 disables the timer. */
  readonly anchorIntervalMs: number;
  /** Optional JSON-lines file each anchor is also appended to (e.g. `${DATA_DIR}/audit-anchors.jsonl`). */
  readonly anchorFile?: string;
  /** Largest `first` search() accepts. */
  readonly maxPageSize: number;
  /** Rows per FETCH when verify() or exportJsonLines() walks the trail. */
  readonly streamBatchSize: number;
}

export const DEFAULT_AUDIT_OPTIONS: AuditOptions = {
  anchorIntervalMs: DEFAULT_AUDIT_ANCHOR_INTERVAL_MS,
  maxPageSize: 500,
  streamBatchSize: 5000,
};
