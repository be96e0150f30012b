import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Write a spec to a fresh temporary file and return its path. */
export function writeSpec(yaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'perfctl-spec-'));
  const file = join(dir, 'indexes.yaml');
  writeFileSync(file, yaml);
  return file;
}

/** A path in a fresh temporary folder, with nothing there yet. */
export function tempFile(name: string): string {
  return join(mkdtempSync(join(tmpdir(), 'perfctl-spec-')), name);
}
