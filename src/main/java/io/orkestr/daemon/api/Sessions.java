package io.orkestr.daemon.api;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sessions are what a browser holds instead of the API token: the console's login exchanges the
 * token for a random session id in an HttpOnly, SameSite=Strict cookie (a browser's EventSource
 * cannot send an Authorization header). They live in the daemon's memory only (a restart logs
 * everyone out), end after LIFETIME or at logout, and failed logins are limited per client address.
 */
final class Sessions {
  static final String COOKIE = "orkestr_session";
  static final Duration LIFETIME = Duration.ofHours(12);
  /** Failed logins from one address within WINDOW, after which it waits. */
  static final int FAILURES = 5;
  static final Duration WINDOW = Duration.ofMinutes(1);
  private static final int MAX_SESSIONS = 1000;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Clock clock;
  private final Map<String, Instant> expires = new ConcurrentHashMap<>();
  private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

  Sessions(Clock clock) {
    this.clock = clock;
  }

  /** A new session's id (256 random bits). */
  String open() {
    Instant now = clock.instant();
    expires.values().removeIf(e -> !e.isAfter(now));
    if (expires.size() >= MAX_SESSIONS) {
      expires.entrySet().stream().min(Map.Entry.comparingByValue()).ifPresent(oldest -> expires.remove(oldest.getKey()));
    }
    byte[] id = new byte[32];
    RANDOM.nextBytes(id);
    String s = Base64.getUrlEncoder().withoutPadding().encodeToString(id);
    expires.put(s, now.plus(LIFETIME));
    return s;
  }

  boolean valid(String id) {
    if (id == null) return false;
    Instant e = expires.get(id);
    return e != null && e.isAfter(clock.instant());
  }

  void close(String id) {
    if (id != null) expires.remove(id);
  }

  /** How long this address must wait before it may try again, if it failed too often lately. */
  synchronized Optional<Duration> waitFor(String address) {
    Deque<Instant> f = failures.get(address);
    if (f == null) return Optional.empty();
    Instant now = clock.instant();
    while (!f.isEmpty() && !f.peekFirst().plus(WINDOW).isAfter(now)) f.pollFirst();
    if (f.isEmpty()) {
      failures.remove(address);
      return Optional.empty();
    }
    return f.size() < FAILURES ? Optional.empty() : Optional.of(Duration.between(now, f.peekFirst().plus(WINDOW)));
  }

  synchronized void failed(String address) {
    if (failures.size() > 10_000) failures.clear(); // a flood of addresses must not grow memory without bound
    failures.computeIfAbsent(address, a -> new ArrayDeque<>()).addLast(clock.instant());
  }
}
