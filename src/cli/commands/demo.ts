import { fileURLToPath } from 'node:url';
import { renderCreateIndex } from '../../core/sql.js';
import { worldSql } from '../../demo/world.js';
import { accessSummary, explainReadOnly } from '../../db/explain.js';
import type { Database } from '../../db/pool.js';
import { UsageError } from '../../errors.js';
import { loadSpec } from '../../spec/load.js';
import type { QuerySpec, Spec } from '../../spec/types.js';
import { formatDuration } from '../../util/text.js';
import type { Context } from '../context.js';
import { JSON_VERSION } from '../run.js';

const EXAMPLE_SPEC = fileURLToPath(new URL('../../../indexes.yaml', import.meta.url));

interface Timing {
  query: string;
  ms: number;
  access: string;
}

/** `perfctl demo`: a throwaway server, a realistic world, its queries before and after the spec's indexes. */
export async function demoCommand(ctx: Context, options: Record<string, unknown>): Promise<number> {
  if (ctx.options.db) throw new UsageError('demo creates and drops tables, so it runs only on the embedded PostgreSQL', { hint: 'Run `perfctl demo` without --db.' });
  const size = { users: count(options.users, '--users'), projects: count(options.projects, '--projects') };
  const started = performance.now();
  const spec = await loadSpec(EXAMPLE_SPEC);
  const db = await ctx.openDatabase('demo', { ...spec, database: { embedded: true } });
  const t = ctx.theme;

  step(ctx, 'Creating the demo world');
  for (const part of worldSql(size)) {
    const t0 = performance.now();
    await withoutTimeout(db, part.sql);
    ctx.out.info(`  ${part.label} ${t.dim(formatDuration(performance.now() - t0))}`);
  }

  step(ctx, `Sample queries before indexes (${spec.queries.length} from indexes.yaml)`);
  const before = await timeQueries(ctx, db, spec.queries);

  step(ctx, 'Plan: the spec against the live catalog');
  const statements = spec.indexes.map((index) => ({ index: index.name, sql: renderCreateIndex(index, { concurrently: true }) }));
  for (const s of statements) ctx.out.info(`  + ${s.sql};`);

  step(ctx, 'Apply: building online (CREATE INDEX CONCURRENTLY)');
  const builds: Array<{ index: string; ms: number }> = [];
  for (const s of statements) {
    const t0 = performance.now();
    await withoutTimeout(db, s.sql);
    builds.push({ index: s.index, ms: performance.now() - t0 });
    ctx.out.info(`  ${t.ok('✓')} ${s.index} ${t.dim(formatDuration(performance.now() - t0))}`);
  }
  await withoutTimeout(db, 'ANALYZE users, projects');

  step(ctx, 'Sample queries after indexes');
  const after = await timeQueries(ctx, db, spec.queries);
  const totalMs = performance.now() - started;

  if (ctx.options.json) {
    ctx.out.json({
      version: JSON_VERSION,
      size,
      queries: spec.queries.map((q, i) => ({ name: q.name, before_ms: before[i]!.ms, after_ms: after[i]!.ms, before_plan: before[i]!.access, after_plan: after[i]!.access })),
      builds: builds.map((b) => ({ index: b.index, ms: b.ms })),
      total_ms: totalMs,
    });
    return 0;
  }
  await renderComparison(ctx, spec, before, after);
  ctx.out.print(`\nDemo finished in ${formatDuration(totalMs)} (${size.users.toLocaleString('en-US')} users, ${size.projects.toLocaleString('en-US')} projects).`);
  return 0;
}

function step(ctx: Context, title: string): void {
  ctx.out.info(`\n${ctx.errTheme.bold(`▸ ${title}`)}`);
}

async function timeQueries(ctx: Context, db: Database, queries: QuerySpec[]): Promise<Timing[]> {
  const timings: Timing[] = [];
  for (const query of queries) {
    // The median of three runs, so one cold cache does not decide the comparison.
    const runs: number[] = [];
    let result;
    for (let i = 0; i < 3; i++) {
      result = await explainReadOnly(db, query.sql, query.params, { analyze: true, timeoutMs: 30_000 });
      runs.push((result['Execution Time'] ?? 0) + (result['Planning Time'] ?? 0));
    }
    const ms = runs.sort((a, b) => a - b)[1]!;
    timings.push({ query: query.name, ms, access: accessSummary(result!.Plan) });
    ctx.out.info(`  ${query.name.padEnd(18)} ${formatDuration(ms).padStart(9)}  ${ctx.errTheme.dim(accessSummary(result!.Plan))}`);
  }
  return timings;
}

async function renderComparison(ctx: Context, spec: Spec, before: Timing[], after: Timing[]): Promise<void> {
  const { default: Table } = await import('cli-table3');
  const table = new Table({ head: ['query', 'before', 'after', 'speed-up', 'plan after'], style: { head: ctx.theme.enabled ? ['cyan'] : [], border: ctx.theme.enabled ? ['grey'] : [] } });
  spec.queries.forEach((q, i) => {
    const b = before[i]!;
    const a = after[i]!;
    table.push([q.name, formatDuration(b.ms), formatDuration(a.ms), `${(b.ms / Math.max(a.ms, 0.001)).toFixed(0)}x`, a.access]);
  });
  ctx.out.print(table.toString());
}

/** Demo DDL and index builds run without the pool's statement_timeout, on a client that is then discarded. */
async function withoutTimeout(db: Database, sql: string): Promise<void> {
  const client = await db.connect();
  try {
    await client.query('SET statement_timeout = 0');
    await client.query(sql);
  } finally {
    client.release(true);
  }
}

function count(value: unknown, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 50_000_000) throw new UsageError(`${flag} must be a whole number between 1 and 50000000`);
  return n;
}
