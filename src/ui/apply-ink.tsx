import { Box, render, Static, Text } from 'ink';
import { useSyncExternalStore } from 'react';
import type { Stream } from '../cli/io.js';
import type { ApplyEvent, ProgressInfo } from '../core/apply/types.js';
import { formatDuration } from '../util/text.js';
import { blockerText, cleanupText, progressFraction, progressText, resultText, stepText } from './apply-text.js';

interface Running {
  key: string;
  title: string;
  startedAt: number;
  progress?: ProgressInfo;
  phaseSince?: number;
  note?: string;
}

interface State {
  finished: Array<{ key: string; text: string; status: 'ok' | 'fail' | 'note' }>;
  running: Map<string, Running>;
}

/**
 * A store fed by the executor's events; the Ink component only reads it.
 * Finished actions are printed once (Static); running builds redraw with a
 * bar and an ETA for the phase PostgreSQL reports.
 */
function createStore() {
  let state: State = { finished: [], running: new Map() };
  const listeners = new Set<() => void>();
  let seq = 0;
  const set = (next: State) => {
    state = next;
    for (const l of listeners) l();
  };
  const note = (text: string, status: 'ok' | 'fail' | 'note') => ({ key: String(seq++), text, status });
  return {
    subscribe: (l: () => void) => (listeners.add(l), () => listeners.delete(l)),
    get: () => state,
    /** The end: nothing is running any more, so the live part of the frame goes. */
    settle: () => set({ finished: state.finished, running: new Map() }),
    apply(event: ApplyEvent) {
      const running = new Map(state.running);
      const finished = [...state.finished];
      switch (event.type) {
        case 'step-start':
          running.set(event.action.id, { key: event.action.id, title: stepText(event.action, event.step) + (event.attempt > 1 ? ` (attempt ${event.attempt})` : ''), startedAt: event.at });
          break;
        case 'progress': {
          const current = running.get(event.action.id);
          if (current) running.set(event.action.id, { ...current, progress: event.progress, phaseSince: current.progress?.phase === event.progress.phase ? current.phaseSince : event.at, note: undefined });
          break;
        }
        case 'blockers':
          finished.push(note(`! ${event.action.schema}.${event.step.index} will wait for: ${event.blockers.map(blockerText).join('; ')}`, 'note'));
          break;
        case 'retry':
          finished.push(note(`! ${event.error.message}; retrying ${event.attempt}/${event.retries} in ${formatDuration(event.delayMs)}${event.blockers.length ? ` (blocker: ${blockerText(event.blockers[0]!)})` : ''}`, 'note'));
          break;
        case 'cleanup':
          finished.push(note(cleanupText(event), event.state === 'dropped' ? 'ok' : 'note'));
          break;
        case 'action-done':
          running.delete(event.result.action.id);
          finished.push(note(resultText(event.result), event.result.status === 'done' ? 'ok' : event.result.status === 'failed' ? 'fail' : 'note'));
          break;
        case 'interrupt':
          finished.push(note(`interrupt: cancelling ${event.running} running statement(s) and dropping INVALID leftovers…`, 'note'));
          break;
        case 'action-start':
          return;
      }
      set({ finished, running });
    },
  };
}

type Store = ReturnType<typeof createStore>;

function Bar({ fraction, width = 24 }: { fraction: number; width?: number }) {
  const filled = Math.round(Math.max(0, Math.min(1, fraction)) * width);
  return <Text>{'█'.repeat(filled) + '░'.repeat(width - filled)}</Text>;
}

function RunningRow({ item, now }: { item: Running; now: number }) {
  const fraction = item.progress ? progressFraction(item.progress) : undefined;
  const inPhase = Math.max(0, now - (item.phaseSince ?? item.startedAt));
  const eta = fraction && fraction > 0.02 && fraction < 1 ? formatDuration((inPhase * (1 - fraction)) / fraction) : undefined;
  return (
    <Box flexDirection="column">
      <Text>
        <Text color="cyan">⠿ </Text>
        {item.title} <Text dimColor>{formatDuration(Math.max(0, now - item.startedAt))}</Text>
      </Text>
      {item.progress && (
        <Text>
          {'   '}
          {fraction !== undefined && <Bar fraction={fraction} />} <Text dimColor>{progressText(item.progress)}{eta ? `, phase ETA ${eta}` : ''}</Text>
        </Text>
      )}
    </Box>
  );
}

function ApplyView({ store, clock }: { store: Store; clock: { subscribe: (l: () => void) => () => void; get: () => number } }) {
  const state = useSyncExternalStore(store.subscribe, store.get);
  const now = useSyncExternalStore(clock.subscribe, clock.get);
  const mark = { ok: <Text color="green">✓ </Text>, fail: <Text color="red">✗ </Text>, note: <Text color="yellow">• </Text> };
  return (
    <>
      <Static items={state.finished}>{(item) => <Text key={item.key}>{mark[item.status]}{item.text}</Text>}</Static>
      {[...state.running.values()].map((item) => (
        <RunningRow key={item.key} item={item} now={now} />
      ))}
    </>
  );
}

/** Mount the view on stderr; the returned emit feeds it, close unmounts it and leaves the static lines. */
export function inkView(stderr: Stream): { emit: (event: ApplyEvent) => void; close: () => Promise<void> } {
  const store = createStore();
  let now = Date.now();
  const ticks = new Set<() => void>();
  const timer = setInterval(() => {
    now = Date.now();
    for (const l of ticks) l();
  }, 250);
  const clock = { subscribe: (l: () => void) => (ticks.add(l), () => ticks.delete(l)), get: () => now };
  // A real terminal stream is used as is; a bare writable (tests) gets the listener methods Ink expects.
  const stream = (typeof (stderr as Partial<NodeJS.WriteStream>).on === 'function'
    ? stderr
    : { isTTY: stderr.isTTY, columns: stderr.columns ?? 100, rows: 40, write: (chunk: string) => (stderr.write(chunk), true), on: () => stream, off: () => stream, removeListener: () => stream }) as NodeJS.WriteStream;
  const instance = render(<ApplyView store={store} clock={clock} />, { stdout: stream, stderr: stream, patchConsole: false, exitOnCtrlC: false });
  return {
    emit: (event) => store.apply(event),
    close: async () => {
      clearInterval(timer);
      // Unmounting leaves the last frame on screen: let it be one without running rows.
      store.settle();
      await new Promise((resolve) => setTimeout(resolve, 50));
      instance.unmount();
      await instance.waitUntilExit().catch(() => undefined);
    },
  };
}
