import { describe, expect, it } from 'vitest';
import { findings } from '../../../src/core/explain/analyse.js';
import { comparePlans } from '../../../src/core/explain/compare.js';
import { parsePlanFile } from '../../../src/core/explain/plan-file.js';
import { fixturePlan, rawFixture } from '../../helpers/plans.js';

describe('comparePlans', () => {
  it('reports the access path, rows read, time and findings that changed', async () => {
    const seq = await fixturePlan('seq-scan-filter');
    const healthy = await fixturePlan('healthy');
    const changes = comparePlans({ plan: seq, findings: findings({ plan: seq, tables: [] }) }, { plan: healthy, findings: [] });
    expect(changes.find((c) => c.kind === 'time')?.effect).toBe('improvement');
    expect(changes.find((c) => c.kind === 'access' && c.message.startsWith('users:'))).toMatchObject({ effect: 'improvement', before: 'Seq Scan on users', after: 'Index Scan using users_pkey on users u' });
    expect(changes.find((c) => c.kind === 'finding')).toMatchObject({ effect: 'improvement', before: 'seq-scan-filter' });
    expect(changes.find((c) => c.kind === 'join')).toMatchObject({ before: 'no joins', after: 'Nested Loop' });
  });

  it('finds nothing to report between a plan and itself, beyond "about the same time"', async () => {
    const plan = await fixturePlan('heap-fetches');
    const changes = comparePlans({ plan, findings: [] }, { plan, findings: [] });
    expect(changes).toEqual([expect.objectContaining({ kind: 'time', effect: 'change' })]);
  });
});

describe('parsePlanFile', () => {
  it('reads psql aligned output with its header and + continuations', () => {
    const json = JSON.stringify([rawFixture('healthy')], null, 2).split('\n');
    const psql = [' QUERY PLAN ', '------------', ...json.map((l) => ` ${l} +`), '(1 row)'].join('\n');
    expect(parsePlanFile(psql, 'psql.txt').raw.Plan['Node Type']).toBe('Nested Loop');
  });

  it('names what is wrong with a file that is not a plan', () => {
    expect(() => parsePlanFile('{"hello": 1}', 'x.json')).toThrow(/x.json is not an EXPLAIN \(FORMAT JSON\) output/);
    expect(() => parsePlanFile('Seq Scan on t  (cost=0.00..1.00 rows=1 width=4)', 'plan.txt')).toThrow(/not valid JSON/);
  });
});
