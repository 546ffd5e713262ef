package io.orkestr.sleep;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WaitingClientsTest {
  private static final String HEADER =
      "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";

  private static String row(String local, String remote, String state, String rxQueue) {
    return "   0: " + local + " " + remote + " " + state + " 00000000:" + rxQueue + " 00:00000000 00000000   999        0 1085 1 0 100 0 0 10 0\n";
  }

  @Test
  void aListenerWithNothingToAcceptHasNoClientWaiting() {
    String table = HEADER + row("00000000:1538", "00000000:0000", "0A", "00000000");
    assertFalse(WaitingClients.waiting(table, 5432));
  }

  @Test
  void aConnectionQueuedForAcceptIsAClientWaiting() {
    String table = HEADER + row("00000000:1538", "00000000:0000", "0A", "00000001");
    assertTrue(WaitingClients.waiting(table, 5432));
  }

  @Test
  void anOpenConnectionWithBytesUnreadIsAClientWaiting() {
    String table = HEADER + row("00000000:18EB", "00000000:0000", "0A", "00000000")
        + row("0200140A:18EB", "0300140A:D431", "01", "0000000E");
    assertTrue(WaitingClients.waiting(table, 6379));
  }

  @Test
  void anIdleOpenConnectionIsNoClientWaiting() {
    String table = HEADER + row("0200140A:18EB", "0300140A:D431", "01", "00000000");
    assertFalse(WaitingClients.waiting(table, 6379));
  }

  @Test
  void anotherPortsQueueIsNotThisEnginesClient() {
    // The client's side of a connection has the engine's port as its remote port: only the local one counts.
    String table = HEADER + row("0300140A:D431", "0200140A:1538", "01", "00000020");
    assertFalse(WaitingClients.waiting(table, 5432));
  }

  @Test
  void aTableThatCannotBeReadHasNoClientWaiting() {
    assertFalse(WaitingClients.waiting("", 5432));
    assertFalse(WaitingClients.waiting(Long.MAX_VALUE, 5432));
  }
}
