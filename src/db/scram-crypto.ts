import { createHash, createHmac, pbkdf2, randomBytes as nodeRandomBytes } from 'node:crypto';

/**
 * What pg's SCRAM and MD5 authentication ask of its `lib/crypto/utils.js`,
 * done with node:crypto rather than WebCrypto. The shipped bundle puts this
 * module in place of pg's (scripts/bundle.mjs): pg 8.2x only uses WebCrypto,
 * which on Node 20 loads a dozen modules and sends every HMAC and digest of
 * the handshake through the thread pool, about 9 ms of each connection a
 * short-lived CLI makes. The answers are byte for byte the same
 * (test/unit/scram-crypto.test.ts compares them with pg's own module).
 */

/** What pg hands over: Buffers, or the ArrayBuffers its WebCrypto helpers would have returned. */
type Bytes = ArrayBuffer | ArrayBufferView;

export function randomBytes(length: number): Buffer {
  return nodeRandomBytes(length);
}

export async function md5(text: string | Buffer): Promise<string> {
  return createHash('md5').update(text).digest('hex');
}

export async function postgresMd5PasswordHash(user: string, password: string, salt: Buffer): Promise<string> {
  const inner = await md5(password + user);
  return `md5${await md5(Buffer.concat([Buffer.from(inner), salt]))}`;
}

export async function sha256(data: Bytes): Promise<Buffer> {
  return createHash('sha256').update(bytes(data)).digest();
}

/** WebCrypto names ('SHA-256', as pg's certificate code returns them) in node:crypto's spelling. */
export async function hashByName(hashName: string, data: Bytes): Promise<Buffer> {
  return createHash(hashName.replace('-', '').toLowerCase()).update(bytes(data)).digest();
}

export async function hmacSha256(key: Bytes, message: string): Promise<Buffer> {
  return createHmac('sha256', bytes(key)).update(message, 'utf8').digest();
}

/** PBKDF2-HMAC-SHA-256, 32 bytes; computed off the main thread, as WebCrypto's is. */
export function deriveKey(password: string, salt: Uint8Array, iterations: number): Promise<Buffer> {
  return new Promise((resolve, reject) => pbkdf2(password, salt, iterations, 32, 'sha256', (error, key) => (error ? reject(error) : resolve(key))));
}

function bytes(data: Bytes): Buffer {
  if (Buffer.isBuffer(data)) return data;
  return ArrayBuffer.isView(data) ? Buffer.from(data.buffer, data.byteOffset, data.byteLength) : Buffer.from(data);
}
