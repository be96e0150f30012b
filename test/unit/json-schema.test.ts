import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as K from '../../src/spec/keys.js';

const schema = JSON.parse(readFileSync('schema/indexes.schema.json', 'utf8'));
const keys = (node: { properties: Record<string, unknown> }) => Object.keys(node.properties).sort();

/** The shipped JSON Schema and the validator must accept exactly the same keys. */
describe('schema/indexes.schema.json', () => {
  it('matches the validator key by key', () => {
    expect(keys(schema)).toEqual([...K.TOP_KEYS].sort());
    expect(keys(schema.properties.database.oneOf[1])).toEqual([...K.DATABASE_KEYS].sort());
    expect(keys(schema.properties.pool)).toEqual([...K.POOL_KEYS].sort());
    expect(keys(schema.properties.defaults)).toEqual([...K.DEFAULTS_KEYS].sort());
    expect(keys(schema.properties.budgets)).toEqual([...K.BUDGET_KEYS].sort());
    expect(keys(schema.$defs.index)).toEqual([...K.INDEX_KEYS].sort());
    expect(keys(schema.$defs.column.oneOf[1])).toEqual([...K.COLUMN_KEYS].sort());
    expect(keys(schema.$defs.query)).toEqual([...K.QUERY_KEYS].sort());
    expect(keys(schema.$defs.query.properties.expect)).toEqual([...K.EXPECT_KEYS].sort());
    expect(keys(schema.properties.tables.items.oneOf[1])).toEqual([...K.TABLE_KEYS].sort());
  });
  it('is referenced from the example spec and shipped in the package', () => {
    expect(readFileSync('indexes.yaml', 'utf8')).toMatch(/schema\/indexes\.schema\.json/);
    expect(JSON.parse(readFileSync('package.json', 'utf8')).files).toContain('schema');
  });
});
