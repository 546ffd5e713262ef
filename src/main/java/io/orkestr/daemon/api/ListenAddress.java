package io.orkestr.daemon.api;

import io.orkestr.error.UserError;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** ListenAddress is {@code --listen HOST:PORT} ("127.0.0.1:7700", "[::1]:7700", "0.0.0.0:7700"). */
public record ListenAddress(String host, int port) {
  public static ListenAddress parse(String text) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new UserError("--listen " + text + " is not HOST:PORT", "for example --listen 127.0.0.1:7700");
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < 0 || port > 65535) throw new UserError("--listen " + text + ": the port must be a number from 0 to 65535");
    return new ListenAddress(host, port);
  }

  /** Whether only this machine can reach the address: listening elsewhere needs TLS. */
  public boolean isLoopback() {
    try {
      InetAddress a = InetAddress.getByName(host);
      return a.isLoopbackAddress();
    } catch (UnknownHostException e) {
      throw new UserError("--listen " + this + ": unknown host " + host);
    }
  }

  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
