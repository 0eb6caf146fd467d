import { ConfigError, loadConfig } from '../config/load-config.js';
import type { ConfigKeyName, ConfigValue } from '../config/schema.js';
import { startHecate, type RunningHecate } from '../server.js';

export interface StartFlags {
  port?: string;
  host?: string;
  dataDir?: string;
  config?: string;
  publicUrl?: string;
  logLevel?: string;
  tlsCert?: string;
  tlsKey?: string;
  httpRedirectPort?: string;
}

export async function runStart(flags: StartFlags): Promise<void> {
  let config;
  try {
    const fromFlags: Partial<Record<ConfigKeyName, ConfigValue | undefined>> = {
      port: flags.port,
      host: flags.host,
      dataDir: flags.dataDir,
      publicUrl: flags.publicUrl,
      logLevel: flags.logLevel,
      tlsCert: flags.tlsCert,
      tlsKey: flags.tlsKey,
      httpRedirectPort: flags.httpRedirectPort,
    };
    config = loadConfig({ ...(flags.config ? { file: flags.config } : {}), env: process.env, flags: fromFlags });
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`hecate: invalid configuration: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  // Signal handlers go in before anything is announced: a supervisor that stops the server as soon as
  // it reports ready must get a graceful shutdown, not the default (immediate) death.
  const started: { hecate?: RunningHecate } = {};
  let stopping = false;
  const shutdown = (running: RunningHecate): void => {
    running.close().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`hecate: shutdown failed: ${(err as Error).stack ?? String(err)}\n`);
        process.exit(1);
      },
    );
  };
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`Received ${signal}, shutting down…\n`);
    if (started.hecate !== undefined) shutdown(started.hecate);
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  const hecate = await startHecate(config, {
    ...(process.env.HECATE_ADMIN_PASSWORD ? { adminPassword: process.env.HECATE_ADMIN_PASSWORD } : {}),
  }).catch((err: NodeJS.ErrnoException) => {
    // Settings that can only be checked against the system (TLS files, the redirect port).
    if (err instanceof ConfigError) {
      process.stderr.write(`hecate: invalid configuration: ${err.message}\n`);
      process.exit(2);
    }
    if (err.code === 'EADDRINUSE') {
      process.stderr.write(`hecate: port ${config.port} on ${config.host} is already in use; choose another with --port\n`);
      process.exit(1);
    }
    throw err;
  });
  started.hecate = hecate;
  // A signal that arrived while starting is honoured now that there is something to close.
  if (stopping) {
    shutdown(hecate);
    return;
  }
  process.stdout.write(`Hecate is running at ${hecate.url}  (console: ${hecate.url}/, HEC: ${hecate.url}/services/collector, API: ${hecate.url}/api/v1)\n`);
}
