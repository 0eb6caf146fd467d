// Deterministic corpus for the search benchmark: security events from four connectors over seven
// days, each sent through HEC as its source would send it and parsed at ingest by a real parser.
//
//   connector  parser        share  payload
//   fw         cisco-asa      40 %  ASA syslog lines (connections built/torn down, ACL denies, AAA)
//   web        accesslog      25 %  Apache/Nginx combined access-log lines
//   app        json           20 %  JSON application events (HEC `event` objects)
//   linux      linux-syslog   15 %  sshd / sudo / cron syslog lines (RFC 3339 timestamps)
//
// A body holds 100 events of one connector, consecutive in time; bodies advance through the seven
// days in order, so the store sees data roughly in time order as it would live. Source addresses
// are drawn from a skewed pool (a few hosts are very busy), so "top 10 sources" has an answer.
// Every line carries its own timestamp, equal to the envelope's `time`.
import { makeRandom } from './corpus.mjs';

export const SEARCH_CONNECTORS = [
  { name: 'fw', parser: 'cisco-asa', share: 0.4 },
  { name: 'web', parser: 'accesslog', share: 0.25 },
  { name: 'app', parser: 'json', share: 0.2 },
  { name: 'linux', parser: 'linux-syslog', share: 0.15 },
];
export const EVENTS_PER_BODY = 100;
export const CORPUS_DAYS = 7;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const USERS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy', 'mallory', 'oscar', 'peggy', 'root', 'deploy', 'svc-backup', 'admin'];
const METHODS = ['GET', 'GET', 'GET', 'GET', 'POST', 'POST', 'PUT', 'DELETE'];
const STATUSES = [200, 200, 200, 200, 200, 200, 201, 204, 301, 302, 304, 400, 401, 403, 404, 404, 429, 500, 502, 503];
const PATHS = ['/', '/index.html', '/login', '/api/v1/orders', '/api/v1/orders/{n}', '/api/v1/users/{n}/profile', '/api/v1/cart',
  '/static/app.{h}.js', '/static/css/main.css', '/images/product-{n}.jpg', '/search?q=running+shoes&page={n}', '/wp-login.php', '/.env', '/healthz'];
const AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15',
  'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0',
  'curl/8.5.0', 'python-requests/2.31.0', 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)'];
const REFERERS = ['-', 'https://shop.example.com/', 'https://shop.example.com/search?q=trail+running+shoes&sort=price_asc&page=2',
  'https://www.google.com/search?q=example+shop+discount+code', 'https://shop.example.com/cart?step=payment&coupon=WINTER24'];
const SERVICES = ['checkout', 'cart', 'auth', 'payments', 'search', 'inventory', 'notifications', 'profile'];
const MESSAGES = ['order placed', 'payment authorised', 'payment declined', 'user signed in', 'session expired', 'cache miss',
  'upstream timeout', 'rate limit exceeded', 'item added to cart', 'password reset requested', 'token refreshed'];
const LEVELS = ['info', 'info', 'info', 'info', 'debug', 'warn', 'error'];

const pad = (n, w = 2) => String(n).padStart(w, '0');

