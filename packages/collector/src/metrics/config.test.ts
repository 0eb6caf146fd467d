import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/config-error.js';
import { loadConfig } from '../config/load-config.js';

const BASE = 'sources: {}\nsinks:\n  s: {type: hec, token: t, url: "http://127.0.0.1:8088"}\n';

function problems(text: string): string[] {
  try {
    loadConfig(text);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map((issue) => `${issue.path}: ${issue.message}`);
    throw error;
  }
}

describe('the metrics key', () => {
  it('is off when absent, and binds to loopback by default when a port is given', () => {
    expect(loadConfig(BASE).metrics).toEqual({ bind: '127.0.0.1' });
    expect(loadConfig(`${BASE}metrics: {port: 9464}\n`).metrics).toEqual({ port: 9464, bind: '127.0.0.1' });
  });

  it.each([
    ['a port out of range', 'metrics: {port: 70000}', 'metrics.port: 70000 is not allowed: expected an integer from 0 to 65535'],
    ['an unknown key', 'metrics: {path: /prom}', 'metrics.path: unknown key: allowed keys are port, bind'],
  ])('reports %s with its key path', (_name, line, expected) => {
    expect(problems(`${BASE}${line}\n`)).toEqual([expected]);
  });
});
