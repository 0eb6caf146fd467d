import { Command } from 'commander';
import { ApiClient, CliError, type ClientOptions } from '../cli/api-client.js';
import { addConnectorCommands } from '../cli/connector-commands.js';
import { addParserCommands } from '../cli/parser-commands.js';
import { addSearchCommand } from '../cli/search-command.js';
import { addSendCommand } from '@hecate/sdk/cli';
import { addConformanceCommand } from '@hecate/sdk/cli/conformance';
import { addTokenCommands } from '../cli/token-commands.js';
import { addUserCommands } from '../cli/user-commands.js';
import { runStart } from '../cli/start-command.js';
import { renderConfigDocs } from '../config/config-docs.js';

const program = new Command('hecate')
  .description('Hecate: self-hosted HEC ingestion and event search')
  .option('--url <url>', 'Hecate server for client commands (env HECATE_URL)')
  .option('--token <token>', 'session token for client commands (env HECATE_TOKEN)')
  .option('--username <name>', 'user to sign in as when no token is given (env HECATE_USERNAME; password from HECATE_PASSWORD)')
  .showHelpAfterError();

program
  .command('start')
  .description('run the server (HEC, management API) on the embedded store')
  .option('--port <port>', 'TCP port (default 8088; env HECATE_PORT)')
  .option('--host <address>', 'address to listen on (default 0.0.0.0; env HECATE_HOST)')
  .option('--data-dir <dir>', 'data directory (default ./hecate-data; env HECATE_DATA_DIR)')
  .option('--public-url <url>', 'base URL shown in ingest URLs (env HECATE_PUBLIC_URL)')
  .option('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent (env HECATE_LOG_LEVEL)')
  .option('--tls-cert <file>', 'PEM certificate: serve HTTPS (with --tls-key; env HECATE_TLS_CERT)')
  .option('--tls-key <file>', 'PEM private key of --tls-cert (env HECATE_TLS_KEY)')
  .option('--http-redirect-port <port>', 'with TLS, a plain-HTTP port answering 308 to HTTPS (env HECATE_HTTP_REDIRECT_PORT)')
  .option('--config <file>', 'JSON config file (env HECATE_CONFIG); flags and environment override it')
  .action(runStart);

program
  .command('config-docs')
  .description('print the configuration reference (Markdown) generated from the schema')
  .action(() => {
    process.stdout.write(renderConfigDocs());
  });

const client = (opts: ClientOptions) => new ApiClient(opts);
addConnectorCommands(program, client);
addParserCommands(program, client);
addSearchCommand(program, client);
addSendCommand(program);
addConformanceCommand(program);
addUserCommands(program, client);
addTokenCommands(program, client);

program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof CliError) {
    process.stderr.write(`hecate: ${err.message}\n`);
    process.exit(1);
  }
  process.stderr.write(`hecate: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
