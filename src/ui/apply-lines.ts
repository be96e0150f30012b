import type { Output } from '../cli/io.js';
import type { Theme } from '../cli/theme.js';
import type { ApplyEvent } from '../core/apply/types.js';
import { formatDuration } from '../util/text.js';
import { blockerText, cleanupText, progressText, resultText, stepText } from './apply-text.js';

/**
 * Apply events as plain, timestamped lines on stderr: for CI logs and any
 * stderr that is not a terminal. Progress is printed when the phase changes,
 * and otherwise at most every `progressEveryMs`.
 */
export function lineRenderer(out: Output, t: Theme, progressEveryMs = 10_000): (event: ApplyEvent) => void {
  const lastProgress = new Map<number, { phase: string; at: number }>();
  const line = (at: number, text: string) => out.info(`${t.dim(new Date(at).toISOString().slice(11, 19))} ${text}`);
  return (event) => {
    switch (event.type) {
      case 'step-start':
        lastProgress.delete(event.pid);
        line(event.at, `${stepText(event.action, event.step)}${event.attempt > 1 ? ` (attempt ${event.attempt})` : ''} ${t.dim(`[pid ${event.pid}]`)}`);
        break;
      case 'blockers':
        line(event.at, `${t.warn('!')} ${event.action.schema}.${event.step.index} will wait for ${event.blockers.length} session${event.blockers.length === 1 ? '' : 's'}:`);
        for (const b of event.blockers) out.info(`           ${blockerText(b)}`);
        break;
      case 'progress': {
        const previous = lastProgress.get(event.progress.pid);
        if (previous && previous.phase === event.progress.phase && event.at - previous.at < progressEveryMs) break;
        lastProgress.set(event.progress.pid, { phase: event.progress.phase, at: event.at });
        line(event.at, `  ${event.action.schema}.${event.step.index}: ${progressText(event.progress)} ${t.dim(`(${formatDuration(event.at - event.startedAt)})`)}`);
        break;
      }
      case 'retry':
        line(event.at, `${t.warn('!')} ${event.error.message}; retrying ${event.attempt}/${event.retries} in ${formatDuration(event.delayMs)}`);
        for (const b of event.blockers) out.info(`           blocker: ${blockerText(b)}`);
        break;
      case 'cleanup':
        line(event.at, `${event.state === 'dropped' ? t.ok('✓') : t.warn('!')} ${cleanupText(event)}`);
        break;
      case 'action-done': {
        const mark = event.result.status === 'done' ? t.ok('✓') : event.result.status === 'failed' ? t.error('✗') : t.warn('■');
        line(event.at, `${mark} ${resultText(event.result)}`);
        if (event.result.error?.hint) out.info(t.dim(`           hint: ${event.result.error.hint}`));
        break;
      }
      case 'interrupt':
        line(event.at, `${t.warn('interrupt:')} cancelling ${event.running} running statement${event.running === 1 ? '' : 's'} on the server and dropping INVALID leftovers…`);
        break;
      case 'action-start':
        break;
    }
  };
}
