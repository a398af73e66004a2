// `assay webhooks add|list|update|remove|deliveries|retry`: the workspace's webhooks from the
// server host, through the same service and checks as /api/v1/admin/webhooks. The secret of a new
// webhook is printed once, alone on the last line of stdout.
import { z } from 'zod';
import { createWebhookRequestSchema, webhookPatchSchema, type WebhookView } from '../../shared/api/webhook-schemas.ts';
import { validate } from '../http/validation.ts';
import type { OpenContext } from './admin-cli.ts';
import { type CliIo, parse, parseCount, positionals, requireString, UsageError, writeJson, writeTable } from './cli-io.ts';

const OPTIONS = {
  workspace: { type: 'string' },
  url: { type: 'string' },
  events: { type: 'string' },
  'min-level': { type: 'string' },
  enable: { type: 'boolean' },
  disable: { type: 'boolean' },
  limit: { type: 'string' },
} as const;

const events = (raw: string | undefined) => raw?.split(',').map((e) => e.trim());
const minLevel = (raw: string | undefined) => (raw === undefined ? undefined : raw === 'none' ? null : parseCount(raw, '--min-level'));
const id = (raw: string, flag: string) => parseCount(raw, flag);
const row = (w: WebhookView) => [String(w.id), w.enabled ? 'yes' : `no${w.disabled_reason ? ` (${w.disabled_reason})` : ''}`, w.events.join(','), w.min_level === null ? '-' : String(w.min_level), w.url];

export async function webhooksCommand(open: OpenContext, args: readonly string[], io: CliIo): Promise<void> {
  const { values, positionals: pos } = parse(args, OPTIONS);
  const [action, ...rest] = pos;
  const workspace = requireString(values.workspace, '--workspace');
  if (values.enable && values.disable) throw new UsageError('--enable and --disable exclude each other');
  const context = async () => {
    const ctx = await open(values);
    const ws = await ctx.workspaces.require(workspace);
    return { ws, hooks: ctx.webhooks };
  };
  switch (action) {
    case 'add': {
      positionals(rest, 0, 'webhooks add --workspace NAME --url URL --events E1,E2 [--min-level N] [--disable]');
      const input = validate(createWebhookRequestSchema, { url: requireString(values.url, '--url'), events: events(requireString(values.events, '--events')), min_level: minLevel(values['min-level']) ?? null, enabled: !values.disable }, 'body');
      const { ws, hooks } = await context();
      const created = await hooks.create(ws.id, input);
      io.stderr.write(`created webhook ${created.id} in workspace ${workspace} for ${created.events.join(', ')}; its signing secret is shown once, store it now:\n`);
      io.stdout.write(`${created.secret}\n`);
      return;
    }
    case 'list': {
      positionals(rest, 0, 'webhooks list --workspace NAME');
      const { ws, hooks } = await context();
      const list = await hooks.list(ws.id);
      if (values.json) return writeJson(io, list);
      writeTable(io, ['ID', 'ENABLED', 'EVENTS', 'MIN LEVEL', 'URL'], list.map(row));
      return;
    }
    case 'update': {
      const [raw] = positionals(rest, 1, 'webhooks update --workspace NAME ID [--url URL] [--events E1,E2] [--min-level N|none] [--enable|--disable]');
      const patch = validate(
        webhookPatchSchema,
        { url: values.url, events: events(values.events), min_level: minLevel(values['min-level']), enabled: values.enable ? true : values.disable ? false : undefined },
        'body',
      );
      if (Object.values(patch).every((v) => v === undefined)) throw new UsageError('webhooks update: nothing to change');
      const { ws, hooks } = await context();
      const w = await hooks.update(ws.id, id(raw!, 'ID'), patch);
      writeTable(io, ['ID', 'ENABLED', 'EVENTS', 'MIN LEVEL', 'URL'], [row(w)]);
      return;
    }
    case 'remove': {
      const [raw] = positionals(rest, 1, 'webhooks remove --workspace NAME ID');
      const { ws, hooks } = await context();
      await hooks.remove(ws.id, id(raw!, 'ID'));
      io.stdout.write(`webhook ${raw} removed\n`);
      return;
    }
    case 'deliveries': {
      const [raw] = positionals(rest, 1, 'webhooks deliveries --workspace NAME ID [--limit N]');
      const limit = z.int().min(1).max(200).safeParse(values.limit === undefined ? 50 : parseCount(values.limit, '--limit'));
      if (!limit.success) throw new UsageError('--limit must be 1–200');
      const { ws, hooks } = await context();
      const list = await hooks.deliveries(ws.id, id(raw!, 'ID'), limit.data);
      if (values.json) return writeJson(io, list);
      writeTable(
        io,
        ['ID', 'EVENT', 'STATUS', 'ATTEMPTS', 'LAST STATUS', 'LAST ERROR', 'CREATED'],
        list.map((d) => [String(d.id), d.event_type, d.status, String(d.attempt_count), d.last_status === null ? '-' : String(d.last_status), d.last_error ?? '-', d.created_at]),
      );
      return;
    }
    case 'retry': {
      const [raw, delivery] = positionals(rest, 2, 'webhooks retry --workspace NAME ID DELIVERY_ID');
      const { ws, hooks } = await context();
      const d = await hooks.retry(ws.id, id(raw!, 'ID'), id(delivery!, 'DELIVERY_ID'));
      io.stdout.write(`delivery ${d.id} (${d.event_type}) queued to be sent again\n`);
      return;
    }
    default:
      throw new UsageError(`unknown webhooks action "${action ?? ''}"`);
  }
}
