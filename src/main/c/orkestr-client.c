/*
 * orkestr-client: the native thin client of orkestr serve.
 *
 *     orkestr-client SOCKET BUILD N ARG1 ... ARGN [FALLBACK...]
 *
 * Hands the command line ARG1 ... ARGN, the working directory and orkestr's environment variables
 * (ORKESTR_*, DOCKER_*, HOME, NO_COLOR; never the rest) to the daemon listening on SOCKET, relays
 * the command's stdout, stderr and exit code, and exits with that code. It speaks the same protocol
 * as the Java client (io.orkestr.app.DaemonClient, io.orkestr.daemon.CliProtocol): POST /v1/cli,
 * answered by a chunked stream of frames (a kind byte, a 4-byte big-endian length, the payload).
 *
 * When the daemon did not take the command (none answering, another BUILD, a command that stays
 * local, anything it could not read), it executes FALLBACK in its place with ORKESTR_DAEMON=off
 * (bin/orkestr passes the JVM's command line), or exits 254 without one. bin/orkestr execs this
 * client, so signals sent to the process the user started reach it, and then the JVM.
 * Ctrl-C (SIGINT, SIGTERM, SIGHUP) asks the daemon to interrupt the command, as Ctrl-C does
 * in-process, relays what the command still prints, and exits 128 + the signal's number; a second
 * signal exits at once (the daemon takes the hang-up as the interrupt).
 *
 * Why C: a JVM needs about 50 ms to start even for a 16 KB jar, which was most of a no-op plan's
 * time with the daemon running; this starts in about a millisecond. Only libc; bin/orkestr builds
 * it with the machine's C compiler when there is one, and uses the Java client when there is not.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define NOT_TAKEN 254
#define RUN_PATH "/v1/cli"
#define BUILD_HEADER "X-Orkestr-Build"
#define INVOCATION_HEADER "X-Orkestr-Invocation"

extern char **environ;

static char **fallback;  /* the command to run when the daemon does not take this one, or NULL */

/* The daemon did not take the command: the JVM runs it instead (or 254 tells the caller to). */
static void not_taken(void) {
  if (fallback && fallback[0]) {
    signal(SIGPIPE, SIG_DFL);  /* ignored dispositions survive exec: give the JVM the default */
    setenv("ORKESTR_DAEMON", "off", 1);
    execvp(fallback[0], fallback);
    fprintf(stderr, "orkestr: cannot run %s: %s\n", fallback[0], strerror(errno));
    exit(127);
  }
  exit(NOT_TAKEN);
}

/* ---- a growing byte buffer, for the request ---- */

typedef struct {
  char *data;
  size_t len, cap;
} Buf;

static void put(Buf *b, const char *s, size_t n) {
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 4096;
    while (b->len + n + 1 > cap) cap *= 2;
    char *grown = realloc(b->data, cap);
    if (!grown) not_taken();
    b->data = grown;
    b->cap = cap;
  }
  memcpy(b->data + b->len, s, n);
  b->len += n;
  b->data[b->len] = 0;
}

static void puts_(Buf *b, const char *s) { put(b, s, strlen(s)); }

/* A JSON string, escaped as the Java client escapes it; bytes are passed through (the daemon reads UTF-8). */
static void json_string(Buf *b, const char *s) {
  puts_(b, "\"");
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    char esc[8];
    switch (*p) {
      case '"': puts_(b, "\\\""); break;
      case '\\': puts_(b, "\\\\"); break;
      case '\n': puts_(b, "\\n"); break;
      case '\r': puts_(b, "\\r"); break;
      case '\t': puts_(b, "\\t"); break;
      default:
        if (*p < 0x20) {
          snprintf(esc, sizeof esc, "\\u%04x", *p);
          puts_(b, esc);
        } else {
          put(b, (const char *)p, 1);
        }
    }
  }
  puts_(b, "\"");
}

static int forwarded_variable(const char *entry) {
  return strncmp(entry, "ORKESTR_", 8) == 0 || strncmp(entry, "DOCKER_", 7) == 0 || strncmp(entry, "HOME=", 5) == 0 ||
         strncmp(entry, "NO_COLOR=", 9) == 0;
}

