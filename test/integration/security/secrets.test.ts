import { execFileSync } from 'node:child_process';
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPerfctl, type CliResult } from '../../helpers/cli.js';

/** A password with a quote and a backslash (JSON escapes both) and mixed case. */
const CANARY = 'Cn4ry"Pw\\Zq';
const forms = [CANARY, CANARY.toLowerCase(), CANARY.toUpperCase(), JSON.stringify(CANARY).slice(1, -1), encodeURIComponent(CANARY), 'Cn4ry', 'cn4ry', 'CN4RY'];

function expectNoCanary(result: CliResult): void {
  for (const form of forms) {
    expect(result.stdout, `stdout holds ${form}`).not.toContain(form);
    expect(result.stderr, `stderr holds ${form}`).not.toContain(form);
  }
}

const dir = mkdtempSync(join(tmpdir(), 'perfctl-secrets-'));

describe('no secret is printed', () => {
  it.each([
    ['sslmode', `host=127.0.0.1 port=1 sslmode= password='${CANARY.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}' dbname=app`],
    ['dbname', `host=127.0.0.1 port=1 dbname= password=${CANARY.replace(/\\/g, '\\\\')}`],
    ['sslmode, lower-cased by the check', `host=127.0.0.1 port=1 sslmode= password=Cn4ryPwZq`],
  ])('a key/value string with an empty %s before password=', async (_what, conninfo) => {
    for (const json of [[], ['--json']]) {
      const result = await runPerfctl(['doctor', '--db', conninfo, ...json]);
      expect(result.code, result.stderr).toBe(2);
      expectNoCanary(result);
    }
    const result = await runPerfctl(['doctor', '--db', conninfo]);
    expect(result.stderr).toMatch(/an empty value followed by another setting/);
  });

  it('a URL whose password JSON escapes, in a connection failure with --json', async () => {
    const url = `postgres://ada:${encodeURIComponent(CANARY)}@127.0.0.1:1/app?sslmode=disable`;
    const result = await runPerfctl(['doctor', '--db', url, '--json']);
    expect(result.code).toBe(3);
    expectNoCanary(result);
  });

  it('a spec that is a symlink to a password file is not quoted', async () => {
    const pgpass = join(dir, 'pgpass');
    writeFileSync(pgpass, `localhost:5432:*:ada:${CANARY}\ndb.example.com:5432:app:bob:${CANARY}\n`);
    symlinkSync(pgpass, join(dir, 'indexes.yaml'));
    const result = await runPerfctl(['validate', '-f', join(dir, 'indexes.yaml')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('does not look like a perfctl spec');
    expectNoCanary(result);
  });

  it('a file of colon-separated lines (like /etc/shadow) is not quoted line by line', async () => {
    const shadow = join(dir, 'shadow');
    writeFileSync(shadow, `root:${CANARY}:20228:0:99999:7:::\nada:$6$${CANARY}:20228:0:99999:7:::\n`);
    const result = await runPerfctl(['validate', '-f', shadow, '--json']);
    expect(result.code).toBe(2);
    expectNoCanary(result);
  });

  it('-f on a FIFO is refused at once (no hang), and /dev/zero cannot get past the size cap', async () => {
    const fifo = join(dir, 'fifo.yaml');
    execFileSync('mkfifo', [fifo]);
    const started = Date.now();
    const result = await runPerfctl(['validate', '-f', fifo]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('is not a regular file');
    const zero = await runPerfctl(['validate', '-f', '/dev/zero']);
    expect(zero.code).toBe(2);
    expect(zero.stderr).toContain('is not a regular file');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('a regular file over the cap is refused', async () => {
    const big = join(dir, 'big.yaml');
    writeFileSync(big, `version: 1\n# ${'x'.repeat(1024 * 1024)}\n`);
    const result = await runPerfctl(['validate', '-f', big]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/at most 1048576 bytes/);
  });
});
