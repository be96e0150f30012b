import { processIo } from './io.js';
import { runCli } from './run.js';

/**
 * The process entry: wires signals to an AbortSignal and exits with the code.
 * First Ctrl-C (or SIGTERM): the command stops cleanly and exits 130.
 * Second: exit at once.
 */
const controller = new AbortController();
const io = processIo();
let interrupts = 0;
const onSignal = (signal: NodeJS.Signals) => {
  interrupts++;
  if (interrupts === 1) {
    // A live view says it itself, in its own frame.
    if (!io.live) process.stderr.write(`\n${signal === 'SIGINT' ? 'interrupted' : 'terminated'}: stopping cleanly (press Ctrl-C again to exit at once)\n`);
    controller.abort(signal);
    return;
  }
  process.stderr.write('exiting now; work on the server may still be running (run the command again to converge)\n');
  void import('../db/embedded.js').then((m) => m.killEmbeddedSync()).finally(() => process.exit(130));
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

void runCli(process.argv.slice(2), io, controller.signal).then((code) => {
  process.exitCode = code;
  // Everything is cleaned up; what is left are sockets closing behind a Terminate already sent. Exit once
  // stdout and stderr have been flushed rather than wait for them.
  let pending = 2;
  const flushed = () => {
    if (--pending === 0) process.exit(code);
  };
  process.stdout.write('', flushed);
  process.stderr.write('', flushed);
  setTimeout(() => process.exit(code), 200).unref();
});
