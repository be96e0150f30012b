import type { Check } from '../types.js';
import { analyzeOverdue } from './analyze-overdue.js';
import { blockedSession } from './blocked-session.js';
import { duplicateIndex } from './duplicate-index.js';
import { fkWithoutIndex } from './fk-without-index.js';
import { inactiveReplicationSlot } from './inactive-replication-slot.js';
import { integerKeyOverflow } from './integer-key-overflow.js';
import { indexBloat } from './index-bloat.js';
import { idleInTransaction } from './idle-in-transaction.js';
import { invalidIndex } from './invalid-index.js';
import { longRunningQuery } from './long-running-query.js';
import { lowCacheHit } from './low-cache-hit.js';
import { nPlusOne } from './n-plus-one.js';
import { redundantIndex } from './redundant-index.js';
import { replicationLag } from './replication-lag.js';
import { replicationSlotWal } from './replication-slot-wal.js';
import { seqScanHeavy } from './seq-scan-heavy.js';
import { sequenceOverflow } from './sequence-overflow.js';
import { slowQuery } from './slow-query.js';
import { tableBloat } from './table-bloat.js';
import { unusedIndex } from './unused-index.js';
import { vacuumOverdue } from './vacuum-overdue.js';
import { xidWraparound } from './xid-wraparound.js';

/** Every finding rule of `perfctl report`, in the order sections print them. */
export const CHECKS: readonly Check[] = [
  slowQuery,
  nPlusOne,
  invalidIndex,
  duplicateIndex,
  redundantIndex,
  unusedIndex,
  fkWithoutIndex,
  indexBloat,
  seqScanHeavy,
  vacuumOverdue,
  analyzeOverdue,
  tableBloat,
  lowCacheHit,
  idleInTransaction,
  longRunningQuery,
  blockedSession,
  sequenceOverflow,
  integerKeyOverflow,
  xidWraparound,
  replicationLag,
  inactiveReplicationSlot,
  replicationSlotWal,
];
