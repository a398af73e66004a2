// Dispatches `assay <command>` for everything the server side owns. Returns the exit code for
// one-shot commands, or a running service for `server` and `start`.
import { AssayError, DefinitionError } from '../../shared/errors.ts';
import { failureLine, SERVER_DIR, wantsStack } from '../../lib/cli-failure.ts';
import type { Clock } from '../../lib/clock.ts';
import { auditCommand } from './audit-command.ts';
import { type AdminContext, type ConfigFlags, initCommand, openAdminContext, resolveConfig } from './cli-context.ts';
import { type CliIo, UsageError } from './cli-io.ts';
import { addCommand, backupCommand, importCsvCommand } from './inventory-commands.ts';
import { labelsCommand, rulesCommand } from './policy-commands.ts';
import { type Service, serveCommand } from './serve-command.ts';
import { storageCommand } from './storage-command.ts';
import { USAGE } from './usage.ts';
import { webhooksCommand } from './webhook-commands.ts';
import { keysCommand, workspacesCommand } from './workspace-commands.ts';

/** Opens the data directory: handlers call it only after their arguments have validated. */
export type OpenContext = (flags: ConfigFlags) => Promise<AdminContext>;
type AdminHandler = (open: OpenContext, args: readonly string[], io: CliIo) => Promise<number | void>;

const ADMIN_COMMANDS: Readonly<Record<string, AdminHandler>> = {
  workspaces: workspacesCommand,
  keys: keysCommand,
  labels: labelsCommand,
  rules: rulesCommand,
  'import-csv': importCsvCommand,
  add: addCommand,
  backup: backupCommand,
  audit: auditCommand,
  webhooks: webhooksCommand,
};

export const SERVICE_COMMANDS = ['server', 'start'] as const;

export async function runServerCli(argv: readonly string[], io: CliIo, deps: { clock: Clock; version: string }): Promise<number | Service> {
  const [command, ...args] = argv;
  try {
    if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
      io.stdout.write(USAGE);
      return command === undefined ? 2 : 0;
    }
    if (command === '--version') {
      io.stdout.write(`${deps.version}\n`);
      return 0;
    }
    if (args.includes('--help') || args.includes('-h')) {
      io.stdout.write(USAGE);
      return 0;
    }
    if (command === 'server' || command === 'start') {
      return await serveCommand(args, io, { ...deps, bootstrap: command === 'start' });
    }
    if (command === 'storage') {
      await storageCommand(args, io, deps.clock);
      return 0;
    }
    if (command === 'init') return await initCommand(args, io, deps.clock);
    const handler = ADMIN_COMMANDS[command];
    if (!handler) throw new UsageError(`unknown command "${command}"`);
    let opened: AdminContext | undefined;
    const open: OpenContext = async (flags) => (opened ??= await openAdminContext(resolveConfig(flags, io), deps.clock));
    try {
      return (await handler(open, args, io)) ?? 0;
    } finally {
      await opened?.close();
    }
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`assay: ${err.message}\n\n${USAGE}`);
      return 2;
    }
    const lines = err instanceof DefinitionError ? err.problems : err instanceof AssayError ? [err.message] : [failureLine(err, SERVER_DIR)];
    if (lines[0] === null) throw err;
    io.stderr.write(lines.map((l) => `assay: ${l}\n`).join(''));
    if (wantsStack(io.env) && err instanceof Error) io.stderr.write(`${err.stack}\n`);
    return 1;
  }
}
