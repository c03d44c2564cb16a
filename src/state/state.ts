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

/**
 * `state.json`; an absent file reads as empty (every image is then new). A file of the wrong shape or
 * cut short is set aside as `state.json.broken` (onProblem says so) and reads as empty too.
 */
export async function readState(root: string, onProblem?: (message: string) => void): Promise<StateFile> {
  const file = statePath(root);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    return emptyState();
  }
  try {
    const data = JSON.parse(text) as Partial<StateFile>;
    if (
      data?.version === 1 &&
      data.images &&
      typeof data.images === 'object' &&
      !Array.isArray(data.images)
    ) {
      return { version: 1, images: data.images };
    }
  } catch {
    // cut short or not JSON
  }
  const aside = `${file}.broken`;
  const moved = await fs.rename(file, aside).then(
    () => true,
    () => false,
  );
  onProblem?.(
    `${file} is not a state file strata can read${moved ? `; set aside as ${aside}` : ''}: every image counts as new`,
  );
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
