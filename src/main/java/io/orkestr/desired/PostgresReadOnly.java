package io.orkestr.desired;

/**
 * PostgresReadOnly writes the scripts that make a Postgres add-on's database read-only for apps
 * when it is over its plan's storage, and writable again. Postgres has no read-only switch an app
 * cannot undo: {@code default_transaction_read_only} is the app's to turn off, and the app owns its
 * tables, so revoked privileges come back with a GRANT. What a non-superuser cannot undo is what a
 * superuser installs beside the app's objects, so orkestr adds, in a schema of its own
 * ({@code orkestr_read_only}, never one the app made: switching back drops what orkestr put there):
 *
 * <ul>
 *   <li>a statement trigger before INSERT or UPDATE on every table (COPY, MERGE, upserts and
 *       writes through views and partitions fire it too) that refuses the write with a message
 *       saying why and what to do (SQLSTATE 25006, read_only_sql_transaction);
 *   <li>an event trigger that refuses every DDL command but those that free space (DROP TABLE,
 *       INDEX, VIEW, MATERIALIZED VIEW, SEQUENCE), so the app cannot drop or disable the triggers,
 *       create a table without one, or refresh a materialized view;
 *   <li>EXECUTE revoked on the functions that write large objects.
 * </ul>
 *
 * <p>DELETE, TRUNCATE and VACUUM stay the app's, so it can get back under on its own. Superusers
 * (orkestr's own role: backups, restores, checks) pass. Switching back drops the functions (which
 * take the triggers with them), the event trigger and the then empty schema, and gives the
 * large-object functions back.
 */
final class PostgresReadOnly {
  /** The event trigger whose presence says the database is read-only for apps. */
  static final String MARKER = "orkestr_read_only";
  private static final String LARGE_OBJECT_WRITES =
      "pg_catalog.lo_creat(integer), pg_catalog.lo_create(oid), pg_catalog.lo_from_bytea(oid, bytea),"
          + " pg_catalog.lo_put(oid, bigint, bytea), pg_catalog.lowrite(integer, bytea)";
  private static final String HINT = "Delete data (DELETE or TRUNCATE, then VACUUM) to write again, or move the project to a larger plan.";

  private PostgresReadOnly() {}

  /**
   * Prints "BYTES STATE": the app database's size, and whether the switch is on ("true", "false"),
   * or "legacy" where orkestr before this one set default_transaction_read_only (which either
   * switch replaces).
   */
  static String measure(String app) {
    return psql(app, "-c \"SELECT pg_database_size(current_database()) || ' ' || CASE WHEN EXISTS (SELECT FROM pg_event_trigger"
        + " WHERE evtname = '" + MARKER + "') THEN 'true' WHEN EXISTS (SELECT FROM pg_db_role_setting s WHERE s.setdatabase ="
        + " (SELECT oid FROM pg_database WHERE datname = current_database()) AND s.setrole = '" + app + "'::regrole"
        + " AND 'default_transaction_read_only=on' = ANY (s.setconfig)) THEN 'legacy' ELSE 'false' END\"");
  }

  /** Switches writes off; the app's open sessions are ended first, so the triggers need not wait for their locks. */
  static String readOnly(String app, String limit) {
    String refused = "orkestr: database " + app + " is read-only: it holds more than its plan''s storage of " + limit;
    String sql = READ_ONLY.replace("{refused}", refused).replace("{app}", app).replace("{hint}", HINT)
        .replace("{large_object_writes}", LARGE_OBJECT_WRITES);
    // On a disk, its reserve goes first: a full disk could not take the triggers, nor the app's TRUNCATE.
    return "set -eu\n" + endSessions(app) + "\n" + "[ -z \"${ORKESTR_SPACE:-}\" ] || rm -f \"$ORKESTR_SPACE/" + DiskPlacement.RESERVE + "\"\n"
        + psql(app, "-f - <<'SQL'\n" + sql + "SQL");
  }

  /** Switches writes back on, then holds the disk's reserve back again (if the disk has the room: it is given back later otherwise). */
  static String writable(String app, long reserveBytes) {
    String reserve = "\"$ORKESTR_SPACE/" + DiskPlacement.RESERVE + "\"";
    return "set -eu\n" + psql(app, "-f - <<'SQL'\n" + WRITABLE.replace("{app}", app).replace("{large_object_writes}", LARGE_OBJECT_WRITES) + "SQL")
        + "\nif [ -n \"${ORKESTR_SPACE:-}\" ] && [ ! -e " + reserve + " ]; then\n"
        + "  { head -c " + reserveBytes + " /dev/zero > " + reserve + ".new && chmod 600 " + reserve + ".new && mv " + reserve + ".new " + reserve
        + "; } 2>/dev/null || rm -f " + reserve + ".new\n"
        + "fi\n";
  }

