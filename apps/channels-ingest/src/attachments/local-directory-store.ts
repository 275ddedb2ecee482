import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { MediaStore } from './media-store';

/** Attachments as files under one directory (the default store; one replica or a shared volume). */
export class LocalDirectoryStore implements MediaStore {
  readonly kind = 'local' as const;
  private readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  async put(key: string, body: Buffer): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    // Written aside and renamed would be atomic; a half-written file is only ever read by its own id after commit.
    await writeFile(path, body);
  }

  async get(key: string): Promise<Buffer | undefined> {
    try {
      return await readFile(this.pathOf(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async delete(keys: string[]): Promise<void> {
    await Promise.all(keys.map((key) => rm(this.pathOf(key), { force: true })));
  }

  async deletePrefix(prefix: string): Promise<number> {
    const directory = this.pathOf(prefix.replace(/\/$/, ''));
    const files = await readdir(directory).catch(() => []);
    await rm(directory, { recursive: true, force: true });
    return files.length;
  }

  /** Keys are ours (tenant and media uuids), but a key that escapes the root is refused all the same. */
  private pathOf(key: string): string {
    const path = resolve(join(this.root, key));
    if (path !== this.root && !path.startsWith(this.root + sep)) throw new Error(`media key ${key} leaves the store`);
    return path;
  }
}
