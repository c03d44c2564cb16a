import type { BuildEvent } from './types.js';

/**
 * Watches a build's events for two ways of hanging: a step that prints nothing for `stallTimeoutMs`,
 * and an interactive prompt (tzdata's "Geographic area", debconf, apt's `[Y/n]`) followed by
 * `promptTimeoutMs` of silence. A prompt that is answered or skipped (debconf's Teletype frontend
 * reads EOF under BuildKit and goes on) is forgotten as soon as its step ends.
 * Pure state: feed it events with their times, ask `check(now)`.
 */

export interface WatchdogOptions {
  /** Trip after this long without any output. Off when absent or 0. */
  stallTimeoutMs?: number;
  /** Trip after a prompt-like line followed by this long without output. Off when 0. */
  promptTimeoutMs?: number;
}

export interface WatchdogTrip {
  kind: 'stalled' | 'prompt';
  message: string;
  /** The step that was running (`[2/3] RUN apt-get install -y tzdata`). */
  step?: string;
  /** The prompt line, for 'prompt'. */
  prompt?: string;
  silentForMs: number;
}

const DEFAULT_PROMPT_TIMEOUT_MS = 30_000;

const PROMPTS: RegExp[] = [
  /Geographic area:/,
  /Please select the geographic area/,
  /Time zone:\s*$/,
  /^Configuring [a-z0-9][a-z0-9.+-]*$/,
  /Country of origin for the keyboard/,
  /Keyboard layout:\s*$/,
  /\[Y\/n\]|\[y\/N\]/,
  /Do you want to continue\?/,
  /\(yes\/no(\/\[fingerprint\])?\)\?\s*$/,
  /Press (\[)?ENTER(\])? to continue/i,
  /Proceed \(\[?y\]?\/\[?n\]?\)\?/i,
];

/** The prompt a log line shows, or undefined. */
export function matchPrompt(text: string): string | undefined {
  const line = text.trim();
  return PROMPTS.some((re) => re.test(line)) ? line : undefined;
}

/** How many lines after a prompt line still belong to its question (menus are long). */
const PROMPT_WINDOW_LINES = 150;

export class Watchdog {
  private lastOutputAt: number;
  private running = new Map<string, string>();
  private lastStarted: string | undefined;
  private prompt: { text: string; vertex: string; linesAfter: number } | undefined;

  constructor(
    private readonly options: WatchdogOptions,
    startedAt: number,
  ) {
    this.lastOutputAt = startedAt;
  }

  /** Any output line, parsed or not, counts as output. */
  output(at: number): void {
    this.lastOutputAt = Math.max(this.lastOutputAt, at);
  }

  observe(event: BuildEvent): void {
    this.output(event.at);
    switch (event.type) {
      case 'step-start':
        this.running.set(event.vertex, event.name);
        this.lastStarted = event.vertex;
        break;
      case 'step-cached':
      case 'step-done':
      case 'step-error':
        this.running.delete(event.vertex);
        if (this.prompt?.vertex === event.vertex) this.prompt = undefined;
        break;
      case 'log': {
        const prompt = matchPrompt(event.text);
        if (prompt) {
          this.prompt = { text: prompt, vertex: event.vertex, linesAfter: 0 };
        } else if (this.prompt && ++this.prompt.linesAfter > PROMPT_WINDOW_LINES) {
          this.prompt = undefined;
        }
        break;
      }
    }
  }

  private currentStep(): string | undefined {
    if (this.prompt) return this.running.get(this.prompt.vertex) ?? this.lastName();
    return this.lastName();
  }

  private lastName(): string | undefined {
    if (this.lastStarted && this.running.has(this.lastStarted)) return this.running.get(this.lastStarted);
    const names = [...this.running.values()];
    return names[names.length - 1];
  }

  check(now: number): WatchdogTrip | undefined {
    const silentForMs = now - this.lastOutputAt;
    const promptTimeout = this.options.promptTimeoutMs ?? DEFAULT_PROMPT_TIMEOUT_MS;
    const step = this.currentStep();
    const where = step ? ` in step ${step}` : '';
    if (this.prompt && promptTimeout > 0 && silentForMs >= promptTimeout) {
      const trip: WatchdogTrip = {
        kind: 'prompt',
        message: `the build waits for an answer to "${this.prompt.text}"${where} (no output for ${formatSeconds(silentForMs)})`,
        prompt: this.prompt.text,
        silentForMs,
      };
      if (step) trip.step = step;
      return trip;
    }
    const stall = this.options.stallTimeoutMs ?? 0;
    if (stall > 0 && silentForMs >= stall) {
      const trip: WatchdogTrip = {
        kind: 'stalled',
        message: `no output for ${formatSeconds(silentForMs)}${where}`,
        silentForMs,
      };
      if (step) trip.step = step;
      return trip;
    }
    return undefined;
  }
}

function formatSeconds(ms: number): string {
  const s = Math.round(ms / 1000);
  return s >= 120 ? `${Math.round(s / 60)} min` : `${s} s`;
}
