import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPerfctl } from '../../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { indexes } from '../../helpers/indexes.js';
import { tempFile } from '../../helpers/spec.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('init_cli');
  await db.sql(`CREATE EXTENSION IF NOT EXISTS bloom;
    CREATE TABLE users (id int PRIMARY KEY, email text, name text);
    CREATE INDEX users_email ON users (email);
    CREATE INDEX users_bloom ON users USING bloom (id);
    CREATE SCHEMA billing;
    CREATE TABLE billing.invoices (id int, due date);
    CREATE INDEX invoices_due ON billing.invoices (due DESC);
    CREATE TABLE billing.audit (id int)`);
});
afterAll(async () => db?.drop());

describe('perfctl init', () => {
  it('without --from-db writes a commented starter that validates', async () => {
    const file = tempFile('indexes.yaml');
    const result = await runPerfctl(['init', '-f', file]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('a starter spec');
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^#  - name: idx_users_email_active/m);
    const valid = await runPerfctl(['validate', '-f', file, '--json']);
    expect(JSON.parse(valid.stdout)).toMatchObject({ valid: true, indexes: 0, queries: 0 });
  });

  it('never overwrites a file without --force: exit 2 naming it, the file untouched', async () => {
    const file = tempFile('indexes.yaml');
    writeFileSync(file, 'version: 1 # mine\n');
    for (const args of [['init'], ['init', '--from-db', '--db', db.url]]) {
      const result = await runPerfctl([...args, '-f', file]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`${file} already exists; perfctl init does not overwrite it`);
      expect(result.stderr).toContain('--force');
    }
    expect(readFileSync(file, 'utf8')).toBe('version: 1 # mine\n');
    const forced = await runPerfctl(['init', '--from-db', '--db', db.url, '-f', file, '--force', '--table', 'users']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('name: users_email');
    expect(readdirSync(dirname(file))).toEqual(['indexes.yaml']);
  });

  it('--table and --schema choose tables by glob, --json describes what was written and left out', async () => {
    const file = tempFile('indexes.yaml');
    const result = await runPerfctl(['init', '--from-db', '--db', db.url, '-f', file, '--json', '--table', 'users', '--table', 'billing.inv*']);
    expect(result.code, result.stderr).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc).toEqual({
      version: 1,
      file,
      from_db: true,
      tables: 2,
      indexes: [
        { schema: 'billing', table: 'invoices', name: 'invoices_due' },
        { schema: 'public', table: 'users', name: 'users_email' },
      ],
      constraint_indexes: [{ schema: 'public', table: 'users', index: 'users_pkey', constraint: 'primary-key', definition: 'PRIMARY KEY (id)' }],
      skipped: [{ schema: 'public', table: 'users', index: 'users_bloom', reason: 'access method bloom: the spec manages btree, hash, gist, spgist, gin, brin indexes' }],
      attached_partition_indexes: 0,
      queries: [],
      warnings: [],
    });
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('#   primary key users_pkey: PRIMARY KEY (id)');
    expect(text).toContain('#   skipped users_bloom: access method bloom');
    expect(text).not.toContain('audit');
    const plan = await indexes(db, 'plan', file, ['--json']);
    expect(plan.code, plan.stderr).toBe(0);
    expect(JSON.parse(plan.stdout).actions).toEqual([]);
  });

  it('a glob that matches nothing is exit 2 naming it, and nothing is written', async () => {
    const file = tempFile('indexes.yaml');
    const result = await runPerfctl(['init', '--from-db', '--db', db.url, '-f', file, '--schema', 'Billing']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no table matches --schema Billing');
    expect(result.stderr).toContain('billing');
    expect(existsSync(file)).toBe(false);
  });

  it('database flags without --from-db are a usage error', async () => {
    const result = await runPerfctl(['init', '-f', tempFile('indexes.yaml'), '--schema', 'public']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('add --from-db');
  });

  it('prints a short summary for a person', async () => {
    const file = tempFile('indexes.yaml');
    const result = await runPerfctl(['init', '--from-db', '--db', db.url, '-f', file, '--schema', 'billing']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`wrote ${file}: 1 index on 2 tables in 1 schema`);
    expect(readFileSync(file, 'utf8')).toContain('defaults: {schema: billing}');
  });
});