static void request(Buf *out, const char *build, int argc, char **argv, const char *cwd) {
  Buf body = {0};
  puts_(&body, "{\"args\":[");
  for (int i = 0; i < argc; i++) {
    if (i > 0) puts_(&body, ",");
    json_string(&body, argv[i]);
  }
  puts_(&body, "],\"cwd\":");
  json_string(&body, cwd);
  puts_(&body, isatty(0) && isatty(1) ? ",\"terminal\":true,\"env\":{" : ",\"terminal\":false,\"env\":{");
  int first = 1;
  for (char **e = environ; *e; e++) {
    const char *eq = strchr(*e, '=');
    if (!eq || !forwarded_variable(*e)) continue;
    if (!first) puts_(&body, ",");
    first = 0;
    char *name = strndup(*e, (size_t)(eq - *e));
    json_string(&body, name);
    free(name);
    puts_(&body, ":");
    json_string(&body, eq + 1);
  }
  puts_(&body, "}}");
  char head[512];
  int n = snprintf(head, sizeof head,
                   "POST " RUN_PATH " HTTP/1.1\r\nHost: orkestr\r\nContent-Type: application/json\r\n" BUILD_HEADER
                   ": %s\r\nContent-Length: %zu\r\n\r\n",
                   build, body.len);
  if (n < 0 || (size_t)n >= sizeof head) not_taken();
  put(out, head, (size_t)n);
  put(out, body.data, body.len);
  free(body.data);
}

/* ---- signals: a handler only writes the signal's number to a pipe the relay loop polls ---- */

static int signal_pipe[2] = {-1, -1};
static volatile sig_atomic_t signals_seen;

static void on_signal(int sig) {
  int saved = errno;
  if (++signals_seen > 1) _exit(128 + sig);  /* a second Ctrl-C: leave now */
  unsigned char b = (unsigned char)sig;
  if (write(signal_pipe[1], &b, 1) < 0) { /* the relay loop will not hear it; nothing more to do here */ }
  errno = saved;
}

static void catch_signals(void) {
  if (pipe2(signal_pipe, O_CLOEXEC) != 0) not_taken();
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGHUP, &sa, NULL);
  signal(SIGPIPE, SIG_IGN);  /* stdout closed early (| head): like the JVM, keep relaying, drop the bytes */
}

/* ---- the connection ---- */

static const char *socket_path;
static int conn = -1;
static char invocation[128];  /* the daemon's id for the running command, once it took it */
static int pending_signal;    /* the first signal received, 0 if none */

static int connect_daemon(void) {
  struct sockaddr_un addr;
  memset(&addr, 0, sizeof addr);
  addr.sun_family = AF_UNIX;
  if (strlen(socket_path) >= sizeof addr.sun_path) return -1;
  strcpy(addr.sun_path, socket_path);
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  if (connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

static int write_all(int fd, const char *p, size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w < 0) return -1;
    p += w;
    n -= (size_t)w;
  }
  return 0;
}

/* The daemon stopped, or spoke nonsense: before it took the command, the JVM runs it instead. */
static void lost(void) {
  if (pending_signal) _exit(128 + pending_signal);
  if (!invocation[0]) not_taken();
  fprintf(stderr, "orkestr: the daemon (%s) stopped before the command finished; run it again\n", socket_path);
  exit(1);
}

