import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbedded, type EmbeddedServer } from '../../src/db/embedded.js';
import { runPerfctl } from '../helpers/cli.js';

/** A TLS server on loopback with a self-signed certificate for "localhost", to check that each sslmode means what libpq says. */
let server: EmbeddedServer;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'perfctl-tls-'));
  const cert = join(dir, 'server.crt');
  const key = join(dir, 'server.key');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost', '-keyout', key, '-out', cert], { stdio: 'ignore' });
  chmodSync(key, 0o600);
  chmodSync(dir, 0o755);
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    chownSync(key, uid, gid);
    chownSync(cert, uid, gid);
  }
  server = await startEmbedded({ settings: { ssl: 'on', ssl_cert_file: cert, ssl_key_file: key } });
});
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const url = (host: string, query: string) => `postgres://postgres:${encodeURIComponent(server.password)}@${host}:${server.port}/postgres?${query}`;
const doctor = async (dbUrl: string) => {
  const result = await runPerfctl(['doctor', '--json', '--db', dbUrl]);
  return { ...result, doc: result.code === 0 ? JSON.parse(result.stdout) : undefined };
};

describe('sslmode', () => {
  it('require encrypts without verifying', async () => {
    const r = await doctor(url('127.0.0.1', 'sslmode=require'));
    expect(r.code).toBe(0);
    expect(r.doc.connection.tls).toBe(true);
  });

  it('prefer uses TLS when the server offers it', async () => {
    const r = await doctor(url('127.0.0.1', 'sslmode=prefer'));
    expect(r.doc.connection.tls).toBe(true);
  });

  it('verify-full accepts the right host with the CA, and refuses a wrong host', async () => {
    const ca = join(dir, 'server.crt');
    expect((await doctor(url('localhost', `sslmode=verify-full&sslrootcert=${ca}`))).code).toBe(0);
    const wrong = await doctor(url('127.0.0.1', `sslmode=verify-full&sslrootcert=${ca}`));
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toMatch(/TLS verification failed/);
  });

  it('verify-ca checks the chain but not the host name', async () => {
    const ca = join(dir, 'server.crt');
    expect((await doctor(url('127.0.0.1', `sslmode=verify-ca&sslrootcert=${ca}`))).code).toBe(0);
  });

  it('verify-full without the CA refuses the self-signed certificate', async () => {
    const r = await doctor(url('localhost', 'sslmode=verify-full'));
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/TLS verification failed .*self[- ]signed/i);
    expect(r.stderr).toMatch(/sslrootcert/);
  });

  it('disable connects in plain text', async () => {
    const r = await doctor(url('127.0.0.1', 'sslmode=disable'));
    expect(r.doc.connection.tls).toBe(false);
  });
});
