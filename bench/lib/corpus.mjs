// Deterministic ingest corpus for the benchmarks: the event mix a security-data collector sees,
// serialised as HEC event-endpoint bodies (concatenated envelopes, no separators, no array).
//
// Mix (by event): 40 % JSON application events sent as HEC `event` objects (connector parser
// `json`); the rest are text lines sent as HEC `event` strings (connector parser `raw`):
// 15 % syslog RFC 3164, 15 % syslog RFC 5424, 10 % CEF, 20 % Apache/Nginx combined access logs.
// A body holds one kind of payload (JSON or text), as a forwarder per source type would send it.
// Every envelope carries `time` (float seconds, ms precision), `host`, `source`, `sourcetype`;
// half also carry HEC indexed `fields`.
// The average envelope is ~350 bytes (printed by the benchmark).
//
// Same seed → byte-identical bodies, so the end-to-end and in-process runs see the same data.

/** mulberry32: tiny, fast, good enough for test data. Returns a float in [0, 1). */
export function makeRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const USERS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy', 'mallory', 'oscar',
  'peggy', 'root', 'svc-backup', 'svc-deploy', 'trent', 'victor', 'walter', 'admin', '-'];
const SERVICES = ['checkout', 'cart', 'auth', 'payments', 'search', 'inventory', 'notifications', 'profile'];
const LEVELS = ['info', 'info', 'info', 'info', 'debug', 'warn', 'error'];
const METHODS = ['GET', 'GET', 'GET', 'GET', 'POST', 'POST', 'PUT', 'DELETE', 'HEAD'];
const STATUSES = [200, 200, 200, 200, 200, 200, 201, 204, 301, 302, 304, 400, 401, 403, 404, 404, 429, 500, 502, 503];
const PATHS = ['/', '/index.html', '/login', '/logout', '/api/v1/orders', '/api/v1/orders/{id}', '/api/v1/users/{id}',
  '/api/v1/cart', '/static/app.{id}.js', '/static/css/main.css', '/images/product-{id}.jpg', '/search?q=shoes&page={n}',
  '/wp-login.php', '/.env', '/admin/config.php', '/healthz', '/api/v2/payments/{id}/capture', '/feed.xml'];
const AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15',
  'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0',
  'curl/8.5.0', 'python-requests/2.31.0', 'Go-http-client/1.1',
  'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
];
const REFERERS = ['-', 'https://www.example.com/', 'https://www.google.com/', 'https://shop.example.com/cart', 'https://news.ycombinator.com/'];
const MESSAGES = ['order placed', 'payment authorised', 'payment declined', 'user signed in', 'session expired', 'cache miss',
  'upstream timeout', 'rate limit exceeded', 'item added to cart', 'password reset requested', 'token refreshed'];
const SSH = ['Accepted password for {u} from {ip} port {p} ssh2', 'Failed password for {u} from {ip} port {p} ssh2',
  'Failed password for invalid user {u} from {ip} port {p} ssh2', 'Accepted publickey for {u} from {ip} port {p} ssh2: RSA SHA256:{h}',
  'Connection closed by authenticating user {u} {ip} port {p} [preauth]', 'pam_unix(sshd:session): session opened for user {u}(uid={n}) by (uid=0)'];
const APPS5424 = ['nginx', 'postgres', 'dockerd', 'kubelet', 'sudo', 'cron', 'systemd', 'haproxy'];
const MSG5424 = ['connection received: host={ip} port={p}', 'pam_unix(sudo:session): session opened for user root by {u}(uid={n})',
  'Started Session {n} of user {u}.', 'health check failed for backend app-{n}: 503', 'pulling image registry.example.com/app:{h}',
  'checkpoint complete: wrote {n} buffers', 'client {ip}:{p} disconnected'];
const CEF_VENDORS = [['Palo Alto Networks', 'PAN-OS', '10.2.4', 'THREAT', 'url'], ['Fortinet', 'FortiGate', '7.2.5', '13', 'traffic'],
  ['Check Point', 'VPN-1 & FireWall-1', 'R81', 'Accept', 'Accept'], ['Trend Micro', 'Deep Security Agent', '20.0', '4000000', 'Eicar_test_file'],
  ['CrowdStrike', 'Falcon', '6.50', 'Detection', 'Suspicious Activity']];
