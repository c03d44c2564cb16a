import { promises as fs } from 'node:fs';
import type { Fingerprint } from '../model/plan.js';
import { writeFileAtomic } from '../util/fs.js';
import { statePath } from './paths.js';

/** What strata remembers of an image's last build: its fingerprint with all parts, so reasons can be given. */
export interface ImageState {
  fingerprint: Fingerprint;
  tags: string[];
  /** The engine's image id of the result. */
  imageId?: string;
  /** ISO time of the build or reuse. */
  at: string;
  how: 'built' | 'reused';
}

export interface StateFile {
  version: 1;
  images: Record<string, ImageState>;
}

function emptyState(): StateFile {
  return { version: 1, images: {} };
}

/** `.strata/state.json`; an absent or unreadable file reads as empty (every image is then new). */
export async function readState(root: string): Promise<StateFile> {
  try {
    const data = JSON.parse(await fs.readFile(statePath(root), 'utf8')) as Partial<StateFile>;
    if (data.version === 1 && data.images && typeof data.images === 'object') {
      return { version: 1, images: data.images };
    }
  } catch {
    // absent or corrupt: start over
  }
  return emptyState();
}

/** The last fingerprint of every image, as decide() takes it. */
export function previousFingerprints(state: StateFile): Record<string, Fingerprint> {
  return Object.fromEntries(Object.entries(state.images).map(([id, s]) => [id, s.fingerprint]));
}

/**
 * Records images as they are built or reused. Writes are queued one after the other, each re-reading the
 * file and replacing it atomically, so parallel builds (and another strata process) do not lose entries.
 */
export class StateRecorder {
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly root: string) {}

  record(id: string, entry: ImageState): Promise<void> {
    const next = this.queue.then(async () => {
      const state = await readState(this.root);
      state.images[id] = entry;
      await writeFileAtomic(statePath(this.root), `${JSON.stringify(state, null, 2)}\n`, {
        private: true,
      });
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Resolves when every queued write is done. */
  flush(): Promise<void> {
    return this.queue;
  }
}
