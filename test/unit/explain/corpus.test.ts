import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CORPUS_QUERIES } from '../../helpers/explain-corpus.js';
import { corpusModel, reportOf } from '../../helpers/explain-model.js';

/**
 * The corpus PostgreSQL 18 (embedded) and 15 (Debian) printed for every query
 * of test/helpers/explain-corpus.ts, in text, JSON, YAML and XML (regenerate
 * with PERFCTL_WRITE_EXPLAIN_CORPUS=1 npx vitest run test/integration/explain-corpus.test.ts).
 */
const DIR = new URL('../../fixtures/explain/corpus/', import.meta.url);
const EXTENSIONS = ['json', 'txt', 'yaml', 'xml'] as const;
const read = (version: string, name: string, ext: string) => readFileSync(new URL(`${version}/${name}.${ext}`, DIR), 'utf8');
const cases = ['pg18', 'pg15'].flatMap((version) =>
  CORPUS_QUERIES.filter((q) => existsSync(new URL(`${version}/${q.name}.json`, DIR))).map((q) => [version, q.name, q] as const),
);

describe('explain corpus (real plans of PostgreSQL 18 and 15)', () => {
  it('has every query from both servers', () => {
    expect(cases.filter(([v]) => v === 'pg18')).toHaveLength(CORPUS_QUERIES.length);
    expect(cases.filter(([v]) => v === 'pg15')).toHaveLength(CORPUS_QUERIES.length);
  });

  it.each(cases)('%s %s: text, JSON, YAML and XML read into the same tree, with exactly the expected findings', async (version, name, query) => {
    const models = await Promise.all(EXTENSIONS.map((ext) => corpusModel(read(version, name, ext), `${name}.${ext}`)));
    for (const model of models.slice(1)) expect(model.shape).toEqual(models[0]!.shape);
    for (const model of models) expect(model.findings).toEqual([...query.findings].sort());
  });

  it.each(cases)('%s %s: self times add up to no more than the execution time', async (version, name) => {
    for (const ext of EXTENSIONS) {
      const { plan } = await reportOf(read(version, name, ext), `${name}.${ext}`);
      const self = plan.nodes.reduce((sum, n) => sum + (n.time?.selfMs ?? 0), 0);
      // Per-loop times are printed to the microsecond, so thousands of loops carry some rounding.
      expect(self).toBeLessThanOrEqual(plan.summary.executionMs! * 1.1 + 0.25);
    }
  });
});

describe('time accounting on real plans', () => {
  it('counts a CTE once: its two scans do not both take the whole time', async () => {
    for (const version of ['pg18', 'pg15']) {
      const { plan } = await reportOf(read(version, 'cte-twice', 'json'), 'cte-twice.json');
      const scans = plan.nodes.filter((n) => n.nodeType === 'CTE Scan');
      expect(scans).toHaveLength(2);
      const cte = plan.nodes.find((n) => n.subplanName === 'CTE c')!;
      expect(scans.reduce((s, n) => s + n.time!.selfMs, 0)).toBeLessThan(cte.time!.inclusiveMs / 2);
      const hottest = [...plan.nodes].sort((a, b) => b.time!.selfMs - a.time!.selfMs)[0]!;
      expect(hottest.nodeType).not.toBe('CTE Scan');
    }
  });

  it('counts an InitPlan once, in the node whose condition uses its value', async () => {
    for (const version of ['pg18', 'pg15']) {
      const { plan } = await reportOf(read(version, 'initplan', 'txt'), 'initplan.txt');
      const scan = plan.root;
      const init = plan.nodes.find((n) => n.subplanName?.startsWith('InitPlan 2'))!;
      expect(scan.time!.selfMs).toBeCloseTo(Math.max(0, scan.time!.inclusiveMs - init.time!.inclusiveMs), 3);
    }
  });

  it('takes Heap Fetches as the total over all loops', async () => {
    const { plan, findings } = await reportOf(read('pg18', 'index-only-loops', 'json'), 'index-only-loops.json');
    const inner = plan.nodes.find((n) => n.relation === 'tags')!;
    expect(inner.rows.loops).toBe(3000);
    // About 200 fetches in all (the first page of tags); multiplied by the loops it would read as 600,000.
    expect(inner.heapFetches).toBeGreaterThan(100);
    expect(inner.heapFetches).toBeLessThan(1000);
    expect(findings.map((f) => f.rule)).not.toContain('heap-fetches');
  });

  it('finds the outer input of a LIMIT by Parent Relationship, not by position (a CTE comes first)', async () => {
    const { plan, findings } = await reportOf(read('pg18', 'cte-under-limit', 'json'), 'cte-under-limit.json');
    expect(plan.root.children[0]!.subplanName).toBe('CTE c');
    expect(findings).toEqual([]);
  });
});

describe('partitions pruned at executor start-up', () => {
  it('reads "Subplans Removed" from every format and calls the smaller Append no misestimate', async () => {
    for (const version of ['pg18', 'pg15']) {
      for (const ext of EXTENSIONS) {
        const { plan, findings } = await reportOf(read(version, 'partition-startup-pruning', ext), `p.${ext}`);
        expect(plan.nodes.find((n) => n.nodeType === 'Append')!.subplansRemoved).toBe(10);
        expect(findings).toEqual([]);
      }
    }
  });
});
