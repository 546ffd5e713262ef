package io.orkestr.sleep;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

  @Test
  void connectionsAcceptedAreTheTcpPassiveOpensCounter() {
    String snmp = "Ip: Forwarding DefaultTTL\nIp: 1 64\n"
        + "Tcp: RtoAlgorithm RtoMin RtoMax MaxConn ActiveOpens PassiveOpens AttemptFails\n"
        + "Tcp: 1 200 120000 -1 1933 722 150\n"
        + "Udp: InDatagrams NoPorts\nUdp: 444 0\n";
    assertEquals(java.util.OptionalLong.of(722), WaitingClients.accepted(snmp));
    assertEquals(java.util.OptionalLong.empty(), WaitingClients.accepted("Ip: Forwarding\nIp: 1\n"));
    assertEquals(java.util.OptionalLong.empty(), WaitingClients.accepted(Long.MAX_VALUE));
  }

  @Test
  void thisProcesssNamespaceCountsTheConnectionsItAccepts() throws Exception {
    long pid = ProcessHandle.current().pid();
    long before = WaitingClients.accepted(pid).orElseThrow();
    try (var server = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        var client = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), server.getLocalPort())) {
      // Not accepted by the program yet: the kernel took it, counted it, and queues it on the listener.
      assertTrue(WaitingClients.accepted(pid).orElseThrow() > before);
      assertTrue(WaitingClients.waiting(pid, server.getLocalPort()));
    }
  }
}
