import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS_QUERIES, CORPUS_SETUP, EXPLAIN_FORMATS, explainCorpusQuery } from '../helpers/explain-corpus.js';
import { runPerfctl } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { corpusModel } from '../helpers/explain-model.js';

/**
 * Every corpus query on this server, in text, JSON, YAML and XML: the four
 * must read into the same plan and the same findings. With
 * PERFCTL_WRITE_EXPLAIN_CORPUS=1 the outputs are also written as fixtures.
 */
let db: TestDatabase;
let major = 0;
const WRITE = process.env.PERFCTL_WRITE_EXPLAIN_CORPUS === '1';

beforeAll(async () => {
  db = await createTestDatabase('explain_corpus');
  for (const sql of CORPUS_SETUP) await db.sql(sql);
  major = Math.floor(Number((await db.sql<{ server_version_num: string }>('SHOW server_version_num'))[0]!.server_version_num) / 10000);
}, 180_000);
afterAll(async () => db?.drop());

describe('explain corpus: every format of the same query reads the same', () => {
  it.each(CORPUS_QUERIES.map((q) => [q.name, q] as const))('%s', async (_name, query) => {
    if (query.since && major < query.since) return;
    const client = await db.client();
    // Each format is a run of its own; a parallel plan whose workers could not all launch (a busy server
    // has none to spare) counts its loops differently. Such runs are taken again, up to three times.
    let outputs: Record<string, string> = {};
    let models: Awaited<ReturnType<typeof corpusModel>>[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      outputs = {};
      for (const format of EXPLAIN_FORMATS) outputs[format] = await explainCorpusQuery(client, query, format);
      models = await Promise.all(EXPLAIN_FORMATS.map((format) => corpusModel(outputs[format]!, `${query.name}.${format}`)));
      const launched = EXPLAIN_FORMATS.map((format) => workersLaunched(outputs[format]!));
      if (launched.every((n) => n === launched[0])) break;
    }
    if (WRITE) {
      const dir = new URL(`../fixtures/explain/corpus/pg${major}/`, import.meta.url);
      mkdirSync(dir, { recursive: true });
      for (const format of EXPLAIN_FORMATS) writeFileSync(new URL(`${query.name}.${format === 'text' ? 'txt' : format}`, dir), `${outputs[format]}\n`);
    }
    for (const model of models.slice(1)) expect(model.shape).toEqual(models[0]!.shape);
    for (const model of models) expect(model.findings).toEqual(query.findings);
  });
});

describe('perfctl explain --plan -', () => {
  it('reads a text plan this server printed, pasted with psql noise, from stdin', async () => {
    const query = CORPUS_QUERIES.find((q) => q.name === 'join-unindexed-fk')!;
    const client = await db.client();
    const text = await explainCorpusQuery(client, query, 'text');
    const pasted = [' QUERY PLAN ', '-'.repeat(40), ...text.split('\n').map((l) => ` ${l}`), `(${text.split('\n').length} rows)`].join('\n');
    const result = await runPerfctl(['explain', '--plan', '-', '--json'], { stdin: pasted });
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc.findings.map((f: { rule: string }) => f.rule).sort()).toEqual(['join-seq-scan', 'seq-scan-filter']);
    expect(doc.notes[0]).toMatch(/^text plan, PostgreSQL ≥ \d+ shape/);
    const human = await runPerfctl(['explain', '--plan', '-'], { stdin: pasted });
    expect(human.stdout).not.toContain('need EXPLAIN ANALYZE');
    expect(human.stderr).toMatch(/note: text plan/);
  });
});

/** Workers launched over the whole plan, in any format (text "Workers Launched: 2", JSON "Workers Launched": 2, YAML, XML). */
function workersLaunched(output: string): number {
  let total = 0;
  for (const m of output.matchAll(/Workers[ _-]Launched"?\s*[:>]\s*(\d+)/gi)) total += Number(m[1]);
  return total;
}
