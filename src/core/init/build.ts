import type { InitCatalog, InitTable } from '../../db/catalog/init-read.js';
import { UsageError } from '../../errors.js';
import { normaliseFragment, type FragmentResult } from '../../spec/fragments.js';
import { MAX_SPEC_BYTES } from '../../spec/load.js';
import { byteLength, formatBytes } from '../../util/text.js';
import { initDocument } from './document.js';
import { entriesFromCatalog, fragmentKey, fragmentsOf, type InitEntries } from './entries.js';
import type { SampleQuery } from './queries.js';

export interface InitSpec {
  text: string;
  tables: InitTable[];
  found: InitEntries;
  queries: SampleQuery[];
}

/**
 * The spec text for the chosen tables. Expressions and predicates come from
 * the catalog as PostgreSQL prints them and are rebuilt from their parse
 * tree, exactly as the spec loader rebuilds what a person writes.
 */
export async function buildInitSpec(input: { header: string[]; tables: InitTable[]; catalog: InitCatalog; queries?: SampleQuery[]; queryNotes?: string[] }): Promise<InitSpec> {
  const fragments = new Map<string, FragmentResult>();
  for (const { kind, text } of fragmentsOf(input.catalog.indexes)) {
    const key = fragmentKey(kind, text);
    if (!fragments.has(key)) fragments.set(key, await normaliseFragment(kind, text, { fromCatalog: true }));
  }
  const found = entriesFromCatalog(input.tables, input.catalog.indexes, fragments);
  const queries = input.queries ?? [];
  const text = initDocument({
    header: input.header,
    tables: input.tables,
    found,
    availableConnections: input.catalog.availableConnections,
    queries,
    queryNotes: input.queryNotes ?? [],
  });
  if (byteLength(text) > MAX_SPEC_BYTES) {
    throw new UsageError(`${found.entries.length} indexes make a spec of ${formatBytes(byteLength(text))}; perfctl reads specs of up to ${formatBytes(MAX_SPEC_BYTES)}`, {
      hint: 'Write one file per schema or group of tables with --schema and --table.',
    });
  }
  return { text, tables: input.tables, found, queries };
}
