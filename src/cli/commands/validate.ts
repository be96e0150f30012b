import { SpecError } from '../../errors.js';
import { missingVariables } from '../../spec/interpolate.js';
import type { Context } from '../context.js';
import { JSON_VERSION } from '../run.js';

/** `perfctl validate`: the spec, checked completely, offline. */
export async function validateCommand(ctx: Context): Promise<number> {
  const file = ctx.specPath().shown;
  try {
    const spec = await ctx.loadSpec();
    // Offline, a variable may legitimately be absent (CI sets it later): a warning, not an error.
    const warnings = spec.database.url ? missingVariables(spec.database.url, ctx.env).map((name) => `database.url uses \${${name}}, which is not set here`) : [];
    if (ctx.options.json) {
      ctx.out.json({ version: JSON_VERSION, valid: true, file, indexes: spec.indexes.length, queries: spec.queries.length, warnings, problems: [] });
      return 0;
    }
    for (const warning of warnings) ctx.out.warn(`${ctx.errTheme.warn('warning:')} ${warning}`);
    ctx.out.print(`${ctx.theme.ok('✓')} ${file} is valid: ${plural(spec.indexes.length, 'index', 'indexes')}, ${plural(spec.queries.length, 'query', 'queries')}`);
    return 0;
  } catch (error) {
    if (error instanceof SpecError && ctx.options.json) {
      ctx.out.json({ version: JSON_VERSION, valid: false, file, indexes: 0, queries: 0, warnings: [], problems: error.problems });
      return error.exitCode;
    }
    throw error;
  }
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