  private static String psql(String database, String rest) {
    return "psql -X -q -tA -v ON_ERROR_STOP=1 -U " + PostgresProfile.ADMIN_ROLE + " -d " + database + " " + rest;
  }

  private static String endSessions(String app) {
    return psql("postgres", "-c \"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '" + app
        + "' AND usename = '" + app + "'\" >/dev/null");
  }

  private static final String READ_ONLY = """
      SET client_min_messages = warning;
      SET lock_timeout = '20s';
      BEGIN;
      DO $$BEGIN
        -- Never one of the app's: switching back drops what is in it.
        IF EXISTS (SELECT FROM pg_namespace WHERE nspname = 'orkestr_read_only' AND nspowner <> 10) THEN
          RAISE EXCEPTION 'a schema orkestr_read_only that orkestr did not make is in the way';
        END IF;
      END$$;
      CREATE SCHEMA IF NOT EXISTS orkestr_read_only;
      REVOKE ALL ON SCHEMA orkestr_read_only FROM PUBLIC;
      CREATE OR REPLACE FUNCTION orkestr_read_only.refuse_write() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog AS $f$
      BEGIN
        IF pg_catalog.current_setting('is_superuser') = 'on' THEN RETURN NULL; END IF;
        RAISE EXCEPTION USING ERRCODE = 'read_only_sql_transaction', MESSAGE = '{refused}', HINT = '{hint}';
      END$f$;
      CREATE OR REPLACE FUNCTION orkestr_read_only.refuse_ddl() RETURNS event_trigger LANGUAGE plpgsql SET search_path = pg_catalog AS $f$
      BEGIN
        IF pg_catalog.current_setting('is_superuser') = 'on'
          OR tg_tag IN ('DROP TABLE', 'DROP INDEX', 'DROP VIEW', 'DROP MATERIALIZED VIEW', 'DROP SEQUENCE') THEN RETURN; END IF;
        RAISE EXCEPTION USING ERRCODE = 'read_only_sql_transaction', MESSAGE = '{refused}; ' || tg_tag || ' is refused', HINT = '{hint}';
      END$f$;
      DROP EVENT TRIGGER IF EXISTS orkestr_read_only;
      CREATE EVENT TRIGGER orkestr_read_only ON ddl_command_start EXECUTE FUNCTION orkestr_read_only.refuse_ddl();
      DO $$
      DECLARE r record;
      BEGIN
        FOR r IN SELECT c.oid::regclass AS t FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'orkestr_read_only')
              AND n.nspname NOT LIKE 'pg\\_%' LOOP
          EXECUTE format('DROP TRIGGER IF EXISTS orkestr_read_only ON %s', r.t);
          EXECUTE format('CREATE TRIGGER orkestr_read_only BEFORE INSERT OR UPDATE ON %s FOR EACH STATEMENT'
            ' EXECUTE FUNCTION orkestr_read_only.refuse_write()', r.t);
        END LOOP;
      END$$;
      REVOKE EXECUTE ON FUNCTION {large_object_writes} FROM PUBLIC;
      ALTER ROLE {app} IN DATABASE {app} RESET default_transaction_read_only;
      COMMIT;
      """;

  private static final String WRITABLE = """
      SET client_min_messages = warning;
      SET lock_timeout = '20s';
      BEGIN;
      DROP EVENT TRIGGER IF EXISTS orkestr_read_only;
      -- The functions take the tables' triggers with them; the schema goes only if it is orkestr's and empty then.
      DROP FUNCTION IF EXISTS orkestr_read_only.refuse_write() CASCADE;
      DROP FUNCTION IF EXISTS orkestr_read_only.refuse_ddl();
      DO $$BEGIN
        IF EXISTS (SELECT FROM pg_namespace n WHERE n.nspname = 'orkestr_read_only' AND n.nspowner = 10
            AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.refclassid = 'pg_namespace'::regclass AND d.refobjid = n.oid)) THEN
          DROP SCHEMA orkestr_read_only;
        END IF;
      END$$;
      GRANT EXECUTE ON FUNCTION {large_object_writes} TO PUBLIC;
      ALTER ROLE {app} IN DATABASE {app} RESET default_transaction_read_only;
      COMMIT;
      """;
}
