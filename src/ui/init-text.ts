import type { Theme } from '../cli/theme.js';
import type { InitSpec } from '../core/init/build.js';

export type InitSummary = { file: string; fromDb: false } | { file: string; fromDb: true; spec: InitSpec; warnings: string[] };

/** The `init --json` document (version 1); documented in docs/init.md. */
export interface InitDocument {
  version: 1;
  file: string;
  from_db: boolean;
  tables: number;
  indexes: Array<{ schema: string; table: string; name: string }>;
  constraint_indexes: Array<{ schema: string; table: string; index: string; constraint: string; definition: string }>;
  skipped: Array<{ schema: string; table: string; index: string; reason: string }>;
  attached_partition_indexes: number;
  queries: Array<{ name: string; no_seq_scan: boolean }>;
  /** Also printed on stderr, e.g. pg_stat_statements missing for --queries. */
  warnings: string[];
}

export function initJson(summary: InitSummary): InitDocument {
  const spec = summary.fromDb ? summary.spec : undefined;
  return {
    version: 1,
    file: summary.file,
    from_db: summary.fromDb,
    tables: spec?.tables.length ?? 0,
    indexes: spec?.found.entries.map((e) => ({ schema: e.schema, table: e.table, name: e.name })) ?? [],
    constraint_indexes: spec?.found.constraints ?? [],
    skipped: spec?.found.skipped ?? [],
    attached_partition_indexes: spec?.found.attached.length ?? 0,
    queries: spec?.queries.map((q) => ({ name: q.name, no_seq_scan: q.noSeqScan })) ?? [],
    warnings: summary.fromDb ? summary.warnings : [],
  };
}

export function renderInitText(theme: Theme, summary: InitSummary): string {
  if (!summary.fromDb) {
    return `${theme.ok('✓')} wrote ${summary.file}: a starter spec with commented examples\n${theme.dim(`next: edit it, then perfctl validate -f ${summary.file}`)}`;
  }
  const { found, tables, queries } = summary.spec;
  const schemas = new Set(tables.map((t) => t.schema)).size;
  const lines = [`${theme.ok('✓')} wrote ${summary.file}: ${plural(found.entries.length, 'index', 'indexes')} on ${plural(tables.length, 'table', 'tables')} in ${plural(schemas, 'schema', 'schemas')}${queries.length ? `, ${plural(queries.length, 'sample query', 'sample queries')}` : ''}`];
  if (found.constraints.length) lines.push(`  ${plural(found.constraints.length, 'constraint index', 'constraint indexes')} listed as comments (perfctl does not manage them)`);
  if (found.attached.length) lines.push(`  ${plural(found.attached.length, 'partition index', 'partition indexes')} attached to a partitioned index, managed through it`);
  if (found.skipped.length) {
    lines.push(theme.warn(`  ${plural(found.skipped.length, 'index', 'indexes')} left out (see the comments in the file):`));
    for (const s of found.skipped) lines.push(`    ${s.schema}.${s.table} ${s.index}: ${s.reason}`);
  }
  lines.push(theme.dim(`next: perfctl validate -f ${summary.file}, then perfctl indexes plan -f ${summary.file} (nothing to do)`));
  return lines.join('\n');
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
