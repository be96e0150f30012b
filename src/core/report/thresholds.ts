/**
 * The fixed thresholds of the report's checks, in one place so docs/report.md
 * and the tests quote the same numbers. Budgets (from the spec) are separate.
 */
export const THRESHOLDS = {
  /** Below this, "never scanned" may just mean "not yet": a weekly job would not have run. */
  minStatsAgeSeconds: 7 * 24 * 3600,
  /** With statistics that young, only the largest never-scanned indexes are listed one by one; the rest are one notice. */
  youngUnusedListed: 20,
  nPlusOne: {
    minCalls: 1000,
    /** Per-call execution time at or under which a statement is "tiny". */
    maxMeanMs: 1,
    maxRowsPerCall: 1,
  },
  seqScan: {
    /** pghero's bar: smaller tables are cheap to scan. */
    minLiveRows: 10_000,
    /** Sequential scans as a share of all scans of the table. */
    minShare: 0.05,
    /** Rows read by sequential scans, in whole-table reads (seq_tup_read / live rows), within the window. */
    minFullReads: 10,
    /** …and at this rate: a table read whole once a night is a report job, not a missing index. */
    minFullReadsPerHour: 1,
  },
  /** Foreign keys of tables with at least this many rows are warnings; smaller ones are notices. */
  fkWarningRows: 10_000,
  bloat: {
    minRatio: 0.5,
    minBytes: 10 * 1024 * 1024,
  },
  /** Autovacuum's defaults: vacuum after 50 + 20% dead rows, analyze after 50 + 10% changed rows. */
  autovacuum: { base: 50, vacuumScale: 0.2, analyzeScale: 0.1 },
  /** Below this many rows, a table's maintenance state is not worth a finding. */
  maintenanceMinRows: 1000,
  /** Blocks (hit + read) a table must have accessed before its hit ratio means anything. */
  cacheMinBlocks: 1000,
  idleInTransactionSeconds: 5,
  longRunningSeconds: 60,
  /** deadlock_timeout's default: a lock wait longer than this is no longer routine. */
  blockedSeconds: 1,
  /** Share of a sequence's (or integer key's) range used from which it is a finding: widening a column takes planning. */
  sequenceUsedShare: 0.75,
  replication: {
    /** A standby this far behind in replay (time or WAL) is lagging. */
    lagSeconds: 60,
    lagBytes: 1024 ** 3,
    /** An active slot holding back this much WAL. */
    retainedBytes: 1024 ** 3,
  },
} as const;
