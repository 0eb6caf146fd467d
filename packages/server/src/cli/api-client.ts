/**
 * The CLI's client for the management API. The server URL comes from --url or HECATE_URL
 * (default http://127.0.0.1:8088); credentials from --token / HECATE_TOKEN, or a sign-in with
 * --username / HECATE_USERNAME (default admin) and HECATE_PASSWORD.
 */
export interface ClientOptions {
  url?: string;
  token?: string;
  username?: string;
}

export class CliError extends Error {}

export class ApiClient {
  private token: string | undefined;
  readonly baseUrl: string;
  private readonly username: string;

  constructor(options: ClientOptions, env: NodeJS.ProcessEnv = process.env) {
    this.baseUrl = (options.url ?? env.HECATE_URL ?? 'http://127.0.0.1:8088').replace(/\/+$/, '');
    this.token = options.token ?? env.HECATE_TOKEN;
    this.username = options.username ?? env.HECATE_USERNAME ?? 'admin';
    this.password = env.HECATE_PASSWORD ?? env.HECATE_ADMIN_PASSWORD;
  }

  private readonly password: string | undefined;

  private async raw(method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; json: unknown }> {
    let res: Response;
    try {
      res = await fetch(this.baseUrl + path, {
        method,
        headers: {
          ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message;
      throw new CliError(`cannot reach Hecate at ${this.baseUrl} (${cause}); is it running? Set --url or HECATE_URL.`);
    }
    const text = await res.text();
    let json: unknown = undefined;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = text;
    }
    return { status: res.status, json };
  }

  private async signIn(): Promise<string> {
    if (this.token) return this.token;
    if (!this.password) {
      throw new CliError('not signed in: set HECATE_TOKEN to a session token, or HECATE_PASSWORD (and HECATE_USERNAME, default admin)');
    }
    const { status, json } = await this.raw('POST', '/api/v1/auth/login', { username: this.username, password: this.password });
    if (status !== 200) throw new CliError(`sign-in as ${this.username} failed: ${messageOf(json, status)}`);
    this.token = (json as { token: string }).token;
    return this.token;
  }

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const token = await this.signIn();
    const { status, json } = await this.raw(method, path, body, token);
    if (status >= 400) throw new CliError(messageOf(json, status));
    return json as T;
  }
}

function messageOf(json: unknown, status: number): string {
  const error = (json as { error?: { message?: string; field?: string } } | undefined)?.error;
  if (error?.message) return `${error.message} (HTTP ${status})`;
  return `HTTP ${status}: ${typeof json === 'string' ? json : JSON.stringify(json)}`;
}
