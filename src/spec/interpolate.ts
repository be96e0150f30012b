import { SpecError } from '../errors.js';
import type { Spec } from './types.js';

const PLACEHOLDER = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/** Variables a template needs that the environment does not have (and that have no default). */
export function missingVariables(template: string, env: NodeJS.ProcessEnv): string[] {
  const missing: string[] = [];
  for (const match of template.matchAll(PLACEHOLDER)) {
    const [, name, fallback] = match;
    if (name && fallback === undefined && (env[name] === undefined || env[name] === '')) missing.push(name);
  }
  return missing;
}

/** Malformed placeholders such as "${" without a closing brace or "${1X}". */
export function malformedPlaceholder(template: string): string | undefined {
  const stripped = template.replace(PLACEHOLDER, '');
  const bad = /\$\{[^}]*\}?/.exec(stripped);
  return bad?.[0];
}

/**
 * `${VAR}` and `${VAR:-default}` from the environment. A missing variable is a
 * spec error that names the variable and never shows any value.
 */
export function interpolate(template: string, env: NodeJS.ProcessEnv): string {
  return template.replace(PLACEHOLDER, (_, name: string, fallback: string | undefined) => {
    const value = env[name];
    return value === undefined || value === '' ? fallback ?? '' : value;
  });
}

export function specDatabaseUrl(spec: Spec, env: NodeJS.ProcessEnv): string | undefined {
  const template = spec.database.url;
  if (template === undefined) return undefined;
  const missing = missingVariables(template, env);
  if (missing.length > 0) {
    const pos = spec.database.urlPos ?? { line: 1, column: 1 };
    throw new SpecError(
      missing.map((name) => ({
        file: spec.file,
        ...pos,
        path: 'database.url',
        message: `environment variable ${name} is not set (use \${${name}:-default} for a fallback)`,
      })),
      { hint: `Set ${missing.join(', ')} or pass --db.` },
    );
  }
  return interpolate(template, env);
}
