import { randomBytes } from 'node:crypto';
import { containersWithLabel, removeContainers, removeImages } from '../engine/container.js';
import type { DockerTarget } from '../engine/exec.js';

/** The label on every container a verify run makes; its value is the run id. */
export const RUN_LABEL = 'strata.verify.run';

/**
 * What one verify run made on the engine. Names carry the run id, so two runs at once never share a name,
 * and `cleanup` removes what this run made (by name and by label) and nothing else.
 */
export class VerifySession {
  readonly runId: string;
  private seq = 0;
  private readonly images = new Set<string>();

  constructor(
    readonly target: DockerTarget,
    runId?: string,
  ) {
    this.runId = runId ?? randomBytes(4).toString('hex');
  }

  /** A fresh container name: `strata-verify-<runId>-<n>`. */
  containerName(): string {
    this.seq++;
    return `strata-verify-${this.runId}-${this.seq}`;
  }

  /** A fresh tag for an image made by setup commands; removed by cleanup. */
  imageTag(): string {
    this.seq++;
    const tag = `strata-verify-tmp:${this.runId}-${this.seq}`;
    this.images.add(tag);
    return tag;
  }

  get labels(): Record<string, string> {
    return { [RUN_LABEL]: this.runId };
  }

  /** Removes every container labelled with this run and every temporary image. Never throws. */
  async cleanup(): Promise<void> {
    try {
      const left = await containersWithLabel(this.target, `${RUN_LABEL}=${this.runId}`);
      await removeContainers(this.target, left);
      await removeImages(this.target, [...this.images]);
      this.images.clear();
    } catch {
      // The engine went away: nothing more can be removed.
    }
  }
}
