#!/usr/bin/env node
// A reader that stops early (`strata scan | head`) closes the pipe: strata then ends quietly.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
}
// `strata build` with nothing to do is answered from the no-op stamp before the rest of strata loads.
const { tryFastNoop } = await import('../dist/cli/fast-noop.js');
const fast = await tryFastNoop(process.argv.slice(2));
if (fast !== undefined) {
  process.exitCode = fast;
} else {
  const { main } = await import('../dist/cli/main.js');
  process.exitCode = await main(process.argv);
}
