import fs from 'node:fs';
import path from 'node:path';

/**
 * The project's folder (the one with package.json), found from this file's place: the same
 * whether the server runs from its TypeScript sources or from the built bundle in `build/`.
 */
function findProjectRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

export const PROJECT_ROOT = findProjectRoot(import.meta.dirname);

/** A path inside the project, e.g. `projectPath('demo')`. */
export const projectPath = (...parts: string[]): string => path.join(PROJECT_ROOT, ...parts);
