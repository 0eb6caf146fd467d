/** Where to go after signing in: an in-app path only (never another origin: `//evil.example`, `https:`). */
export function safeNext(next: string | null): string {
  if (next === null || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || next.startsWith('/sign-in')) return '/connectors';
  return next;
}
