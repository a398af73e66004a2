// `assay audit --workspace W [--action A] [--actor X] [--limit N] [--json]`: the newest entries of
// a workspace's audit log, as GET /api/v1/admin/audit serves them.
import { auditQuerySchema, describeActor } from '../../shared/api/audit-schemas.ts';
import { auditView } from '../console/audit-route.ts';
import type { OpenContext } from './admin-cli.ts';
import { type CliIo, parse, positionals, requireString, UsageError, writeJson, writeTable } from './cli-io.ts';

export async function auditCommand(open: OpenContext, args: readonly string[], io: CliIo): Promise<void> {
  const { values, positionals: pos } = parse(args, { workspace: { type: 'string' }, action: { type: 'string' }, actor: { type: 'string' }, limit: { type: 'string' } });
  positionals(pos, 0, 'audit --workspace NAME [--action A] [--actor X] [--limit N]');
  const workspace = requireString(values.workspace, '--workspace');
  const parsed = auditQuerySchema.safeParse({ action: values.action, actor: values.actor, limit: values.limit });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`--${String(issue.path[0])}: ${issue.message}`);
  }
  const query = parsed.data;
  const ctx = await open(values);
  const ws = await ctx.workspaces.require(workspace);
  const entries = await ctx.repo.listAudit(ws.id, { action: query.action, actor: query.actor, limit: query.limit });
  if (values.json) return writeJson(io, entries.map(auditView));
  writeTable(
    io,
    ['TIME', 'ACTION', 'ACTOR', 'ADDRESS', 'TARGET', 'CHANGES'],
    entries.map((e) => [e.at, e.action, describeActor(e.actor), e.address ?? '-', e.target ?? '-', e.changes ? JSON.stringify(e.changes) : '-']),
  );
}
