import { formatBytes } from '../../../util/text.js';
import { qualified, valueOf } from '../facts.js';
import type { Check } from '../types.js';

/** INVALID indexes that no build is working on: left behind by a failed CREATE INDEX CONCURRENTLY. */
export const invalidIndex: Check = {
  id: 'invalid-index',
  section: 'indexes',
  help: 'Queries cannot use it but writes may still maintain it: DROP INDEX CONCURRENTLY it and build it again (or REINDEX INDEX CONCURRENTLY).',
  run({ data }) {
    const indexes = valueOf(data.indexes);
    if (!indexes) return [];
    return indexes
      .filter((i) => !i.valid && !i.building)
      .map((i) => ({
        check: this.id,
        severity: 'warning',
        object: qualified(i.schema, i.table, i.name),
        evidence: { bytes: i.bytes, definition: i.definition },
        message: `INVALID (a failed concurrent build); ${formatBytes(i.bytes)}`,
        help: this.help,
      }));
  },
};
