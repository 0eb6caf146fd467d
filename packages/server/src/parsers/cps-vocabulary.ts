/**
 * The names and values the CrowdStrike Parsing Standard (CPS 1.1, on ECS 9.x) allows, as data for the
 * parser linter: required fields, tag fields, ECS field sets, ECS categorization values, the fields CPS
 * wants lower-cased, and common vendor names with the ECS field they usually mean.
 */

/** Fields every output event of a CPS parser carries (event.outcome only when it applies, so not here). */
export const CPS_REQUIRED = [
  'Parser.version',
  'Cps.version',
  'ecs.version',
  'Vendor',
  'event.module',
  'event.dataset',
  'event.kind',
  'observer.type',
  'event.category[0]',
  'event.type[0]',
] as const;

export const CPS_TAG_FIELDS = ['Cps.version', 'Vendor', 'ecs.version', 'event.dataset', 'event.kind', 'event.module', 'event.outcome', 'observer.type'] as const;

export const SEMVER_FIELDS = ['Parser.version', 'Cps.version', 'ecs.version'] as const;
export const SEMVER = /^\d+\.\d+\.\d+$/;

/** CPS 1.1: event.kind "alert" only together with the categorization and a severity. */
export const ALERT_NEEDS = ['event.category[0]', 'event.type[0]', 'event.severity'] as const;

/**
 * ECS categorization fields and their allowed values (ECS 9.x "allowed values" pages). `signal` is left
 * out of event.kind on purpose: ECS reserves it for alerts that rules inside the SIEM create, and says
 * ingest pipelines must not set it.
 */
export const CATEGORIZATION: Readonly<Record<string, readonly string[]>> = {
  'event.kind': ['alert', 'asset', 'enrichment', 'event', 'metric', 'state', 'pipeline_error'],
  'event.category[]': [
    'api', 'authentication', 'configuration', 'database', 'driver', 'email', 'file', 'host', 'iam', 'intrusion_detection',
    'library', 'malware', 'network', 'package', 'process', 'registry', 'session', 'threat', 'vulnerability', 'web',
  ],
  'event.type[]': [
    'access', 'admin', 'allowed', 'change', 'connection', 'creation', 'deletion', 'denied', 'device', 'end', 'error', 'group',
    'indicator', 'info', 'installation', 'protocol', 'start', 'user',
  ],
  'event.outcome': ['failure', 'success', 'unknown'],
};

/**
 * ECS field sets that may stand at the root of an event (ECS 9.x), the base fields, and `as` (which
 * the built-in library also accepts). Sets ECS only nests under others (geo, hash, os, pe, x509,
 * code_signature, elf, macho, interface, vlan, risk) are not roots: `source.geo.*` is ECS, `geo.*` is not.
 */
const ECS_ROOTS = new Set([
  'agent', 'as', 'client', 'cloud', 'container', 'data_stream', 'destination', 'device', 'dll', 'dns', 'ecs', 'email', 'entity', 'error',
  'event', 'faas', 'file', 'gen_ai', 'group', 'host', 'http', 'log', 'network', 'observer', 'orchestrator', 'organization', 'package',
  'process', 'registry', 'related', 'rule', 'server', 'service', 'source', 'threat', 'tls', 'trace', 'span', 'transaction', 'url', 'user',
  'user_agent', 'vulnerability', 'labels', 'message', 'tags',
]);
/** Base fields that are values themselves; every other root is a field set, so a bare `user` or `host` is not ECS. */
const BASE_LEAVES = new Set(['message', 'tags']);
/** CPS's own names outside ECS. */
const CPS_NAMES = new Set(['Vendor', 'Cps.version', 'Parser.version']);

/** A field a CPS parser may write besides Vendor.* and @-fields: an ECS field or one of CPS's own. */
export function isEcsName(name: string): boolean {
  if (CPS_NAMES.has(name)) return true;
  const root = name.split(/[.[]/, 1)[0] ?? '';
  if (name.length === root.length || name[root.length] === '[') return BASE_LEAVES.has(root);
  return ECS_ROOTS.has(root);
}

/**
 * Values CPS wants in lower case: the categorization and tag values, Vendor, domains, e-mail
 * addresses, addresses, host.hostname, network.transport and hash values. Matched on the field's
 * shape (`event.category[]` for `event.category[1]`).
 */
const LOWER_CASE = new RegExp(
  [
    String.raw`^(event\.(kind|outcome|dataset|module|category\[\]|type\[\])|observer\.type|Vendor|host\.hostname|network\.transport|related\.hash\[\])$`,
    String.raw`(^|\.)[a-z_]*domain(\[\])?$`,
    String.raw`(^|\.)(email|address)(\[\])?$`,
    String.raw`(^|\.)hash\.`,
  ].join('|'),
);

export function mustBeLowerCase(name: string): boolean {
  return LOWER_CASE.test(name.replace(/\[\d+\]/g, '[]'));
}

/**
 * Tag fields that take a new value on (nearly) every event: addresses, ports, ids, names of users and
 * hosts, paths, URLs, hashes, free text. In NG-SIEM each combination of tag values is a datasource of its own.
 */
export const HIGH_CARDINALITY_TAG =
  /(^|\.)(ip|port|mac|address|id|uid|pid|email|hostname|domain|path|original|full_name|query)$|^(user|source|destination|client|server|host)\.name$|^message$|^url\.|^file\.|(^|\.)hash\.|^@timestamp$/;

/** Common vendor field names (last segment, lower case, without separators) → the ECS field they usually mean. */
const ECS_SUGGESTIONS: ReadonlyArray<[readonly string[], string]> = [
  [['src', 'srcip', 'sourceip', 'saddr', 'sip', 'clientip'], 'source.ip'],
  [['dst', 'dstip', 'dest', 'destip', 'destinationip', 'daddr', 'dip', 'serverip'], 'destination.ip'],
  [['spt', 'sport', 'srcport', 'sourceport'], 'source.port'],
  [['dpt', 'dport', 'dstport', 'destport', 'destinationport'], 'destination.port'],
  [['user', 'username', 'usr', 'suser', 'login', 'account'], 'user.name'],
  [['email', 'mail', 'useremail'], 'user.email'],
  [['proto', 'protocol', 'transport'], 'network.transport'],
  [['act', 'action', 'eventtype'], 'event.action'],
  [['host', 'hostname', 'devname', 'computername'], 'host.hostname'],
  [['msg', 'description'], 'message'],
  [['url', 'uri', 'request'], 'url.original'],
  [['ua', 'useragent', 'agent'], 'user_agent.original'],
  [['severity', 'sev', 'priority'], 'event.severity'],
  [['level', 'loglevel'], 'log.level'],
  [['method', 'httpmethod'], 'http.request.method'],
  [['pid', 'processid'], 'process.pid'],
  [['sha256', 'filehash'], 'file.hash.sha256'],
  [['ts', 'time', 'timestamp', 'date', 'datetime'], '@timestamp, with parseTimestamp()'],
];

export function suggestEcsName(name: string): string | undefined {
  const last = (name.replace(/\[\d+\]/g, '').split('.').pop() ?? '').toLowerCase().replace(/[^a-z0-9]/g, '');
  return ECS_SUGGESTIONS.find(([names]) => names.includes(last))?.[1];
}
