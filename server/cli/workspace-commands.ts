// `assay workspaces …` and `assay keys …`.
import { isKeyRole } from '../../shared/api/admin-schemas.ts';
import type { OpenContext } from './admin-cli.ts';
import { type CliIo, parse, parseCount, positionals, requireString, UsageError, writeJson, writeTable } from './cli-io.ts';

export async function workspacesCommand(open: OpenContext, args: readonly string[], io: CliIo): Promise<void> {
  const { values, positionals: pos } = parse(args, { 'max-assets': { type: 'string' } });
  const [action, ...rest] = pos;
  switch (action) {
    case 'create': {
      const [name] = positionals(rest, 1, 'workspaces create NAME');
      const max = values['max-assets'] === undefined ? null : parseCount(values['max-assets'], '--max-assets');
      const ctx = await open(values);
      const ws = await ctx.workspaces.create(name!, max);
      io.stdout.write(`created workspace ${ws.name}\n`);
      return;
    }
    case 'list': {
      positionals(rest, 0, 'workspaces list');
      const ctx = await open(values);
      const list = await ctx.workspaces.list();
      if (values.json) return writeJson(io, list);
      writeTable(
        io,
        ['NAME', 'PLAN', 'SUSPENDED', 'ASSETS', 'MAX ASSETS', 'CREATED'],
        list.map((w) => [w.name, w.plan, w.suspended ? 'yes' : 'no', String(w.asset_count), w.max_assets === null ? '-' : String(w.max_assets), w.created_at]),
      );
      return;
    }
    case 'suspend':
    case 'resume': {
      const [name] = positionals(rest, 1, `workspaces ${action} NAME`);
      const ctx = await open(values);
      await ctx.workspaces.update(name!, { suspended: action === 'suspend' });
      io.stdout.write(`workspace ${name} ${action === 'suspend' ? 'suspended' : 'resumed'}\n`);
      return;
    }
    case 'plan': {
      const [name, plan] = positionals(rest, 2, 'workspaces plan NAME active|inactive');
      if (plan !== 'active' && plan !== 'inactive') throw new UsageError('plan must be "active" or "inactive"');
      const ctx = await open(values);
      await ctx.workspaces.update(name!, { plan });
      io.stdout.write(`workspace ${name} plan ${plan}\n`);
      return;
    }
    case 'quota': {
      const [name] = positionals(rest, 1, 'workspaces quota NAME --max-assets N|none');
      const raw = requireString(values['max-assets'], '--max-assets');
      const max = raw === 'none' ? null : parseCount(raw, '--max-assets');
      const ctx = await open(values);
      await ctx.workspaces.update(name!, { max_assets: max });
      io.stdout.write(`workspace ${name} max assets ${max ?? 'unlimited'}\n`);
      return;
    }
    case 'unreadable-label': {
      const [name, label] = positionals(rest, 2, 'workspaces unreadable-label NAME LABEL|default');
      const ctx = await open(values);
      const ws = await ctx.workspaces.setUnreadableLabel(name!, label === 'default' ? null : label!);
      io.stdout.write(`workspace ${name} labels unreadable files ${ws.unreadable_label ?? 'with the default (Confidential)'}\n`);
      return;
    }
    default:
      throw new UsageError(`unknown workspaces action "${action ?? ''}"`);
  }
}

export async function keysCommand(open: OpenContext, args: readonly string[], io: CliIo): Promise<void> {
  const { values, positionals: pos } = parse(args, { workspace: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' } });
  const [action, ...rest] = pos;
  const workspace = requireString(values.workspace, '--workspace');
  switch (action) {
    case 'create': {
      positionals(rest, 0, 'keys create --workspace NAME --name KEYNAME [--role api|admin]');
      const keyName = requireString(values.name, '--name');
      const role = values.role ?? 'api';
      if (!isKeyRole(role)) throw new UsageError('--role must be "api" or "admin"');
      const ctx = await open(values);
      const { key, record } = await ctx.workspaces.createKey(workspace, keyName, role);
      io.stderr.write(`created ${record.role} key ${record.name} (${record.prefix}…) in workspace ${workspace}; it is shown once, store it now:\n`);
      io.stdout.write(`${key}\n`);
      return;
    }
    case 'list': {
      positionals(rest, 0, 'keys list --workspace NAME');
      const ctx = await open(values);
      const keys = await ctx.workspaces.listKeys(workspace);
      if (values.json) return writeJson(io, keys.map(({ id: _id, workspace_id: _w, ...k }) => k));
      writeTable(
        io,
        ['NAME', 'PREFIX', 'ROLE', 'CREATED', 'LAST USED', 'REVOKED'],
        keys.map((k) => [k.name, `${k.prefix}…`, k.role, k.created_at, k.last_used_at ?? 'never', k.revoked_at ?? '-']),
      );
      return;
    }
    case 'revoke': {
      const [name] = positionals(rest, 1, 'keys revoke --workspace NAME KEYNAME');
      const ctx = await open(values);
      await ctx.workspaces.revokeKey(workspace, name!);
      io.stdout.write(`revoked key ${name}\n`);
      return;
    }
    default:
      throw new UsageError(`unknown keys action "${action ?? ''}"`);
  }
}
