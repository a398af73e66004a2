// `assay labels …` and `assay rules …`.
import type { OpenContext } from './admin-cli.ts';
import { type CliIo, parse, parseCount, positionals, readInputFile, requireString, UsageError, writeJson, writeTable } from './cli-io.ts';

export async function labelsCommand(open: OpenContext, args: readonly string[], io: CliIo): Promise<void> {
  const { values, positionals: pos } = parse(args, { workspace: { type: 'string' }, level: { type: 'string' }, color: { type: 'string' } });
  const [action, ...rest] = pos;
  const workspace = requireString(values.workspace, '--workspace');
  switch (action) {
    case 'list': {
      positionals(rest, 0, 'labels list --workspace NAME');
      const ctx = await open(values);
      const ws = await ctx.workspaces.require(workspace);
      const { labels } = await ctx.repo.getPolicy(ws.id);
      if (values.json) return writeJson(io, labels);
      writeTable(io, ['LEVEL', 'NAME', 'COLOR'], labels.map((l) => [String(l.level), l.name, l.color]));
      return;
    }
    case 'set': {
      const [name] = positionals(rest, 1, "labels set --workspace NAME LABEL --level N --color '#rrggbb'");
      const level = parseCount(requireString(values.level, '--level'), '--level');
      const color = requireString(values.color, '--color');
      const ctx = await open(values);
      const ws = await ctx.workspaces.require(workspace);
      await ctx.policies.setLabel(ws, { name, level, color });
      io.stdout.write(`label ${name} set\n`);
      return;
    }
    case 'remove': {
      const [name] = positionals(rest, 1, 'labels remove --workspace NAME LABEL');
      const ctx = await open(values);
      const ws = await ctx.workspaces.require(workspace);
      await ctx.policies.removeLabel(ws, name!);
      io.stdout.write(`label ${name} removed\n`);
      return;
    }
    default:
      throw new UsageError(`unknown labels action "${action ?? ''}"`);
  }
}

export async function rulesCommand(open: OpenContext, args: readonly string[], io: CliIo): Promise<void> {
  const { values, positionals: pos } = parse(args, { workspace: { type: 'string' }, merge: { type: 'boolean' } });
  const [action, ...rest] = pos;
  const workspace = requireString(values.workspace, '--workspace');
  switch (action) {
    case 'list': {
      positionals(rest, 0, 'rules list --workspace NAME');
      const ctx = await open(values);
      const ws = await ctx.workspaces.require(workspace);
      const { rules } = await ctx.repo.getPolicy(ws.id);
      if (values.json) return writeJson(io, rules);
      writeTable(
        io,
        ['PRIORITY', 'NAME', 'LABEL', 'ENABLED', 'CATEGORY'],
        rules.map((r) => [String(r.priority), r.name, r.label, r.enabled ? 'yes' : 'no', r.category]),
      );
      return;
    }
    case 'import': {
      const [file] = positionals(rest, 1, 'rules import FILE.yaml --workspace NAME');
      const text = readInputFile(file!);
      const ctx = await open(values);
      const ws = await ctx.workspaces.require(workspace);
      const { rules } = await ctx.policies.importRules(ws, text, { merge: values.merge === true });
      io.stdout.write(`imported rules; workspace ${ws.name} now has ${rules.length} rule${rules.length === 1 ? '' : 's'}\n`);
      return;
    }
    case 'export': {
      positionals(rest, 0, 'rules export --workspace NAME');
      const ctx = await open(values);
      const ws = await ctx.workspaces.require(workspace);
      io.stdout.write(await ctx.policies.exportRules(ws));
      return;
    }
    case 'enable':
    case 'disable': {
      const [name] = positionals(rest, 1, `rules ${action} --workspace NAME RULE`);
      const ctx = await open(values);
      const ws = await ctx.workspaces.require(workspace);
      await ctx.policies.setRuleEnabled(ws, name!, action === 'enable');
      io.stdout.write(`rule ${name} ${action}d\n`);
      return;
    }
    default:
      throw new UsageError(`unknown rules action "${action ?? ''}"`);
  }
}
