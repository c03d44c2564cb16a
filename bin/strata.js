#!/usr/bin/env node
// `strata build` with nothing to do is answered from the no-op stamp before the rest of strata loads.
const { tryFastNoop } = await import('../dist/cli/fast-noop.js');
const fast = await tryFastNoop(process.argv.slice(2));
if (fast !== undefined) {
  process.exitCode = fast;
} else {
  const { main } = await import('../dist/cli/main.js');
  process.exitCode = await main(process.argv);
}
