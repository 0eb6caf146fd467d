/**
 * `${VAR}` and `$VAR` in the config text, expanded before the YAML is parsed — as the LogScale
 * Collector does, and necessarily so: its own example writes `{type: hec, token: ${K2}}`, which is not
 * valid YAML until `${K2}` is replaced. `$$` is a literal `$`; comment lines are left alone. An unset
 * variable is an error, not an empty string: a missing token must fail loudly at startup, not send
 * `Authorization: Splunk ` for ever.
 */
import type { ConfigIssue } from './config-error.js';

const REFERENCE = /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

export function expandEnv(text: string, env: NodeJS.ProcessEnv, issues: ConfigIssue[]): string {
  return text
    .split('\n')
    .map((line, i) => {
      if (/^\s*#/.test(line)) return line;
      return line.replace(REFERENCE, (match, braced: string | undefined, bare: string | undefined) => {
        if (match === '$$') return '$';
        const name = braced ?? bare ?? '';
        const found = env[name];
        if (found === undefined) {
          issues.push({ path: `(line ${i + 1})`, message: `environment variable ${name} is not set (referenced as ${match})` });
          return '';
        }
        return found;
      });
    })
    .join('\n');
}
