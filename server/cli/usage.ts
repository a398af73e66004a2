// The CLI's help text.
export const USAGE = `Usage: assay <command> [options]

Run
  start [--host H] [--port P]            server + agent on embedded defaults; first run creates
                                         workspace "default" and prints its first API key
  server [--host H] [--port P]           the API server only (--port 0 picks a free port)
  init                                   create the data directory and an empty database
                                         (server and start do this too; no other command does)

Workspaces
  workspaces create NAME [--max-assets N]
  workspaces list
  workspaces suspend NAME | workspaces resume NAME
  workspaces plan NAME active|inactive
  workspaces quota NAME --max-assets N|none
  workspaces unreadable-label NAME LABEL|default   (label of files whose text cannot be read; default Confidential)

API keys (a new key is printed once, alone on the last line of stdout)
  keys create --workspace NAME --name KEYNAME [--role api|admin]
  keys list --workspace NAME
  keys revoke --workspace NAME KEYNAME

Labels and rules
  labels list --workspace NAME
  labels set --workspace NAME LABEL --level N --color '#rrggbb'
  labels remove --workspace NAME LABEL
  rules list --workspace NAME
  rules import FILE.yaml --workspace NAME [--merge]
  rules export --workspace NAME
  rules enable|disable --workspace NAME RULE

Webhooks (docs/webhooks.md; a new webhook's signing secret is printed once, on the last line)
  webhooks add --workspace NAME --url URL --events E1,E2 [--min-level N] [--disable]
                                         events: asset.classified, asset.escalated, asset.removed
  webhooks list --workspace NAME
  webhooks update --workspace NAME ID [--url URL] [--events E1,E2] [--min-level N|none] [--enable|--disable]
  webhooks remove --workspace NAME ID
  webhooks deliveries --workspace NAME ID [--limit N]   status and every attempt, newest first
  webhooks retry --workspace NAME ID DELIVERY_ID        send a delivery again now

Inventory
  import-csv FILE --workspace NAME       columns: name, asset_type, content (source "csv")
  add --workspace NAME --name N [--type T] [--content-file F]   (source "manual")
  backup FILE                            consistent online copy of the database (SQLite;
                                         on PostgreSQL use pg_dump)

Audit
  audit --workspace NAME [--action A] [--actor X] [--limit N]
                                         the newest changes (default 50, at most 500): who
                                         (key, console session, cli with the OS user), when,
                                         from where, what changed

Storage
  storage migrate --from data/assay.db --to postgres://...
                                         copy a SQLite inventory into an empty PostgreSQL
                                         database; prints the counts verified on both sides

Options for the commands above (the agent commands below take --config, not --data-dir)
  --config FILE      YAML configuration (default: $ASSAY_CONFIG, else embedded defaults)
  --data-dir DIR     data directory (default: $ASSAY_DATA_DIR, else server.data_dir, else ./data);
                     a command other than server, start and init refuses one without a database.
                     With storage.url / $ASSAY_DATABASE_URL set, every command uses PostgreSQL.
  --json             machine-readable output for list commands
  -h, --help         this text

Exit status: 0 done; 1 failed (one line on stderr says why; ASSAY_LOG_LEVEL=debug adds the
stack); 2 bad arguments (with this text).
`;
