// What a command prints when it fails for a reason outside its arguments: one line saying what is
// wrong and what to do, exit 1. Node's system errors (a port in use, an unresolvable host,
// permission denied, a file where a directory belongs) become such a line here; their stack is
// for debug level only.

/** A command that cannot do its job (missing file, missing database): one line, exit 1, no usage. */
export class CliFailure extends Error {}

type SystemError = NodeJS.ErrnoException & { address?: string; port?: number; hostname?: string; dest?: string };

const isSystemError = (err: unknown): err is SystemError => err instanceof Error && typeof (err as SystemError).code === 'string';

/** What a command stores its files in, for the hint of a file-system error. */
export const SERVER_DIR = 'the data directory (--data-dir, ASSAY_DATA_DIR)';
export const AGENT_DIR = 'the agent state directory (agent.state_dir, ASSAY_AGENT_STATE_DIR)';

const listenTarget = (e: SystemError) => (e.port === undefined ? (e.address ?? 'the address') : `port ${e.port}${e.address ? ` on ${e.address}` : ''}`);

/** One line for a Node system error a person can fix, or null for anything else; `dir` names where files go. */
export function describeSystemError(err: unknown, dir = `${SERVER_DIR} or ${AGENT_DIR}`): string | null {
  if (!isSystemError(err)) return null;
  const path = err.path ?? err.dest;
  switch (err.code) {
    case 'EADDRINUSE':
      return `${listenTarget(err)} is already in use; stop the other process or pass --port (server.port)`;
    case 'EADDRNOTAVAIL':
      return `cannot listen on ${err.address ?? 'that address'}: it is not an address of this machine; pass --host (server.host)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
      return `host "${err.hostname ?? '?'}" cannot be resolved; check --host (server.host) or the URL`;
    case 'EACCES':
    case 'EPERM':
      if (err.syscall === 'listen' || err.syscall === 'bind') return `permission denied to listen on ${listenTarget(err)} (ports below 1024 need privileges); pass --port (server.port)`;
      return `permission denied: cannot ${err.syscall ?? 'access'} ${path ?? 'a file'}; run as a user who may, or point ${dir} elsewhere`;
    case 'EEXIST':
    case 'ENOTDIR':
      return `${path ?? 'a path'}${err.code === 'EEXIST' ? '' : ' (or a folder above it)'} is a file where a directory is needed; point ${dir} at a directory`;
    case 'EISDIR':
      return `${path ?? 'the path'} is a directory where a file is needed`;
    case 'ENOENT':
      return `${path ?? 'a file'} does not exist`;
    case 'ENOSPC':
      return `no space left on the device${path ? ` holding ${path}` : ''}; free some space`;
    case 'SQLITE_CANTOPEN':
      return `cannot open the database (${err.message}); check that the data directory exists and this user may write it`;
    case 'EROFS':
      return `${path ?? 'the path'} is on a read-only file system; point ${dir} elsewhere`;
    default:
      return null;
  }
}

/** The one line to print for a failure the command did not expect, or null (a bug: print its stack). */
export function failureLine(err: unknown, dir?: string): string | null {
  if (err instanceof CliFailure) return err.message;
  return describeSystemError(err, dir);
}

/** A log level at which the stack of an error is printed too. */
export const wantsStack = (env: Readonly<Record<string, string | undefined>>): boolean => ['debug', 'trace'].includes(env.ASSAY_LOG_LEVEL ?? '') || ['debug', 'trace'].includes(env.ASSAY_AGENT_LOG_LEVEL ?? '');