const ACTS = ['allow', 'deny', 'drop', 'alert', 'reset-both'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const pad2 = (n) => (n < 10 ? '0' : '') + n;

/**
 * Builds `bodies` request bodies of `eventsPerBody` envelopes each.
 * Returns { bodies: [{ body: Buffer, parser: 'json' | 'raw' }], events, envelopeBytes }: a body goes
 * to the connector whose parser it names.
 */
export function buildCorpus({ seed = 42, bodies = 2000, eventsPerBody = 100, startMs = Date.UTC(2026, 0, 15, 8, 0, 0) } = {}) {
  const rnd = makeRandom(seed);
  const pick = (arr) => arr[Math.floor(rnd() * arr.length)];
  const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));
  const hex = (len) => {
    let s = '';
    while (s.length < len) s += Math.floor(rnd() * 0x100000000).toString(16).padStart(8, '0');
    return s.slice(0, len);
  };
  // Public-looking and private addresses; a few hot clients so values repeat like real traffic.
  const hotIps = Array.from({ length: 50 }, () => `${int(1, 223)}.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}`);
  const ip = () => (rnd() < 0.5 ? pick(hotIps) : rnd() < 0.5 ? `10.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}` : `${int(1, 223)}.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}`);
  const path = () => pick(PATHS).replace('{id}', String(int(1, 99999))).replace('{n}', String(int(1, 50)));
  const fill = (tpl) => tpl.replace('{u}', pick(USERS)).replace('{ip}', ip()).replace('{p}', String(int(1024, 65535)))
    .replace('{h}', hex(16)).replace('{n}', String(int(1, 99999)));

  let clock = startMs;
  // Half of the envelopes carry HEC indexed fields, as shippers that tag by environment do.
  const envelope = (event, host, source, sourcetype, ms) =>
    JSON.stringify(rnd() < 0.5
      ? { time: Number((ms / 1000).toFixed(3)), host, source, sourcetype, event }
      : { time: Number((ms / 1000).toFixed(3)), host, source, sourcetype, fields: { env: 'prod', dc: pick(['eu-1', 'us-2']) }, event });

  const kinds = {
    json(ms) {
      const svc = pick(SERVICES);
      const status = pick(STATUSES);
      const event = {
        level: status >= 500 ? 'error' : pick(LEVELS),
        service: svc,
        msg: pick(MESSAGES),
        trace_id: hex(32),
        user: { id: int(1, 500000), name: pick(USERS) },
        http: { method: pick(METHODS), path: path(), status, duration_ms: Math.round(rnd() * 250000) / 100 },
        client_ip: ip(),
        region: pick(['eu-west-1', 'us-east-1', 'ap-south-1']),
      };
      return envelope(event, `${svc}-${int(1, 12)}.prod.example.com`, `/var/log/app/${svc}.json`, `app:${svc}`, ms);
    },
    syslog3164(ms) {
      const d = new Date(ms);
      const host = `srv-${pad2(int(1, 40))}`;
      const line = `<${pick([34, 38, 86, 85, 13])}>${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ` +
        `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} ${host} sshd[${int(300, 65000)}]: ${fill(pick(SSH))}`;
      return envelope(line, host, '/var/log/auth.log', 'linux_secure', ms);
    },
    syslog5424(ms) {
      const host = `node-${int(1, 30)}.k8s.example.com`;
      const app = pick(APPS5424);
      const line = `<${pick([165, 134, 30, 27, 78])}>1 ${new Date(ms).toISOString()} ${host} ${app} ${int(1, 65000)} ID${int(1, 99)} ` +
        `[meta@32473 env="prod" cluster="eu-${int(1, 3)}" seq="${int(1, 999999)}"] ${fill(pick(MSG5424))}`;
      return envelope(line, host, 'udp:514', 'rfc5424_syslog', ms);
    },
    cef(ms) {
      const [vendor, product, version, sigId, name] = pick(CEF_VENDORS);
      const host = `fw-${pick(['edge', 'dc', 'branch'])}-${int(1, 4)}`;
      const line = `CEF:0|${vendor}|${product}|${version}|${sigId}|${name}|${int(1, 10)}|rt=${ms} src=${ip()} spt=${int(1024, 65535)} ` +
        `dst=${ip()} dpt=${pick([22, 53, 80, 443, 445, 3389, 8080])} proto=${pick(['TCP', 'UDP'])} act=${pick(ACTS)} suser=${pick(USERS)} ` +
        `request=https://${pick(['cdn', 'www', 'api', 'mail'])}.example${int(1, 200)}.com${path()} cs1Label=rule cs1=${pick(['default-deny', 'allow-web', 'block-tor', 'geo-fence'])}`;
      return envelope(line, host, 'tcp:6514', 'cef', ms);
    },
    access(ms) {
      const d = new Date(ms);
      const nginx = rnd() < 0.5;
      const host = `${nginx ? 'nginx' : 'apache'}-${int(1, 8)}`;
      const line = `${ip()} - ${pick(USERS)} [${pad2(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:` +
        `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} +0000] "${pick(METHODS)} ${path()} HTTP/1.1" ` +
        `${pick(STATUSES)} ${int(0, 250000)} "${pick(REFERERS)}" "${pick(AGENTS)}"`;
      return envelope(line, host, nginx ? '/var/log/nginx/access.log' : '/var/log/apache2/access.log', nginx ? 'nginx:access' : 'access_combined', ms);
    },
  };
  // Text bodies mix syslog, CEF and access lines in the 15:15:10:20 proportion of the whole corpus.
  const textKinds = [
    ...Array(15).fill(kinds.syslog3164), ...Array(15).fill(kinds.syslog5424), ...Array(10).fill(kinds.cef), ...Array(20).fill(kinds.access),
  ];

  const out = [];
  let events = 0;
  let envelopeBytes = 0;
  for (let b = 0; b < bodies; b++) {
    const isJson = b % 5 < 2; // 40 % of bodies
    const parts = new Array(eventsPerBody);
    for (let i = 0; i < eventsPerBody; i++) {
      clock += int(0, 4); // ~500 events per wall-clock second of log time
      parts[i] = isJson ? kinds.json(clock) : pick(textKinds)(clock);
    }
    const body = Buffer.from(parts.join(''), 'utf8');
    envelopeBytes += body.length;
    events += eventsPerBody;
    out.push({ body, parser: isJson ? 'json' : 'raw' });
  }
  return { bodies: out, events, envelopeBytes };
}

/** Splits bodies into one-envelope bodies (for the single-event scenario). Envelopes are flat JSON objects. */
export function splitEnvelopes(body) {
  const out = [];
  const text = body.toString('utf8');
  let start = 0;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b) depth++;
    else if (c === 0x7d && --depth === 0) {
      out.push(Buffer.from(text.slice(start, i + 1), 'utf8'));
      start = i + 1;
    }
  }
  return out;
}