/* Ctrl-C: ask the daemon to interrupt the command (on a connection of its own) and keep relaying. */
static void interrupt_command(int sig) {
  pending_signal = sig;
  if (!invocation[0]) _exit(128 + sig);  /* nothing taken yet: hanging up is the interrupt */
  int fd = connect_daemon();
  if (fd < 0) return;
  char req[256];
  int n = snprintf(req, sizeof req,
                   "POST " RUN_PATH "/%s/interrupt HTTP/1.1\r\nHost: orkestr\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                   invocation);
  if (n > 0 && (size_t)n < sizeof req && write_all(fd, req, (size_t)n) == 0) {
    char answer[64];
    while (read(fd, answer, sizeof answer) < 0 && errno == EINTR) {}  /* the status line: the daemon has it */
  }
  close(fd);
}

static char rbuf[1 << 16];
static size_t rpos, rlen;

/* Refills the read buffer from the daemon, handling signals while it waits. */
static void fill(void) {
  for (;;) {
    struct pollfd fds[2] = {{conn, POLLIN, 0}, {signal_pipe[0], POLLIN, 0}};
    if (poll(fds, pending_signal ? 1 : 2, -1) < 0) {
      if (errno == EINTR) continue;
      lost();
    }
    if (!pending_signal && (fds[1].revents & POLLIN)) {
      unsigned char sig;
      if (read(signal_pipe[0], &sig, 1) == 1) interrupt_command(sig);
      continue;
    }
    if (fds[0].revents) {
      ssize_t r = read(conn, rbuf, sizeof rbuf);
      if (r < 0 && errno == EINTR) continue;
      if (r <= 0) lost();
      rpos = 0;
      rlen = (size_t)r;
      return;
    }
  }
}

static int next_byte(void) {
  if (rpos == rlen) fill();
  return (unsigned char)rbuf[rpos++];
}

/* One CRLF-terminated line of the head or of the chunked framing, bounded like the Java reader. */
static void read_line(char *line, size_t cap) {
  size_t n = 0;
  for (;;) {
    int c = next_byte();
    if (c == '\n') break;
    if (n + 1 >= cap) lost();
    line[n++] = (char)c;
  }
  if (n > 0 && line[n - 1] == '\r') n--;
  line[n] = 0;
}

/* ---- the chunked body ---- */

static size_t chunk_left;
static int chunks_done;

static void read_exact(void *to, size_t n) {
  char *p = to;
  while (n > 0) {
    if (chunk_left == 0) {
      if (chunks_done) lost();
      char line[128];
      read_line(line, sizeof line);
      char *end;
      errno = 0;
      unsigned long size = strtoul(line, &end, 16);
      if (end == line || errno != 0 || (*end && *end != ';')) lost();
      if (size == 0) {
        chunks_done = 1;
        lost();  /* the stream ended without an exit frame */
      }
      chunk_left = size;
    }
    if (rpos == rlen) fill();
    size_t take = rlen - rpos;
    if (take > chunk_left) take = chunk_left;
    if (take > n) take = n;
    memcpy(p, rbuf + rpos, take);
    rpos += take;
    chunk_left -= take;
    p += take;
    n -= take;
    if (chunk_left == 0) {
      char crlf[8];
      read_line(crlf, sizeof crlf);
      if (crlf[0]) lost();
    }
  }
}

static uint32_t big_endian(const unsigned char b[4]) {
  return ((uint32_t)b[0] << 24) | ((uint32_t)b[1] << 16) | ((uint32_t)b[2] << 8) | b[3];
}

static int relay(void) {
  static char payload[1 << 16];
  for (;;) {
    unsigned char head[5];
    read_exact(head, 5);
    uint32_t len = big_endian(head + 1);
    if (head[0] == 'x') {
      unsigned char code[4];
      if (len != 4) lost();
      read_exact(code, 4);
      return (int)big_endian(code);
    }
    int fd = head[0] == 'e' ? 2 : 1;
    while (len > 0) {
      size_t take = len > sizeof payload ? sizeof payload : len;
      read_exact(payload, take);
      if (head[0] != 'k') write_all(fd, payload, take);  /* a failed write (closed stdout) is dropped */
      len -= (uint32_t)take;
    }
  }
}

int main(int argc, char **argv) {
  char *end = NULL;
  long n = argc > 3 ? strtol(argv[3], &end, 10) : -1;
  if (argc < 4 || *end || n < 0 || n > argc - 4) {
    fprintf(stderr, "usage: orkestr-client SOCKET BUILD N ARG1 ... ARGN [FALLBACK...]\n");
    return 2;
  }
  socket_path = argv[1];
  char **args = argv + 4;
  fallback = args + n;
  const char *mode = getenv("ORKESTR_DAEMON");
  if (mode && (!strcasecmp(mode, "off") || !strcmp(mode, "0") || !strcasecmp(mode, "false"))) not_taken();
  char *cwd = getcwd(NULL, 0);
  if (!cwd) not_taken();  /* a deleted directory: the JVM reports it */
  Buf req = {0};
  request(&req, argv[2], (int)n, args, cwd);
  catch_signals();
  conn = connect_daemon();
  if (conn < 0) not_taken();  /* a socket file left by a daemon that was killed */
  if (write_all(conn, req.data, req.len) != 0) lost();

  char line[8192];
  read_line(line, sizeof line);
  int accepted = strncmp(line, "HTTP/1.1 200", 12) == 0;
  int chunked = 0;
  for (read_line(line, sizeof line); line[0]; read_line(line, sizeof line)) {
    char *colon = strchr(line, ':');
    if (!colon) continue;
    *colon = 0;
    char *value = colon + 1;
    while (*value == ' ' || *value == '\t') value++;
    if (!strcasecmp(line, INVOCATION_HEADER) && strlen(value) < sizeof invocation) strcpy(invocation, value);
    if (!strcasecmp(line, "Transfer-Encoding") && !strcasecmp(value, "chunked")) chunked = 1;
  }
  if (!accepted || !chunked) {
    invocation[0] = 0;
    lost();
  }
  int code = relay();
  if (pending_signal) return 128 + pending_signal;
  return code;
}
