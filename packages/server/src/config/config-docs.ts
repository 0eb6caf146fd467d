import { CONFIG_SCHEMA, envNameOf, specOf, type ConfigKeyName } from './schema.js';

/** docs/configuration.md, generated from the schema so the two cannot drift (`npm run docs:config`). */
export function renderConfigDocs(): string {
  const rows = (Object.keys(CONFIG_SCHEMA) as ConfigKeyName[]).map((key) => {
    const spec = specOf(key);
    const flag = spec.flag ? `\`--${spec.flag}\`` : '';
    return `| \`${key}\` | ${flag} | \`${envNameOf(key)}\` | ${spec.type} | \`${JSON.stringify(spec.default)}\` | ${spec.description} |`;
  });
  return [
    '# Configuration',
    '',
    '<!-- Generated from packages/server/src/config/schema.ts by `npm run docs:config`. Do not edit by hand. -->',
    '',
    '`hecate start` reads its settings from, in increasing precedence: the defaults below, a JSON config file',
    '(`--config FILE` or `HECATE_CONFIG`), `HECATE_*` environment variables, and command-line flags.',
    'Every value is validated at startup; an unknown key in the file or an unknown `HECATE_*` variable is an error,',
    'and the message names the key, where the value came from, and what is allowed.',
    '',
    'Example config file:',
    '',
    '```json',
    '{ "port": 8088, "host": "0.0.0.0", "dataDir": "/var/lib/hecate", "maxEventSize": 1048576 }',
    '```',
    '',
    '| key | flag | environment | type | default | description |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
    'Other environment variables:',
    '',
    '| variable | used by | meaning |',
    '|---|---|---|',
    '| `HECATE_ADMIN_PASSWORD` | `hecate start` | password of the `admin` user created on the first start (otherwise one is generated and printed once) |',
    '| `HECATE_URL` | client commands | server URL (default `http://127.0.0.1:8088`) |',
    '| `HECATE_TOKEN` | client commands | a session token from `POST /api/v1/auth/login` |',
    '| `HECATE_USERNAME`, `HECATE_PASSWORD` | client commands | credentials to sign in with when no token is set (username defaults to `admin`) |',
    '',
  ].join('\n');
}
