import { describe, expect, it } from 'vitest';
import { parsePsqlScript, ScriptError } from '../../src/util/psql-script.js';

const parts = (text: string) => parsePsqlScript(text).items.map((i) => ({ kind: i.kind, text: text.slice(i.start, i.end).trim(), ...(i.kind === 'copy' ? { data: i.data, dataLine: i.dataLine } : {}) }));
const errorOf = (text: string) => {
  try {
    parsePsqlScript(text);
  } catch (error) {
    if (error instanceof ScriptError) return `${error.line}: ${error.message}`;
    throw error;
  }
  return 'no error';
};

describe('parsePsqlScript', () => {
  it('keeps runs of SQL in one piece and skips psql set-up commands, with their lines', () => {
    const text = '\\restrict abc123\nSET x = 1;\nCREATE TABLE t (id int);\n\\unrestrict abc123\n';
    const script = parsePsqlScript(text);
    expect(parts(text)).toEqual([{ kind: 'sql', text: 'SET x = 1;\nCREATE TABLE t (id int);' }]);
    expect(script.skipped).toEqual([{ line: 1, command: '\\restrict' }, { line: 4, command: '\\unrestrict' }]);
  });

  it('does not cut inside quotes, dollar quotes, E-strings or comments', () => {
    const text = [
      "COMMENT ON TABLE t IS 'a; b \\ c''d';",
      "SELECT E'it\\'s; \\\\'; -- a comment; with \\i in it",
      'CREATE FUNCTION f() RETURNS text LANGUAGE plpgsql AS $body$ BEGIN RETURN \';\\n\'; END $body$;',
      '/* block; /* nested \\connect */ still */ SELECT "we;ird" FROM t;',
    ].join('\n');
    expect(parts(text)).toEqual([{ kind: 'sql', text }]);
  });

  it('takes COPY data up to \\. and says where it starts', () => {
    const text = 'CREATE TABLE t (a int, b text);\nCOPY public.t (a, b) FROM stdin;\n1\tx\\.y\n2\t\\N\n\\.\nSELECT 1;\n';
    expect(parts(text)).toEqual([
      { kind: 'sql', text: 'CREATE TABLE t (a int, b text);' },
      { kind: 'copy', text: 'COPY public.t (a, b) FROM stdin;', data: '1\tx\\.y\n2\t\\N\n', dataLine: 3 },
      { kind: 'sql', text: 'SELECT 1;' },
    ]);
  });

  it('sets ownership and grants apart, one statement each', () => {
    const text = 'CREATE TABLE t (id int);\n\nALTER TABLE t OWNER TO app;\nGRANT SELECT ON t TO app;\nCREATE INDEX i ON t (id);';
    expect(parts(text).map((p) => p.kind)).toEqual(['sql', 'privileges', 'privileges', 'sql']);
    expect(text.slice(parsePsqlScript(text).items[1]!.start).startsWith('ALTER TABLE t OWNER')).toBe(true);
  });

  it('refuses other meta-commands, meta-commands inside a statement and unterminated text, with the line', () => {
    expect(errorOf('SELECT 1;\n\\connect other\n')).toBe('2: \\connect is a psql meta-command perfctl does not run (it only skips \\restrict, \\unrestrict, \\set, \\unset, \\pset, \\encoding, \\echo, \\qecho, \\timing, \\setenv)');
    expect(errorOf('\\ir more.sql')).toMatch(/^1: \\ir is a psql meta-command/);
    expect(errorOf('SELECT 1\n\\gexec\n')).toBe("2: \\gexec inside a statement: perfctl runs SQL, not psql's query buffer commands");
    expect(errorOf('\\.\n')).toMatch(/^1: \\\. is a psql meta-command/);
    expect(errorOf("SELECT 1;\nSELECT 'open")).toBe('2: unterminated quoted string');
    expect(errorOf('SELECT $x$ body')).toBe('1: unterminated dollar-quoted string $x$');
    expect(errorOf('COPY t FROM stdin;\n1\n')).toBe('1: COPY … FROM stdin has no end-of-data line (\\.)');
  });
});
