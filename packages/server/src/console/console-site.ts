/**
 * Serves the built web console (packages/console/dist) at `/`.
 *
 * Invariants:
 * - It never answers a path of the HEC receiver, the management API or the metrics: anything under
 *   `/api/`, `/services/` or at `/metrics` is left to the next handler (they are tried first anyway;
 *   this guard keeps a typo in their routing from ever turning into an HTML page).
 * - Only GET and HEAD. Other methods fall through to the server's JSON 404.
 * - A path that names no file and does not look like one (no dot in its last segment, not under
 *   `/assets/`) is a client-side route: it answers index.html, so every console URL can be shared.
 *   A missing asset is a plain 404, never HTML (a browser would otherwise run HTML as a script).
 * - Hashed assets (`/assets/…`, the build puts a content hash in their names) are cached for a year;
 *   index.html and the other files are `no-cache` (revalidated with their ETag), so a new build is
 *   picked up on the next load.
 * - Files are read from disk on each request (the directory may be rebuilt while Hecate runs); gzip
 *   bodies of text files are kept in memory per file version (size + mtime), and the set is bounded.
 */
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

/** dist/console/ → packages/console/dist (the same relative place from src/console/). */
export const CONSOLE_DIST_DIR = fileURLToPath(new URL('../../../console/dist/', import.meta.url));

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** Worth compressing; images and fonts already are. */
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.webmanifest', '.map', '.svg', '.txt']);

const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

/**
 * The console talks only to its own origin. Inline scripts are never needed (the build emits files);
 * styles set from script go through the CSSOM, which `style-src 'self'` allows.
 */
const HTML_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'",
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
};

/** Gzip bodies kept at once; a build has a few dozen files, so this only guards against churn. */
const MAX_GZIP_ENTRIES = 256;

export interface ConsoleSite {
  /** Answers the request and returns true when it is the console's; false leaves it to the caller. */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
}

export interface ConsoleSiteOptions {
  /** The built console (default CONSOLE_DIST_DIR). */
  root?: string;
  /** Called when a file that exists cannot be read (an I/O error, not a missing file). */
  onError?: (err: unknown, path: string) => void;
}

/** true for paths the console must never answer. */
export function isReservedPath(pathname: string): boolean {
  return pathname === '/api' || pathname.startsWith('/api/') || pathname === '/services' || pathname.startsWith('/services/') || pathname === '/metrics';
}

export function createConsoleSite(options: ConsoleSiteOptions = {}): ConsoleSite {
  const root = normalize(options.root ?? CONSOLE_DIST_DIR).replace(/[\\/]+$/, '') + sep;
  const gzipCache = new Map<string, Buffer>();

  async function serve(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    const relative = safeRelativePath(pathname);
    if (relative === undefined) return notFound(res);
    const file = relative === '' ? undefined : await fileAt(join(root, relative));
    if (file !== undefined) return sendFile(req, res, file.path, file.size, file.mtimeMs, relative.startsWith('assets/') ? IMMUTABLE : REVALIDATE);
    if (looksLikeFile(relative)) return notFound(res);
    const index = await fileAt(join(root, 'index.html'));
    if (index === undefined) return notBuilt(res);
    return sendFile(req, res, index.path, index.size, index.mtimeMs, REVALIDATE);
  }

  async function sendFile(req: IncomingMessage, res: ServerResponse, path: string, size: number, mtimeMs: number, cacheControl: string): Promise<void> {
    const ext = extname(path).toLowerCase();
    const etag = `W/"${size.toString(16)}-${Math.floor(mtimeMs).toString(16)}"`;
    const headers: Record<string, string | number> = {
      'Content-Type': CONTENT_TYPES[ext] ?? 'application/octet-stream',
      'Cache-Control': cacheControl,
      ETag: etag,
      'X-Content-Type-Options': 'nosniff',
      ...(ext === '.html' ? HTML_HEADERS : {}),
    };
    const compressible = COMPRESSIBLE.has(ext);
    if (compressible) headers.Vary = 'Accept-Encoding';
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, headers).end();
      return;
    }
    const head = req.method === 'HEAD';
    if (compressible && acceptsGzip(req.headers['accept-encoding'])) {
      const key = `${path}\0${etag}`;
      let body = gzipCache.get(key);
      if (body === undefined) {
        body = gzipSync(await readFile(path));
        if (gzipCache.size >= MAX_GZIP_ENTRIES) gzipCache.clear();
        gzipCache.set(key, body);
      }
      res.writeHead(200, { ...headers, 'Content-Encoding': 'gzip', 'Content-Length': body.length }).end(head ? undefined : body);
      return;
    }
    res.writeHead(200, { ...headers, 'Content-Length': size });
    if (head) {
      res.end();
      return;
    }
    const stream = createReadStream(path);
    stream.on('error', (err) => {
      options.onError?.(err, path);
      res.destroy();
    });
    stream.pipe(res);
  }

  return {
    handle(req, res) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return false;
      const raw = req.url ?? '/';
      const q = raw.indexOf('?');
      const pathname = q < 0 ? raw : raw.slice(0, q);
      if (isReservedPath(pathname)) return false;
      req.resume();
      serve(req, res, pathname).catch((err: unknown) => {
        options.onError?.(err, pathname);
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' }).end('the console file could not be read\n');
        else res.destroy();
      });
      return true;
    },
  };
}

/**
 * The path inside the console directory, without the leading slash, or undefined when it cannot name a
 * file there: undecodable, a NUL byte, a `..` or dot-file segment, or a backslash (a separator on Windows).
 */
export function safeRelativePath(pathname: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const segments = decoded.split('/').filter((s) => s !== '');
  if (segments.some((s) => s.startsWith('.'))) return undefined;
  return segments.join('/');
}

function looksLikeFile(relative: string): boolean {
  return relative.startsWith('assets/') || (relative.split('/').pop() ?? '').includes('.');
}

async function fileAt(path: string): Promise<{ path: string; size: number; mtimeMs: number } | undefined> {
  try {
    const info = await stat(path);
    return info.isFile() ? { path, size: info.size, mtimeMs: info.mtimeMs } : undefined;
  } catch {
    return undefined;
  }
}

function acceptsGzip(header: string | undefined): boolean {
  if (header === undefined) return false;
  return header.split(',').some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    if (coding !== 'gzip') return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

function notFound(res: ServerResponse): void {
  res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' }).end('Not found\n');
}

function notBuilt(res: ServerResponse): void {
  res
    .writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' })
    .end('The web console is not built. Run `npm run build` (npm start builds it too). The API is under /api/v1, HEC under /services/collector.\n');
}
