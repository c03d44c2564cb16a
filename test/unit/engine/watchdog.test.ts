import { describe, expect, test } from 'vitest';
import { createProgressParser } from '../../../src/engine/progress/index.js';
import { matchPrompt, Watchdog, type WatchdogTrip } from '../../../src/engine/watchdog.js';
import { readRecorded } from '../recorded.js';

/**
 * Replays a recorded build whose lines carry the time they arrived (`<epoch seconds> <line>`),
 * checking the watchdog every 250 ms of replayed time, up to `tailMs` after the last line.
 */
function replay(file: string, options: ConstructorParameters<typeof Watchdog>[0], tailMs: number) {
  const lines = readRecorded('engine/progress', file)
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => {
      const i = l.indexOf(' ');
      return { at: Math.round(Number(l.slice(0, i)) * 1000), text: l.slice(i + 1) };
    });
  const start = lines[0]?.at ?? 0;
  const watchdog = new Watchdog(options, start);
  const parser = createProgressParser();
  let trip: { at: number; trip: WatchdogTrip } | undefined;
  let now = start;
  const checkUntil = (t: number) => {
    for (; now <= t && !trip; now += 250) {
      const found = watchdog.check(now);
      if (found) trip = { at: now - start, trip: found };
    }
  };
  for (const line of lines) {
    checkUntil(line.at);
    if (trip) break;
    watchdog.output(line.at);
    for (const ev of parser.push(line.text, line.at)) watchdog.observe(ev);
  }
  const last = lines[lines.length - 1]?.at ?? start;
  checkUntil(last + tailMs);
  return { trip, lastOutputMs: last - start };
}

describe('prompt and stall detection on recorded, timed builds', () => {
  test('a RUN that prints a tzdata menu and then waits is stopped as a prompt after the silence', () => {
    // Recorded: BuildKit flushes the unterminated "Geographic area: " only when the build is cancelled,
    // so the detector must recognise the lines before it.
    const lines = readRecorded('engine/progress', 'buildkit-prompt-cancelled.timed.log').split('\n');
    const firstMenuLine = lines.find((l) => l.includes('Please select the geographic area')) ?? '';
    const menuAt = Number(firstMenuLine.split(' ')[0]) * 1000;
    const start = Number(lines[0]?.split(' ')[0]) * 1000;
    const { trip } = replay('buildkit-prompt-cancelled.timed.log', { promptTimeoutMs: 5000 }, 0);
    expect(trip?.trip.kind).toBe('prompt');
    expect(trip?.trip.prompt).toBe('Please select the geographic area in which you live.');
    expect(trip?.trip.step).toMatch(/^\[2\/2\] RUN echo "Setting up tzdata/);
    expect(trip?.trip.message).toMatch(/waits for an answer/);
    // tripped 5 s after the menu, long before the recorded cancel 12 s in
    expect(trip?.at).toBeGreaterThanOrEqual(menuAt - start + 5000);
    expect(trip?.at).toBeLessThan(menuAt - start + 5500);
  });

  test("real tzdata under BuildKit: debconf's Teletype reads EOF and goes on, so no prompt trip", () => {
    const { trip } = replay('buildkit-tzdata-teletype.timed.log', { promptTimeoutMs: 2000 }, 60_000);
    expect(trip).toBeUndefined();
  });

  test('stall: no output for stallTimeoutMs', () => {
    const { trip } = replay(
      'buildkit-tzdata-teletype.timed.log',
      { stallTimeoutMs: 1500, promptTimeoutMs: 0 },
      60_000,
    );
    expect(trip?.trip.kind).toBe('stalled');
    expect(trip?.trip.message).toMatch(/^no output for 2 s/);
  });

  test('no limits, no trip', () => {
    expect(
      replay('buildkit-prompt-cancelled.timed.log', { promptTimeoutMs: 0 }, 600_000).trip,
    ).toBeUndefined();
  });
});

test.each([
  ['Geographic area: ', true],
  ['Please select the geographic area in which you live. Subsequent configuration', true],
  ['Configuring tzdata', true],
  ['Do you want to continue? [Y/n] ', true],
  ['Country of origin for the keyboard: ', true],
  ['Are you sure you want to continue connecting (yes/no/[fingerprint])? ', true],
  ['debconf: falling back to frontend: Teletype', false],
  ['Setting up tzdata (2026b-0+deb12u1) ...', false],
  ['Configuring tzdata for the first time is slow', false],
])('matchPrompt(%j) -> %s', (line, isPrompt) => {
  expect(matchPrompt(line) !== undefined).toBe(isPrompt);
});