export function makeSearchCorpus({ events, seed = 7, endMs = Date.now() }) {
  const rand = makeRandom(seed);
  const int = (n) => Math.floor(rand() * n);
  const pick = (a) => a[int(a.length)];
  // Skewed address pools: index = floor(n * r^3) puts most draws on the first few entries.
  const skew = (n) => Math.floor(n * rand() ** 3);
  const outside = Array.from({ length: 20_000 }, (_, i) => `${[198, 203, 192, 185, 45][i % 5]}.${(i >> 8) % 256}.${i % 256}.${(i * 7) % 254 + 1}`);
  const inside = Array.from({ length: 2_000 }, (_, i) => `10.${20 + (i % 8)}.${(i >> 3) % 256}.${(i * 13) % 254 + 1}`);
  const src = () => outside[skew(outside.length)];
  const dst = () => inside[skew(inside.length)];
  const port = () => 1024 + int(64_000);
  const hex = () => int(0xffffffff).toString(16).padStart(8, '0');
  const fill = (s) => s.replace('{n}', String(int(100_000))).replace('{h}', hex());

  const bodies = Math.ceil(events / EVENTS_PER_BODY);
  const startMs = endMs - CORPUS_DAYS * 86_400_000;
  const stepMs = (endMs - startMs) / events;
  let conn = 0;

  const asaTime = (d) => `${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCDate())} ${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  const fw = (d) => {
    const head = `<166>${asaTime(d)} fw-edge-0${1 + int(3)} : `;
    const r = rand();
    if (r < 0.35) return `${head}%ASA-6-302013: Built outbound TCP connection ${++conn} for outside:${src()}/443 (${src()}/443) to inside:${dst()}/${port()} (198.51.100.7/${port()})`;
    if (r < 0.7) return `${head}%ASA-6-302014: Teardown TCP connection ${conn - int(50)} for outside:${src()}/443 to inside:${dst()}/${port()} duration 0:0${int(10)}:${pad(int(60))} bytes ${int(5_000_000)} TCP FINs from inside`;
    if (r < 0.8) return `${head}%ASA-6-302015: Built inbound UDP connection ${++conn} for outside:${src()}/53 (${src()}/53) to dmz:172.16.5.${1 + int(50)}/${port()} (203.0.113.10/${port()})`;
    if (r < 0.97) return `${head.replace('<166>', '<164>')}%ASA-4-106023: Deny tcp src outside:${src()}/${port()} dst inside:${dst()}/${pick([22, 23, 445, 3389, 8080])} by access-group "OUTSIDE_IN" [0x5063b82f, 0x0]`;
    if (r < 0.99) return `${head}%ASA-6-113004: AAA user authentication Successful : server = 10.1.1.20 : user = ${pick(USERS)}`;
    return `${head}%ASA-6-113005: AAA user authentication Rejected : reason = AAA failure : server = 10.1.1.20 : user = ${pick(USERS)} : user IP = ${src()}`;
  };
  const web = (d) => {
    const t = `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
    const user = rand() < 0.8 ? '-' : pick(USERS);
    return `${src()} - ${user} [${t}] "${pick(METHODS)} ${fill(pick(PATHS))} HTTP/1.1" ${pick(STATUSES)} ${int(200_000)} "${pick(REFERERS)}" "${pick(AGENTS)}"`;
  };
  const app = (d) => ({
    timestamp: d.toISOString(),
    level: pick(LEVELS),
    service: pick(SERVICES),
    message: pick(MESSAGES),
    user: { name: pick(USERS), id: int(100_000) },
    client: { ip: src(), port: port() },
    http: { method: pick(METHODS), status: pick(STATUSES), path: fill(pick(PATHS)) },
    user_agent: pick(AGENTS),
    request_id: `${hex()}-${hex().slice(0, 4)}-4${hex().slice(0, 3)}-a${hex().slice(0, 3)}-${hex()}${hex().slice(0, 4)}`,
    trace_id: `${hex()}${hex()}${hex()}${hex()}`,
    duration_ms: int(5_000),
  });
  const linux = (d) => {
    const t = d.toISOString().replace('Z', '+00:00');
    const host = `web0${1 + int(6)}`;
    const r = rand();
    if (r < 0.3) return `${t} ${host} sshd[${1000 + int(60_000)}]: Accepted publickey for ${pick(USERS)} from ${src()} port ${port()} ssh2: ED25519 SHA256:${hex()}${hex()}${hex()}`;
    if (r < 0.7) return `${t} ${host} sshd[${1000 + int(60_000)}]: Failed password for ${rand() < 0.5 ? 'invalid user ' : ''}${pick(USERS)} from ${src()} port ${port()} ssh2`;
    if (r < 0.85) return `${t} ${host} sudo:    ${pick(USERS)} : TTY=pts/${int(5)} ; PWD=/home/${pick(USERS)} ; USER=root ; COMMAND=/usr/bin/systemctl restart ${pick(SERVICES)}`;
    return `${t} ${host} CRON[${1000 + int(60_000)}]: (root) CMD (/usr/local/bin/backup.sh --target s3://backups/${pick(SERVICES)})`;
  };
  const makers = { fw, web, app, linux };
  const cumulative = [];
  let acc = 0;
  for (const c of SEARCH_CONNECTORS) cumulative.push([(acc += c.share), c.name]);

  let body = 0;
  let t = startMs;
  /** The next body: { connector, payload (Buffer), events } or undefined when the corpus is done. */
  return function next() {
    if (body >= bodies) return undefined;
    const r = rand();
    const connector = cumulative.find(([c]) => r < c)?.[1] ?? 'fw';
    const n = Math.min(EVENTS_PER_BODY, events - body * EVENTS_PER_BODY);
    body++;
    let out = '';
    for (let i = 0; i < n; i++) {
      const ms = Math.floor(t);
      t += stepMs;
      const d = new Date(Math.floor(ms / 1000) * 1000);
      const event = makers[connector](d);
      out += JSON.stringify({ time: Math.floor(ms / 1000), host: connector === 'app' ? 'app-01' : undefined, sourcetype: connector, event });
    }
    return { connector, payload: Buffer.from(out), events: n };
  };
}
