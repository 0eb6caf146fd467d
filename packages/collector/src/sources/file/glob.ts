/**
 * File globs (`*`, `?`, `**`, `[abc]`) → the files that match, without a dependency. A glob is
 * walked from its longest literal directory prefix, so `/var/log/*.log` reads one directory.
 */
import fs from 'node:fs/promises';
import path from 'node:path';

export function globToRegExp(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] ?? '';
    if (c === '*') {
      if (glob[i + 1] === '*') {
        // `**/` matches zero or more directories.
        const slash = glob[i + 2] === '/';
        out += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 1);
      if (close < 0) out += '\\[';
      else {
        out += `[${glob.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else out += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

/** The directory to start walking from: the glob's segments before the first wildcard. */
export function globRoot(glob: string): { root: string; recursive: boolean; depth: number } {
  const segments = path.resolve(glob).split('/');
  const first = segments.findIndex((segment) => /[*?[]/.test(segment));
  if (first < 0) return { root: path.dirname(path.resolve(glob)), recursive: false, depth: 1 };
  const rest = segments.slice(first);
  return { root: segments.slice(0, first).join('/') || '/', recursive: rest.includes('**'), depth: rest.length };
}

export async function expandGlobs(include: readonly string[], exclude: readonly string[], excludeExtensions: readonly string[]): Promise<string[]> {
  const excluded = exclude.map((glob) => globToRegExp(path.resolve(glob)));
  const extensions = new Set(excludeExtensions.map((ext) => `.${ext.toLowerCase()}`));
  const found = new Set<string>();
  for (const glob of include) {
    const pattern = globToRegExp(path.resolve(glob));
    const { root, recursive, depth } = globRoot(glob);
    for (const file of await walk(root, recursive ? Infinity : depth)) {
      if (!pattern.test(file) || excluded.some((re) => re.test(file))) continue;
      if (extensions.has(path.extname(file).toLowerCase())) continue;
      found.add(file);
    }
  }
  return [...found].sort();
}

async function walk(dir: string, depth: number): Promise<string[]> {
  if (depth <= 0) return [];
  let entries;
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch {
    return []; // a directory that does not exist (yet) matches nothing
  }
  const out: string[] = [];
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isFile()) out.push(full);
    else if (entry.isDirectory() && depth > 1) out.push(...(await walk(full, depth - 1)));
  }
  return out;
}
