import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { isMap, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import { SpecError, UsageError } from '../errors.js';
import { byteLength } from '../util/text.js';
import { checkFragments } from './fragments.js';
import { malformedPlaceholder } from './interpolate.js';
import { definitionKey, deriveIndexName } from './names.js';
import type { IndexSpec, Spec } from './types.js';
import { TOP_KEYS } from './keys.js';
import { validateStructure } from './validate.js';
import { Walker } from './yaml-walk.js';

export const MAX_SPEC_BYTES = 1024 * 1024;
const MAX_ALIASES = 100;

/** Read and fully validate a spec file. Throws SpecError listing every problem, naming the file as `shown`. */
export async function loadSpec(path: string, shown = path): Promise<Spec> {
  return parseSpec(await readSpecFile(path, shown), shown);
}

/**
 * A regular file only, read with a cap on the bytes actually read: a FIFO
 * would block forever (opened without blocking, it is refused), and a device
 * such as /dev/zero reports size 0 and never ends.
 */
async function readSpecFile(path: string, file: string): Promise<string> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
    if (!(await handle.stat()).isFile()) {
      throw new UsageError(`${file} is not a regular file; perfctl reads a spec only from a regular file`, { hint: 'Pass -f PATH of a YAML file (docs/spec.md).' });
    }
    const buffer = Buffer.alloc(MAX_SPEC_BYTES + 1);
    let length = 0;
    for (let n = -1; n !== 0 && length < buffer.length; length += n) n = (await handle.read(buffer, length, buffer.length - length, null)).bytesRead;
    if (length > MAX_SPEC_BYTES) throw new SpecError([{ file, line: 1, column: 1, path: '', message: `the file is over ${MAX_SPEC_BYTES} bytes; a spec may be at most ${MAX_SPEC_BYTES} bytes` }]);
    return buffer.subarray(0, length).toString('utf8');
  } catch (error) {
    if (error instanceof SpecError || error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new UsageError(`spec file not found: ${file}`, { hint: 'Pass -f PATH or set PERFCTL_FILE; docs/spec.md describes the format and the indexes.yaml shipped with perfctl is a starting point.' });
    }
    throw new UsageError(`cannot read spec file ${file}: ${(error as Error).message}`);
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/** Validate spec text; `file` is used in messages only. */
export async function parseSpec(text: string, file: string): Promise<Spec> {
  if (byteLength(text) > MAX_SPEC_BYTES) {
    throw new SpecError([{ file, line: 1, column: 1, path: '', message: `a spec may be at most ${MAX_SPEC_BYTES} bytes` }]);
  }
  const lines = new LineCounter();
  // YAML 1.2 core schema: no merge keys, no custom tags, duplicate keys rejected.
  const doc = parseDocument(text, { version: '1.2', schema: 'core', merge: false, uniqueKeys: true, strict: true, lineCounter: lines, prettyErrors: true });
  if (!specShaped(doc)) {
    // It may be anything (a symlink to ~/.pgpass, -f /etc/shadow): quote none of it.
    throw new SpecError([{ file, line: 1, column: 1, path: '', message: `does not look like a perfctl spec (a YAML mapping with ${TOP_KEYS.slice(0, 5).join(':, ')}: ...); nothing of it is shown` }]);
  }
  const w = new Walker(file, doc, lines);
  const yamlIssues = [...doc.errors, ...doc.warnings];
  for (const issue of yamlIssues) {
    const pos = issue.linePos?.[0];
    const frame = yamlFrame(issue.message);
    w.problems.push({ file, line: pos?.line ?? 1, column: pos?.col ?? 1, path: '', message: yamlMessage(issue.message), ...(frame ? { frame } : {}) });
  }
  if (doc.directives?.yaml.explicit && doc.directives.yaml.version !== '1.2') {
    w.problems.push({ file, line: 1, column: 1, path: '', message: `only YAML 1.2 is accepted; remove the %YAML ${doc.directives.yaml.version} directive` });
  }
  if (w.problems.length) throw new SpecError(w.problems);
  try {
    // Expands aliases once with a cap, so an alias bomb fails fast with bounded memory.
    doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (error) {
    throw new SpecError([{ file, line: 1, column: 1, path: '', message: `too many YAML aliases (${(error as Error).message})` }]);
  }

  const { spec: raw, fragments } = validateStructure(w, doc.contents);
  if (raw.database.url !== undefined) {
    const bad = malformedPlaceholder(raw.database.url);
    if (bad) w.add(raw.databaseUrlNode?.value, 'database.url', `malformed placeholder "${bad}"; write \${VAR} or \${VAR:-default}`);
  }
  await checkFragments(w, fragments);

  const indexes: IndexSpec[] = [];
  const byName = new Map<string, IndexSpec>();
  const byDefinition = new Map<string, IndexSpec>();
  // An entry with a problem (an unparsable where:, say) has no definition to compare: no "same definition" cascade.
  const faulty = new Set(w.problems.map((p) => /^indexes\[(\d+)\]/.exec(p.path)?.[1]).filter((i) => i !== undefined).map(Number));
  raw.indexes.forEach((entry, i) => {
    const { node, nameNode, name: givenName, ...definition } = entry;
    const index: IndexSpec = { ...definition, name: givenName ?? deriveIndexName(definition), nameGiven: givenName !== undefined };
    // A derived name of a faulty entry is derived from what is wrong: no "duplicate name" cascade either.
    const derivedFromFault = faulty.has(i) && givenName === undefined;
    const sameName = derivedFromFault ? undefined : byName.get(`${index.schema}.${index.name}`);
    if (sameName) {
      w.add(nameNode ?? node, `indexes[${i}].name`, `duplicate index name "${index.name}" (also at line ${sameName.pos.line})`);
    }
    const key = definitionKey(index);
    const sameDefinition = faulty.has(i) ? undefined : byDefinition.get(key);
    if (sameDefinition) {
      w.add(node, `indexes[${i}]`, `same definition as "${sameDefinition.name}" at line ${sameDefinition.pos.line}; one index serves both`);
    }
    if (!derivedFromFault) byName.set(`${index.schema}.${index.name}`, index);
    if (!faulty.has(i)) byDefinition.set(key, index);
    indexes.push(index);
  });
  if (w.problems.length) throw new SpecError(w.problems);
  const { databaseUrlNode: _node, indexes: _raw, ...rest } = raw;
  return { file, version: 1, ...rest, indexes };
}

/** A mapping at the top with at least one of the spec's own keys. */
function specShaped(doc: Document): boolean {
  const top = doc.contents;
  if (top === null || (isScalar(top) && (top.value === null || top.value === ''))) return true; // empty: said so below
  return isMap(top) && top.items.some((pair) => isScalar(pair.key) && (TOP_KEYS as readonly unknown[]).includes(pair.key.value));
}

function yamlMessage(message: string): string {
  // The yaml package appends a code frame on a new line: the message is the first line, the frame the rest.
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

function yamlFrame(message: string): string | undefined {
  const frame = message.split('\n').slice(1).join('\n').replace(/^\n+|\s+$/g, '');
  return frame === '' ? undefined : frame;
}
