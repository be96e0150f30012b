import { setFlagsFromString } from 'node:v8';
import { processIo } from './io.js';
import { runCli } from './run.js';

/**
 * The process entry: wires signals to an AbortSignal and exits with the code.
 * First Ctrl-C (or SIGTERM): the command stops cleanly and exits 130.
 * Second: exit at once.
 */
// perfctl parses a handful of short statements per run with PostgreSQL's parser
// (libpg-query, WebAssembly), so it never needs optimised code; by default V8
// recompiles the 1.7 MB module with TurboFan in the background and the process
// then waits for that before it can exit (0.3–0.9 s measured on 2 cores).
// The baseline compiler alone starts at once.
setFlagsFromString('--liftoff-only');

const controller = new AbortController();
let interrupts = 0;
const onSignal = (signal: NodeJS.Signals) => {
  interrupts++;
  if (interrupts === 1) {
    process.stderr.write(`\n${signal === 'SIGINT' ? 'interrupted' : 'terminated'}: stopping cleanly (press Ctrl-C again to exit at once)\n`);
    controller.abort(signal);
    return;
  }
  process.stderr.write('exiting now; work on the server may still be running (run the command again to converge)\n');
  void import('../db/embedded.js').then((m) => m.killEmbeddedSync()).finally(() => process.exit(130));
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

const code = await runCli(process.argv.slice(2), processIo(), controller.signal);
process.exitCode = code;
// Pools end with allowExitOnIdle; anything else still holding the loop must not keep a CLI alive.
setTimeout(() => process.exit(code), 200).unref();
