import { indexesUsed, notYetUsableReasons } from '../facts.js';
import type { Check, CheckResult } from '../types.js';

/** Every managed index should serve at least one sample query; otherwise nothing tells CI it still earns its keep. */
export const uncoveredIndex: Check = {
  id: 'uncovered-index',
  title: 'uncovered indexes',
  help: 'Add a sample query under queries: that this index serves (with uses_index), or remove the index from the spec.',
  run(input) {
    const usedBy = new Map<string, string[]>();
    for (const q of input.queries) for (const name of q.plan ? indexesUsed(q.plan) : []) usedBy.set(name, [...(usedBy.get(name) ?? []), q.name]);
    return input.spec.indexes.map((index): CheckResult => {
      const base = { check: 'uncovered-index', subject: { kind: 'index' as const, name: index.name }, pos: index.pos };
      const users = usedBy.get(index.name) ?? [];
      if (users.length) return { ...base, verdict: 'pass', message: `${index.name}: used by ${users.join(', ')}`, detail: [], evidence: { used_by: users } };
      const reasons = notYetUsableReasons(input.readiness.find((r) => r.schema === index.schema && r.name === index.name));
      const why = reasons.length ? `; it is not yet usable: ${reasons.join('; ')}` : '';
      return { ...base, verdict: 'warn', message: `${index.name}: uncovered: no sample query uses it${why}`, detail: [], help: reasons.length ? `Run ANALYZE on ${index.schema}.${index.table}, then check again.` : uncoveredIndex.help, evidence: { used_by: [] } };
    });
  },
};
