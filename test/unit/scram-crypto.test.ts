import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import * as ours from '../../src/db/scram-crypto.js';

/** pg's own helpers (WebCrypto), which the shipped bundle replaces with src/db/scram-crypto.ts. */
const theirs = createRequire(import.meta.url)('pg/lib/crypto/utils.js') as typeof ours;

const bytes = (value: ArrayBuffer | ArrayBufferView) =>
  (value instanceof ArrayBuffer ? Buffer.from(value) : Buffer.from(value.buffer, value.byteOffset, value.byteLength)).toString('hex');

describe('SCRAM and MD5 helpers on node:crypto', () => {
  it('exports every helper pg uses', () => {
    expect(Object.keys(ours).sort()).toEqual(Object.keys(theirs).sort());
  });

  it('derives the same salted password as WebCrypto (PBKDF2-HMAC-SHA-256), for any password', async () => {
    const salt = Buffer.from('W22ZaJ0SNY7soEsUEjb6gQ==', 'base64');
    for (const password of ['pencil', 'pässwörd ✓', '']) {
      expect(bytes(await ours.deriveKey(password, salt, 4096))).toBe(bytes(await theirs.deriveKey(password, salt, 4096)));
    }
  });

  it('gives the same HMACs and digests, from Buffers and from ArrayBuffers', async () => {
    const key = await ours.deriveKey('pencil', Buffer.from('salt'), 16);
    const asArrayBuffer = new Uint8Array(key).buffer;
    for (const k of [key, asArrayBuffer]) expect(bytes(await ours.hmacSha256(k, 'Client Key'))).toBe(bytes(await theirs.hmacSha256(k, 'Client Key')));
    expect(bytes(await ours.sha256(key))).toBe(bytes(await theirs.sha256(key)));
    for (const name of ['SHA-256', 'SHA-384', 'SHA-512']) expect(bytes(await ours.hashByName(name, key))).toBe(bytes(await theirs.hashByName(name, key)));
  });

  it('computes the same MD5 password hash', async () => {
    const salt = Buffer.from([1, 2, 3, 4]);
    expect(await ours.postgresMd5PasswordHash('app', 'secret', salt)).toBe(await theirs.postgresMd5PasswordHash('app', 'secret', salt));
    expect(await ours.md5('abc')).toBe(await theirs.md5('abc'));
    expect(ours.randomBytes(18)).toHaveLength(18);
  });
});
