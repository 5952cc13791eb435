/**
 * The run store's schema, as an ordered list of numbered migrations. Each is
 * applied once, in its own transaction, and recorded in `schema_migrations`
 * (mirrored in `PRAGMA user_version`). A store made by an older Trellis is
 * upgraded in place; one made by a newer Trellis is refused.
 *
 * To change the schema, append a migration; never edit one that has shipped.
 * `PRAGMA foreign_keys` cannot change inside a transaction, so a migration
 * that rebuilds a table must keep its foreign keys valid as it goes.
 *
 * @example
 * const db = new Database(':memory:');
 * migrate(db, MIGRATIONS.slice(0, 1)); // a store as version 1 left it
 * migrate(db);                         // upgraded to LATEST_VERSION
 */
import type Database from 'better-sqlite3';
import { RunStoreVersionError } from './errors.ts';
import { formatInputIds, type CurrentState } from './input-ids.ts';

export interface Migration {
  /** 1, 2, 3, … with no gaps. */
  readonly version: number;
  readonly name: string;
  /** SQL script, or a function for changes SQL alone cannot express. */
  readonly up: string | ((db: Database.Database) => void);
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'run history',
    up: `
      CREATE TABLE runs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        status TEXT NOT NULL CHECK (status IN ('running','success','failed','canceled','interrupted')),
        selection TEXT NOT NULL,
        trigger TEXT NOT NULL,
        pid INTEGER NOT NULL,
        logical_date TEXT NOT NULL,
        planned_keys TEXT NOT NULL,
        started_at TEXT NOT NULL,
        ended_at TEXT,
        duration_ms INTEGER,
        summary TEXT
      );
      CREATE INDEX runs_status ON runs (status);

      -- One row per asset per run: the planner's decision, then the outcome.
      -- id orders the decisions.
      CREATE TABLE steps (
        id INTEGER PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        asset_key TEXT NOT NULL,
        decision TEXT NOT NULL CHECK (decision IN ('run','skip')),
        reason TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN
          ('pending','running','success','failed','skipped','canceled','interrupted')),
        attempt INTEGER NOT NULL DEFAULT 0,
        started_at TEXT,
        ended_at TEXT,
        duration_ms INTEGER,
        error TEXT,
        rows INTEGER,
        UNIQUE (run_id, asset_key)
      );
      CREATE INDEX steps_asset ON steps (asset_key, run_id);
      CREATE INDEX steps_finished ON steps (asset_key, run_id) WHERE status IN ('success','failed');

      CREATE TABLE materializations (
        id INTEGER PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        asset_key TEXT NOT NULL,
        code_version TEXT NOT NULL,
        data_version TEXT NOT NULL,
        input_versions TEXT NOT NULL,
        deps TEXT NOT NULL,
        rows INTEGER,
        duration_ms INTEGER NOT NULL,
        metadata TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX materializations_asset ON materializations (asset_key, id);

      CREATE TABLE check_results (
        id INTEGER PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        asset_key TEXT NOT NULL,
        check_name TEXT NOT NULL,
        severity TEXT NOT NULL CHECK (severity IN ('error','warn')),
        passed INTEGER NOT NULL CHECK (passed IN (0, 1)),
        failing_count INTEGER,
        message TEXT,
        sample TEXT NOT NULL,
        metadata TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX check_results_run ON check_results (run_id, id);
      CREATE INDEX check_results_asset ON check_results (asset_key, check_name, id);

      -- Append-only: a new id is always max(id) + 1, so a reader can tail id > lastSeen.
      -- Only runs use AUTOINCREMENT (a run id is shown to people and must never be reused);
      -- elsewhere it would cost an extra page write per insert, a third of an event's cost.
      CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        type TEXT NOT NULL,
        asset_key TEXT,
        level TEXT NOT NULL CHECK (level IN ('debug','info','warn','error')),
        message TEXT NOT NULL,
        data TEXT,
        created_at TEXT NOT NULL
      );
      CREATE INDEX events_run ON events (run_id, id);
    `,
  },
  {
    version: 2,
    name: 'source observations and warehouse lock',
    up: `
      -- So an unchanged source file (same size and mtime) is not hashed again.
      CREATE TABLE source_observations (
        path TEXT PRIMARY KEY,
        size INTEGER NOT NULL,
        mtime_ms REAL NOT NULL,
        hash TEXT NOT NULL,
        observed_at TEXT NOT NULL
      );

      -- At most one row: the process allowed to materialize into the warehouse.
      CREATE TABLE warehouse_lock (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        pid INTEGER NOT NULL,
        command TEXT NOT NULL,
        since TEXT NOT NULL
      );
    `,
  },
  {
    version: 3,
    name: 'index of failed steps',
    // Staleness reads the newest failure per asset on every command; failures are few.
    up: `CREATE INDEX steps_failed ON steps (asset_key, run_id) WHERE status = 'failed';`,
  },
  {
    version: 4,
    name: 'latest materialization per asset',
    // Staleness reads every asset's latest materialization on every command: a
    // pointer per asset turns a GROUP BY over all history into a primary-key join.
    up: `
      CREATE TABLE asset_state (
        asset_key TEXT PRIMARY KEY,
        materialization_id INTEGER NOT NULL REFERENCES materializations (id) ON DELETE CASCADE
      ) WITHOUT ROWID;
      INSERT INTO asset_state (asset_key, materialization_id)
        SELECT asset_key, max(id) FROM materializations GROUP BY asset_key;
    `,
  },
  {
    version: 5,
    name: 'compact asset state',
    // What staleness compares, copied beside the pointer in plain text: reading
    // 100,000 assets then needs no join and no JSON parsing. Upstream keys and
    // the data versions they had are joined by newlines, in the same order.
    up: `
      ALTER TABLE asset_state ADD COLUMN run_id INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE asset_state ADD COLUMN code_version TEXT NOT NULL DEFAULT '';
      ALTER TABLE asset_state ADD COLUMN data_version TEXT NOT NULL DEFAULT '';
      ALTER TABLE asset_state ADD COLUMN deps_text TEXT NOT NULL DEFAULT '';
      ALTER TABLE asset_state ADD COLUMN inputs_text TEXT NOT NULL DEFAULT '';
      UPDATE asset_state SET
        run_id = (SELECT run_id FROM materializations AS m WHERE m.id = materialization_id),
        code_version = (SELECT code_version FROM materializations AS m WHERE m.id = materialization_id),
        data_version = (SELECT data_version FROM materializations AS m WHERE m.id = materialization_id),
        deps_text = coalesce((SELECT group_concat(d.value, char(10)) FROM materializations AS m, json_each(m.deps) AS d
          WHERE m.id = materialization_id), ''),
        inputs_text = coalesce((SELECT group_concat(coalesce(json_extract(m.input_versions, '$."' || d.value || '"'), ''), char(10))
          FROM materializations AS m, json_each(m.deps) AS d WHERE m.id = materialization_id), '');
    `,
  },
  {
    version: 6,
    name: 'schedules, daemon lease, automation, deferred retries, holder identity',
    up: `
      -- A holder's pid plus its boot id and start time: a reused pid is not the holder.
      ALTER TABLE runs ADD COLUMN process_identity TEXT;
      ALTER TABLE warehouse_lock ADD COLUMN process_identity TEXT;
      -- A retry launched later as its own run names the run whose failure it retries.
      ALTER TABLE runs ADD COLUMN retry_of INTEGER REFERENCES runs (id) ON DELETE SET NULL;

      -- One row per (schedule, instant): a crash and restart never runs a tick twice.
      -- 'launching' is written before the run starts, so a tick is claimed first.
      CREATE TABLE ticks (
        id INTEGER PRIMARY KEY,
        schedule TEXT NOT NULL,
        scheduled_at TEXT NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('launching','ran','skipped-nothing-stale',
          'skipped-run-in-progress','failed-to-launch','missed')),
        run_id INTEGER REFERENCES runs (id) ON DELETE SET NULL,
        reason TEXT NOT NULL DEFAULT '',
        recorded_at TEXT NOT NULL,
        UNIQUE (schedule, scheduled_at)
      );
      CREATE INDEX ticks_recent ON ticks (schedule, scheduled_at DESC);

      -- How far the daemon evaluated each cron (a schedule, or an asset's on_cron):
      -- ticks after it and before a restart were missed.
      CREATE TABLE cron_cursors (
        name TEXT PRIMARY KEY,
        evaluated_until TEXT NOT NULL
      );

      -- At most one row: the daemon allowed to run. owner tells two daemons of one process apart.
      CREATE TABLE daemon_lease (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        owner TEXT NOT NULL,
        pid INTEGER NOT NULL,
        process_identity TEXT,
        host TEXT NOT NULL,
        since TEXT NOT NULL,
        heartbeat_at TEXT NOT NULL
      );

      -- The latest automation decision per asset, with its reason.
      CREATE TABLE automation_decisions (
        asset_key TEXT PRIMARY KEY,
        evaluated_at TEXT NOT NULL,
        launch INTEGER NOT NULL CHECK (launch IN (0, 1)),
        condition TEXT NOT NULL,
        reason TEXT NOT NULL,
        run_id INTEGER REFERENCES runs (id) ON DELETE SET NULL
      ) WITHOUT ROWID;

      -- A failed step whose next attempt waits too long to hold the warehouse:
      -- the daemon launches it at due_at as a new run (launched_run_id).
      CREATE TABLE deferred_retries (
        run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        asset_key TEXT NOT NULL,
        next_attempt INTEGER NOT NULL,
        due_at TEXT NOT NULL,
        reason TEXT NOT NULL,
        launched_run_id INTEGER REFERENCES runs (id) ON DELETE SET NULL,
        PRIMARY KEY (run_id, asset_key)
      );
      CREATE INDEX deferred_retries_due ON deferred_retries (due_at) WHERE launched_run_id IS NULL;
    `,
  },
  {
    version: 7,
    name: 'notification outbox',
    // Written in the transaction that ends a run, delivered afterwards (and by the
    // daemon) with retries. Only the channel is stored: the webhook URL and the SMTP
    // credentials stay in the environment, never in the store.
    up: `
      CREATE TABLE notifications (
        id INTEGER PRIMARY KEY,
        run_id INTEGER REFERENCES runs (id) ON DELETE CASCADE,
        channel TEXT NOT NULL CHECK (channel IN ('webhook','email')),
        event TEXT NOT NULL,
        payload TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending','sent','failed')) DEFAULT 'pending',
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT NOT NULL,
        last_error TEXT,
        created_at TEXT NOT NULL,
        sent_at TEXT
      );
      CREATE INDEX notifications_due ON notifications (next_attempt_at) WHERE status = 'pending';
      -- An overdue asset is told once per lapse: its event is looked up before enqueueing.
      CREATE INDEX notifications_event ON notifications (event);
    `,
  },
  {
    version: 8,
    name: 'asset state packed',
    // Staleness reads every asset's state as one text (core/runstore/asset-states.ts): each
    // row keeps its fields joined by the unit separator, so the read only concatenates rows.
    up: `
      ALTER TABLE asset_state ADD COLUMN packed TEXT NOT NULL DEFAULT '';
      UPDATE asset_state SET packed = concat_ws(char(31), asset_key, run_id, code_version, data_version, deps_text, inputs_text);
    `,
  },
  {
    version: 9,
    name: 'asset state input ids, without repeated columns',
    // The ids of the materializations each state was built from (input-ids.ts) are kept beside the
    // packed fields, and the columns that repeated those fields go: reading every state then scans about half the
    // pages. For a state written before, an input's id is known where its upstream's current
    // materialization holds the version it read and is older than the state's own; the others are 0,
    // and staleness compares their text.
    up: (db) => {
      const rows = db.prepare<[], [key: string, id: number, data: string, deps: string, inputs: string]>(
        'SELECT asset_key, materialization_id, data_version, deps_text, inputs_text FROM asset_state').raw().all();
      const current = new Map(rows.map(([key, id, data]): [string, CurrentState] => [key, [id, data]]));
      db.exec(`
        CREATE TABLE asset_state_new (
          asset_key TEXT PRIMARY KEY,
          materialization_id INTEGER NOT NULL REFERENCES materializations (id) ON DELETE CASCADE,
          packed TEXT NOT NULL,
          ids TEXT NOT NULL
        ) WITHOUT ROWID;
      `);
      const copy = db.prepare<[string, string]>(
        'INSERT INTO asset_state_new SELECT asset_key, materialization_id, packed, ? FROM asset_state WHERE asset_key = ?');
      for (const [key, id, , deps, inputs] of rows) {
        copy.run(formatInputIds(id, deps ? deps.split('\n') : [], inputs.split('\n'), (k) => current.get(k)), key);
      }
      db.exec('DROP TABLE asset_state; ALTER TABLE asset_state_new RENAME TO asset_state;');
    },
  },
];

export const LATEST_VERSION: number = MIGRATIONS.length;

/** The schema version of an open database: 0 for a new file. */
export function schemaVersion(db: Database.Database): number {
  const userVersion = db.pragma('user_version', { simple: true }) as number;
  const hasTable = db.prepare(
    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
  const recorded = hasTable
    ? (db.prepare('SELECT max(version) FROM schema_migrations').pluck().get() as number | null) ?? 0
    : 0;
  return Math.max(userVersion, recorded);
}

/**
 * Applies the migrations `db` has not seen yet and returns its version.
 * Safe when several processes open one store at once: each migration runs in
 * an IMMEDIATE transaction that first checks it is still pending.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS,
  path: string = db.name): number {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration '${m.name}' is numbered ${m.version}, expected ${i + 1}`);
  });
  const known = migrations.length;
  const found = schemaVersion(db);
  if (found > known) throw new RunStoreVersionError(path, found, known);

  for (const m of migrations.slice(found)) {
    db.transaction(() => {
      db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
      if (schemaVersion(db) >= m.version) return; // another process got here first
      if (typeof m.up === 'string') db.exec(m.up);
      else m.up(db);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)')
        .run(m.version, m.name, new Date().toISOString());
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
  return schemaVersion(db);
}
