import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A test client, run by NetworkJava in a container on a project's network, as an app would connect:
 * JDBC with JDBC_URL, JDBC_USER and JDBC_PASSWORD (from DATABASE_URL), Jedis with REDIS_URL.
 *
 *   query SQL              one connection, one query; prints the first value
 *   many N SQL             N connections opened at once, each runs the query; prints "ok I VALUE" per connection
 *   pool N SECONDS         N connections opened and held, unused, for SECONDS
 *   every SECONDS SQL      one connection running the query every second for SECONDS
 *   redis-get KEY          prints the key's value
 *   redis-every SECONDS    SET a key every second for SECONDS
 */
public class Client {
  public static void main(String[] args) throws Exception {
    long start = System.nanoTime();
    switch (args[0]) {
      case "query": {
        try (Connection c = connect()) {
          System.out.println("value " + first(c, args[1]));
        }
        break;
      }
      case "again": {
        // A connection, then after the pause another: the second one with the address the first looked up (the JVM caches
        // it for 30 s), as a pool that grows after its first connection does.
        try (Connection c = connect()) {
          System.out.println("first " + first(c, args[1]));
        }
        Thread.sleep(Long.parseLong(args[2]) * 1000);
        try (Connection c = connect()) {
          System.out.println("again " + first(c, args[1]));
        }
        break;
      }
      case "many": {
        int n = Integer.parseInt(args[1]);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        List<Future<String>> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          all.add(pool.submit(() -> {
            try (Connection c = connect()) {
              return first(c, args[2]);
            }
          }));
        }
        int failed = 0;
        for (int i = 0; i < n; i++) {
          try {
            System.out.println("ok " + i + " " + all.get(i).get());
          } catch (Exception e) {
            failed++;
            StringBuilder why = new StringBuilder();
            for (Throwable t = e.getCause(); t != null; t = t.getCause()) why.append(" <- ").append(t);
            System.out.println("failed " + i + why);
          }
        }
        pool.shutdown();
        if (failed > 0) System.exit(1);
        break;
      }
      case "pool": {
        List<Connection> held = new ArrayList<>();
        for (int i = 0; i < Integer.parseInt(args[1]); i++) held.add(connect());
        System.out.println("holding " + held.size());
        Thread.sleep(Long.parseLong(args[2]) * 1000);
        break;
      }
      case "every": {
        try (Connection c = connect()) {
          for (long i = 0; i < Long.parseLong(args[1]); i++) {
            first(c, args[2]);
            if (i == 0) System.out.println("ready");
            Thread.sleep(1000);
          }
        }
        break;
      }
      case "redis-get": {
        try (redis.clients.jedis.Jedis r = new redis.clients.jedis.Jedis(java.net.URI.create(System.getenv("REDIS_URL")))) {
          System.out.println("value " + r.get(args[1]));
        }
        break;
      }
      case "redis-every": {
        try (redis.clients.jedis.Jedis r = new redis.clients.jedis.Jedis(java.net.URI.create(System.getenv("REDIS_URL")))) {
          for (long i = 0; i < Long.parseLong(args[1]); i++) {
            r.set("ticks", Long.toString(i));
            if (i == 0) System.out.println("ready");
            Thread.sleep(1000);
          }
        }
        break;
      }
      default:
        throw new IllegalArgumentException(args[0]);
    }
    System.out.println("took_ms " + (System.nanoTime() - start) / 1_000_000);
  }

  static Connection connect() throws Exception {
    java.util.Properties p = new java.util.Properties();
    p.setProperty("user", System.getenv("JDBC_USER"));
    p.setProperty("password", System.getenv("JDBC_PASSWORD"));
    p.setProperty("connectTimeout", "120");
    p.setProperty("ApplicationName", System.getenv().getOrDefault("APP_NAME", "it-client"));
    return DriverManager.getConnection(System.getenv("JDBC_URL"), p);
  }

  static String first(Connection c, String sql) throws Exception {
    try (ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
