import { readdirSync, statSync, type Dirent } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { closest, pushAll } from '../model/index.js';

/** A path as users see it: relative to the working directory. */
export function displayPath(path: string): string {
  return relative(resolve(), path) || path;
}

/** A file next to `path` whose name is close to its name (a likely typo), or undefined. Never throws. */
export function similarFile(path: string): string | undefined {
  try {
    const near = closest(basename(path), readdirSync(dirname(path)));
    return near === undefined ? undefined : join(dirname(path), near);
  } catch {
    return undefined;
  }
}

/** Most directory entries one `check` walks before giving up (a guard against pointing it at `/`). */
const MAX_WALK_ENTRIES = 10_000;

/**
 * Finds scenario files: files as given; directories searched recursively for .yaml/.yml/.json, sorted, skipping
 * hidden directories and node_modules, never following symbolic links. Problems (missing paths, unreadable
 * directories, too many entries) come back as usage messages, never as exceptions.
 */
export function collectScenarioFiles(paths: readonly string[]): { files: string[]; usage: string[]; found: ReadonlySet<string> } {
  return collectInputFiles(paths, 'scenario');
}

/**
 * Finds input files: files as given; directories searched recursively for .yaml/.yml/.json files. `found` holds
 * the files found by searching a directory (as opposed to named), which a command may skip when they are of the
 * other kind.
 */
export function collectInputFiles(
  paths: readonly string[],
  what: 'scenario' | 'model',
  options: { missingAsFiles?: boolean } = {},
): { files: string[]; usage: string[]; found: ReadonlySet<string> } {
  const files: string[] = [];
  const usage: string[] = [];
  const walked = new Set<string>();
  for (const p of paths) {
    let isDir: boolean;
    try {
      isDir = statSync(p).isDirectory();
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // validate reports a missing file as a diagnostic of that file, like any other problem with it.
      if (options.missingAsFiles) {
        files.push(p);
        continue;
      }
      usage.push(code === 'ENOENT' ? `${p === '' ? 'an empty path' : p} does not exist` : `${p} cannot be read (${code ?? 'error'})`);
      continue;
    }
    if (!isDir) {
      files.push(p);
      continue;
    }
    const budget = { entries: 0 };
    const problems: string[] = [];
    const found = walk(p, problems, budget);
    if (budget.entries > MAX_WALK_ENTRIES) {
      // Nothing under such a tree is run: it is not a scenario directory.
      usage.push(`${p} holds more than ${MAX_WALK_ENTRIES.toLocaleString('en-US')} files and directories; name the scenario directory itself`);
      continue;
    }
    pushAll(usage, problems);
    if (found.length === 0) usage.push(`${p} contains no .yaml, .yml or .json ${what} files`);
    pushAll(files, found);
    for (const f of found) walked.add(f);
  }
  const unique = [...new Set(files)];
  return { files: unique, usage, found: new Set(unique.filter((f) => walked.has(f) && !paths.includes(f))) };
}

const MODEL_KEYS = ['region', 'accounts', 'vpcs', 'securityGroups', 'networkAcls', 'instances', 'loadBalancers', 'endpointServices', 'endpoints'];

/** What a parsed document looks like: a scenario (model + expectations), a model (its top-level lists), or neither. */
export function documentKind(data: unknown): 'model' | 'scenario' | 'unknown' {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return 'unknown';
  const keys = Object.keys(data);
  if (keys.includes('expectations') || (keys.includes('model') && !keys.some((k) => MODEL_KEYS.includes(k)))) return 'scenario';
  if (keys.some((k) => MODEL_KEYS.includes(k) && k !== 'region')) return 'model';
  return 'unknown';
}

function walk(dir: string, usage: string[], budget: { entries: number }): string[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    usage.push(`cannot read directory ${dir} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    return [];
  }
  const out: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (++budget.entries > MAX_WALK_ENTRIES) return out;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      pushAll(out, walk(full, usage, budget));
    } else if (entry.isFile() && /\.(ya?ml|json)$/i.test(entry.name)) out.push(full);
  }
  return out;
}
