import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './load-config.js';
import { envNameOf } from './schema.js';

const tmpFile = (content: string) => {
  const path = join(mkdtempSync(join(tmpdir(), 'hecate-config-')), 'hecate.json');
  writeFileSync(path, content);
  return path;
};

describe('loadConfig', () => {
  it('uses the documented defaults', () => {
    const c = loadConfig();
    expect(c.port).toBe(8088);
    expect(c.host).toBe('0.0.0.0');
    expect(c.dataDir).toBe('./hecate-data');
  });

  it('lets the file override defaults, the environment override the file, and flags override both', () => {
    const file = tmpFile(JSON.stringify({ port: 9000, host: '127.0.0.1' }));
    expect(loadConfig({ file }).port).toBe(9000);
    expect(loadConfig({ file, env: { HECATE_PORT: '9100' } }).port).toBe(9100);
    const c = loadConfig({ file, env: { HECATE_PORT: '9100' }, flags: { port: '9200' } });
    expect(c.port).toBe(9200);
    expect(c.host).toBe('127.0.0.1');
  });

  it('returns a frozen object', () => {
    expect(Object.isFrozen(loadConfig())).toBe(true);
  });

  it.each([
    [{ flags: { port: 'eighty' } }, /port from --port: "eighty" is not an integer/],
    [{ flags: { port: '70000' } }, /port = 70000 \(from --port\) must be between 0 and 65535/],
    [{ env: { HECATE_PORT: '-1' } }, /from environment HECATE_PORT\) must be between 0 and 65535/],
    [{ env: { HECATE_PROT: '80' } }, /HECATE_PROT is not a Hecate setting/],
    [{ flags: { logLevel: 'loud' } }, /logLevel = "loud" .* must be one of/],
    [{ flags: { publicUrl: 'ftp://x' } }, /publicUrl .* must be an http:\/\/ or https:\/\/ URL/],
  ])('rejects a bad value with a message naming key, source and what is allowed (%j)', (sources, message) => {
    expect(() => loadConfig(sources)).toThrow(ConfigError);
    expect(() => loadConfig(sources)).toThrow(message);
  });

  it('rejects unknown keys and malformed files', () => {
    expect(() => loadConfig({ file: tmpFile('{"prot": 1}') })).toThrow(/unknown key "prot"/);
    expect(() => loadConfig({ file: tmpFile('{nope') })).toThrow(/is not valid JSON/);
    expect(() => loadConfig({ file: tmpFile('[1]') })).toThrow(/must hold a JSON object/);
    expect(() => loadConfig({ file: '/nonexistent/hecate.json' })).toThrow(/cannot be read/);
  });

  it('maps camelCase keys to HECATE_ environment names', () => {
    expect(envNameOf('dataDir')).toBe('HECATE_DATA_DIR');
    expect(envNameOf('maxContentLength')).toBe('HECATE_MAX_CONTENT_LENGTH');
    expect(envNameOf('maxPendingMB')).toBe('HECATE_MAX_PENDING_MB');
    expect(envNameOf('engineMemoryMB')).toBe('HECATE_ENGINE_MEMORY_MB');
  });

  it('reads an MB setting from its environment name', () => {
    expect(loadConfig({ env: { HECATE_MAX_PENDING_MB: '64' } }).maxPendingMB).toBe(64);
  });

  it('ignores HECATE_ variables that carry credentials rather than settings', () => {
    expect(() => loadConfig({ env: { HECATE_ADMIN_PASSWORD: 'x', HECATE_URL: 'http://h' } })).not.toThrow();
  });
});
