import { UsageError } from '../../errors.js';
import { parseDuration } from '../../util/text.js';

/** `perfctl explain` flags, validated. */
export interface ExplainFlags {
  sql?: string;
  query?: string;
  all: boolean;
  planFile?: string;
  params?: string[];
  analyze: boolean;
  buffers: boolean;
  settings: boolean;
  allowDml: boolean;
  timeoutMs: number;
  save?: string;
  compare?: string;
  /** Also write the plan view as a self-contained HTML page. */
  html?: string;
}

export const DEFAULT_TIMEOUT = '30s';
/** Lock waits get at most this long, whatever the statement timeout: perfctl must not queue in front of others. */
export const MAX_LOCK_TIMEOUT_MS = 5_000;

export function readFlags(options: Record<string, unknown>, args: string[]): ExplainFlags {
  const timeoutMs = parseDuration(String(options.timeout ?? DEFAULT_TIMEOUT));
  if (timeoutMs === undefined || timeoutMs < 1) throw new UsageError(`--timeout "${String(options.timeout)}" is not a duration (e.g. 500ms, 30s, 2m)`);
  const params = options.param as string[] | undefined;
  const flags: ExplainFlags = {
    sql: args[0],
    query: options.query as string | undefined,
    all: options.all === true,
    planFile: options.plan as string | undefined,
    params: params && params.length > 0 ? params : undefined,
    analyze: options.analyze !== false,
    buffers: options.buffers !== false,
    settings: options.settings === true,
    allowDml: options.allowDml === true,
    timeoutMs,
    save: options.save as string | undefined,
    compare: options.compare as string | undefined,
    html: options.html as string | undefined,
  };
  const sources = [flags.sql !== undefined && 'a SQL argument', flags.query && '--query', flags.all && '--all', flags.planFile && '--plan'].filter(Boolean);
  if (sources.length === 0) throw new UsageError('nothing to explain', { hint: 'Give SQL ("perfctl explain \'SELECT ...\'"), - for stdin, --query NAME, --all or --plan FILE.' });
  if (sources.length > 1) throw new UsageError(`give one of a SQL argument, --query, --all or --plan (got ${sources.join(' and ')})`);
  if (flags.all && (flags.save || flags.compare || flags.params)) throw new UsageError('--save, --compare and --param apply to one statement, not --all');
  if (flags.planFile && flags.params) throw new UsageError('--param has no effect with --plan: the plan has already run');
  return flags;
}
