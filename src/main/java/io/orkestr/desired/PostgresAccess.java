package io.orkestr.desired;

import io.orkestr.manifest.Engine;
import io.orkestr.manifest.SettingKeys;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * PostgresAccess writes the script that gives a Postgres add-on its roles: orkestr's own superuser
 * ({@code orkestr}, the data's bootstrap superuser) and the app's role, which owns the database and
 * every object in it but is no superuser and cannot create roles or databases, replicate, or run
 * programs; its connections are capped at the plan's, and its settings in its database are the
 * plan's live settings. The script is idempotent and runs inside the container, as the local
 * superuser (the images trust local socket connections), with the passwords in the environment:
 * once by the image when the data is new, and by orkestr after each start on existing data and for
 * live changes.
 *
 * <p>Data made before orkestr kept a role of its own has the app's role as its bootstrap superuser,
 * which Postgres will not demote. The script converts it: a second superuser renames the bootstrap
 * role to {@code orkestr}, a new app role of the old name and password takes over the database and
 * every object the old role owned, and sessions opened under the old role are ended, so apps
 * reconnect with the same URL as the new role.
 */
final class PostgresAccess {
  private PostgresAccess() {}

  /** Only the live settings and the connection limit: one psql, for a change of nothing else. */
  static String settingsScript(String app, int connections, Map<String, String> liveSettings) {
    return SETTINGS_TEMPLATE.replace("{sql}", settingsSql(app, liveSettings)).replace("{app}", app)
        .replace("{connections}", Integer.toString(connections));
  }

  private static String settingsSql(String app, Map<String, String> liveSettings) {
    String settings = liveSettings.entrySet().stream()
        .map(e -> "ALTER ROLE " + app + " IN DATABASE " + app + " SET " + e.getKey() + " = '" + e.getValue() + "';")
        .collect(Collectors.joining("\n"));
    String managed = SettingKeys.of(Engine.POSTGRES).values().stream().filter(k -> k.when() == SettingKeys.When.LIVE)
        .map(k -> "'" + k.name() + "'").sorted().collect(Collectors.joining(", "));
    String desired = liveSettings.keySet().stream().map(k -> "'" + k + "'").collect(Collectors.joining(", "));
    return settings + "\n" + RESET.replace("{app}", app).replace("{managed}", managed).replace("{desired}", desired.isEmpty() ? "''" : desired);
  }

  private static final String RESET = """
      SELECT format('ALTER ROLE {app} IN DATABASE {app} RESET %s', split_part(s, '=', 1))
        FROM pg_db_role_setting d, unnest(d.setconfig) s
        WHERE d.setrole = '{app}'::regrole AND d.setdatabase = (SELECT oid FROM pg_database WHERE datname = '{app}')
          AND split_part(s, '=', 1) IN ({managed}) AND split_part(s, '=', 1) NOT IN ({desired}) \\gexec""";

  private static final String SETTINGS_TEMPLATE = """
      psql -X -q -v ON_ERROR_STOP=1 -tA -U orkestr -d postgres -f - <<'SQL'
      ALTER ROLE {app} CONNECTION LIMIT {connections};
      {sql}
      SQL
      """;

  static String script(String app, Access access, int connections, Map<String, String> liveSettings) {
    String attributes = access == Access.SUPERUSER ? "SUPERUSER" : "NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS";
    return TEMPLATE.replace("{settings}", settingsSql(app, liveSettings)).replace("{app}", app).replace("{attributes}", attributes)
        .replace("{connections}", Integer.toString(connections));
  }

  private static final String TEMPLATE = """
      #!/bin/sh
      # orkestr: the roles of this add-on (idempotent; see PostgresAccess in orkestr's source).
      set -eu
      app={app}
      admin=orkestr
      export PGCONNECT_TIMEOUT=10
      q() { psql -X -q -v ON_ERROR_STOP=1 -tA "$@"; }
      # The data's superuser: orkestr's own, or, on data made before orkestr kept one, the app's.
      if q -U "$admin" -d postgres -c 'SELECT 1' >/dev/null 2>&1; then as=$admin; else as=$app; fi
      boot=$(q -U "$as" -d postgres -c 'SELECT rolname FROM pg_roles WHERE oid = 10')
      converted=no
      if [ "$boot" != "$admin" ]; then
        # A role cannot rename itself: a second superuser renames the bootstrap role, then goes.
        q -U "$boot" -d postgres -f - <<'SQL'
      DO $$BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'orkestr_convert') THEN CREATE ROLE orkestr_convert SUPERUSER LOGIN; END IF;
      END$$;
      SQL
        q -U orkestr_convert -d postgres -v boot="$boot" -f - <<'SQL'
      ALTER ROLE :"boot" RENAME TO orkestr;
      SQL
        converted=yes
      fi
      q -U "$admin" -d postgres -v app_password="$ORKESTR_APP_PASSWORD" -v admin_password="${ORKESTR_ADMIN_PASSWORD:-$POSTGRES_PASSWORD}" -f - <<'SQL'
      SET client_min_messages = warning;
      DROP ROLE IF EXISTS orkestr_convert;
      ALTER ROLE orkestr WITH SUPERUSER LOGIN PASSWORD :'admin_password';
      SELECT 'CREATE ROLE {app} LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{app}') \\gexec
      ALTER ROLE {app} WITH LOGIN {attributes} CONNECTION LIMIT {connections} PASSWORD :'app_password';
      SELECT format('REVOKE %I FROM {app}', r) FROM unnest(ARRAY['pg_execute_server_program', 'pg_read_server_files', 'pg_write_server_files']) r
        WHERE EXISTS (SELECT FROM pg_auth_members m WHERE m.roleid = r::regrole AND m.member = '{app}'::regrole) \\gexec
      SELECT 'CREATE DATABASE {app} OWNER {app}' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '{app}') \\gexec
      ALTER DATABASE {app} OWNER TO {app};
      {settings}
      SQL
      # What the data's superuser owns in the app's database becomes the app's (objects the old app role made among it),
      # but for orkestr's own schema (see PostgresReadOnly).
      q -U "$admin" -d "$app" -f - <<'SQL'
      DO $$
      DECLARE
        r record;
        target text := '{app}';
      BEGIN
        FOR r IN SELECT n.nspname FROM pg_namespace n
            WHERE n.nspowner = 10 AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'orkestr_read_only' LOOP
          EXECUTE format('ALTER SCHEMA %I OWNER TO %I', r.nspname, target);
        END LOOP;
        FOR r IN SELECT c.oid::regclass AS name, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relowner = 10 AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
              AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'orkestr_read_only'
              AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
              AND NOT (c.relkind = 'S' AND EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i'))) LOOP
          EXECUTE format('ALTER %s %s OWNER TO %I', CASE r.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW'
            WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END, r.name, target);
        END LOOP;
        FOR r IN SELECT p.oid::regprocedure AS name, p.prokind FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE p.proowner = 10 AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'orkestr_read_only'
              AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e') LOOP
          EXECUTE format('ALTER %s %s OWNER TO %I', CASE r.prokind WHEN 'p' THEN 'PROCEDURE' WHEN 'a' THEN 'AGGREGATE' ELSE 'FUNCTION' END,
            r.name, target);
        END LOOP;
        FOR r IN SELECT t.oid::regtype AS name, t.typtype FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
            WHERE t.typowner = 10 AND t.typtype IN ('d', 'e', 'r', 'c')
              AND (t.typtype <> 'c' OR (SELECT c.relkind FROM pg_class c WHERE c.oid = t.typrelid) = 'c')
              AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'orkestr_read_only'
              AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e') LOOP
          EXECUTE format('ALTER %s %s OWNER TO %I', CASE r.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END, r.name, target);
        END LOOP;
        FOR r IN SELECT l.oid FROM pg_largeobject_metadata l WHERE l.lomowner = 10 LOOP
          EXECUTE format('ALTER LARGE OBJECT %s OWNER TO %I', r.oid, target);
        END LOOP;
      END$$;
      SQL
      if [ -n "${ORKESTR_SPACE:-}" ]; then
        # The app's database on the add-on's size-limited disk (see DiskPlacement): a tablespace there, and the
        # database moved onto it once (apps are kept out while it copies). Its WAL stays on the data volume.
        mkdir -p "$ORKESTR_SPACE/pg"
        chown postgres:postgres "$ORKESTR_SPACE/pg"
        chmod 700 "$ORKESTR_SPACE/pg"
        q -U "$admin" -d postgres -v dir="$ORKESTR_SPACE/pg" -f - <<'SQL'
      SELECT format('CREATE TABLESPACE orkestr_space LOCATION %L', :'dir')
        WHERE NOT EXISTS (SELECT FROM pg_tablespace WHERE spcname = 'orkestr_space') \\gexec
      SQL
        where=$(q -U "$admin" -d postgres -c "SELECT t.spcname FROM pg_database d JOIN pg_tablespace t ON t.oid = d.dattablespace WHERE d.datname = '{app}'")
        if [ "$where" != orkestr_space ]; then
          q -U "$admin" -d postgres -c "ALTER DATABASE {app} ALLOW_CONNECTIONS false"
          q -U "$admin" -d postgres -c "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '{app}' AND pid <> pg_backend_pid()" >/dev/null
          moved=yes
          q -U "$admin" -d postgres -c "ALTER DATABASE {app} SET TABLESPACE orkestr_space" || moved=no
        fi
        # Also when a run was cut short between the two.
        q -U "$admin" -d postgres -c "ALTER DATABASE {app} ALLOW_CONNECTIONS true"
        if [ "${moved:-yes}" = no ]; then
          echo "orkestr: database {app} did not fit on its size-limited disk and stays where it was (its plan's storage is too small for it)" >&2
          exit 1
        fi
      fi
      if [ "$converted" = yes ]; then
        # Sessions opened before the rename run as the superuser: end them, so apps reconnect as their own role.
        q -U "$admin" -d postgres -c "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE usesysid = 10 AND pid <> pg_backend_pid() AND backend_type = 'client backend'" >/dev/null
      fi
      """;
}
