/**
 * Every threshold the explain rules use, in one place, with the reason for its
 * value. pev2 (explain.dalibo.com, shared with explain.depesz.com and pgAdmin)
 * and pganalyze's EXPLAIN insights are the published references.
 */

/** A node's own time as a share of execution: pev2 badges 10% / 40% / 90%. Highlighted in the tree from NOTABLE. */
export const TIME_SHARE_NOTABLE = 0.1;
export const TIME_SHARE_DOMINANT = 0.4;
export const TIME_SHARE_CRITICAL = 0.9;

/**
 * Row misestimate factors (pev2: 10× / 100× / 1000×). From 10× the planner
 * starts to pick the wrong join method or order; 1000× is a plan built on fiction.
 */
export const MISESTIMATE_FACTORS = { low: 10, medium: 100, high: 1000 } as const;
/** Below this many rows (the larger of estimate and actual) a misestimate cannot cost much: 1 vs 15 rows is noise. */
export const MISESTIMATE_MIN_ROWS = 100;
/** Over-estimates cost little until they are large: a plan made for 173 rows that got none wasted nothing worth a finding. */
export const MISESTIMATE_MIN_ROWS_OVER = 1_000;

/**
 * seq-scan-filter: a sequential scan over at least this many rows (pghero's
 * missing-index heuristic starts at 10k live rows)...
 */
export const SEQ_SCAN_MIN_ROWS = 10_000;
/** ...that discards at least this share of them (pev2's "critical" 90%): an index reading ≤ 10% of a table wins. */
export const SEQ_SCAN_REMOVED_SHARE = 0.9;

/** inefficient-index: an index scan whose filter throws away at least half of what it fetched (pev2's 50%)... */
export const INDEX_FILTER_REMOVED_SHARE = 0.5;
/** ...and at least this many rows, so a handful of filtered rows on a tiny lookup is not reported. */
export const INDEX_FILTER_MIN_REMOVED = 1_000;

/** heap-fetches: heap visits as a share of rows returned by an index-only scan (pev2: 0 / 40% / 90%); 40% means the visibility map is badly out of date. */
export const HEAP_FETCH_SHARE = 0.4;
/** A few hundred heap fetches cost well under a millisecond. */
export const HEAP_FETCH_MIN = 1_000;

/**
 * disk-sort: an in-memory sort needs more than the bytes it wrote to disk
 * (each tuple carries a SortTuple header and allocation overhead), so the
 * work_mem suggested is this multiple of the disk space used.
 */
export const DISK_SORT_MEMORY_FACTOR = 2;

/** hash-batches: any split into more than one batch spills to temp files (pev2 flags > 1). */
export const HASH_MAX_BATCHES = 1;

/** lossy-bitmap: a share of lossy heap blocks above which rechecking whole pages costs real time (pganalyze flags any). */
export const LOSSY_BLOCK_SHARE = 0.1;

/** nested-loop-many: the inner side executed at least this many times... */
export const NESTED_LOOP_MIN_LOOPS = 10_000;
/** ...and together taking at least this share of the execution (the pev2 "notable" share). */
export const NESTED_LOOP_MIN_SHARE = 0.1;

/** large-offset: rows read and thrown away by OFFSET; from a few thousand, keyset pagination is measurably cheaper. */
export const LARGE_OFFSET_MIN_ROWS = 1_000;

/**
 * stale-stats: autovacuum re-analyses after 50 rows + 10% of the table
 * (autovacuum_analyze_threshold, _scale_factor). Twice that, unanalysed, means
 * autovacuum is behind or disabled for the table.
 */
export const STALE_STATS_BASE_ROWS = 50;
export const STALE_STATS_SHARE = 0.2;
/** A small table re-reads cheaply even with wrong statistics. */
export const STALE_STATS_MIN_CHANGES = 1_000;

/** jit-overhead: JIT compile time as a share of execution time worth turning off for this query... */
export const JIT_MAX_SHARE = 0.2;
/** ...and at least this many milliseconds (below, JIT overhead is lost in network latency). */
export const JIT_MIN_MS = 10;

/** planning-dominates: planning slower than execution, and at least this long (a few ms of planning is normal for joins). */
export const PLANNING_MIN_MS = 5;

/** no-index-on-sort: a Sort under a LIMIT reading at least this many rows (the seq-scan-filter size). */
export const SORT_LIMIT_MIN_ROWS = SEQ_SCAN_MIN_ROWS;

/** compare: time changes within ±20% are timing noise between two runs on a warm cache. */
export const COMPARE_TIME_TOLERANCE = 0.2;
/** compare: row counts changing by this factor or more are reported. */
export const COMPARE_ROWS_FACTOR = 2;

/** lossy-bitmap advice: an exact TID-bitmap page entry (block number, tuple bits, hash overhead) takes about this many bytes. */
export const BITMAP_BYTES_PER_PAGE = 64;

/** join-filter: a join whose Join Filter discards at least this many rows... */
export const JOIN_FILTER_MIN_REMOVED = 10_000;
/** ...and this share of the row pairs it tested (the seq-scan-filter share). */
export const JOIN_FILTER_REMOVED_SHARE = SEQ_SCAN_REMOVED_SHARE;

/** join-seq-scan: a hash join keeping at most this share of the rows its sequential probe side read. */
export const JOIN_SEQ_SCAN_KEPT_SHARE = 0.1;
