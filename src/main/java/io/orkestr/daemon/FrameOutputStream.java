package io.orkestr.daemon;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.function.Consumer;

/** FrameOutputStream collects what a command writes to one stream and sends it as a frame on each flush. */
final class FrameOutputStream extends OutputStream {
  private final byte kind;
  private final Consumer<byte[]> sink;
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

  FrameOutputStream(byte kind, Consumer<byte[]> sink) {
    this.kind = kind;
    this.sink = sink;
  }

  @Override
  public synchronized void write(int b) {
    pending.write(b);
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) {
    pending.write(b, off, len);
  }

  @Override
  public synchronized void flush() {
    if (pending.size() == 0) return;
    sink.accept(frame(kind, pending.toByteArray()));
    pending.reset();
  }

  /** One frame: its kind, the payload's length as a 4-byte big-endian int, the payload. */
  static byte[] frame(byte kind, byte[] payload) {
    byte[] f = new byte[5 + payload.length];
    f[0] = kind;
    f[1] = (byte) (payload.length >>> 24);
    f[2] = (byte) (payload.length >>> 16);
    f[3] = (byte) (payload.length >>> 8);
    f[4] = (byte) payload.length;
    System.arraycopy(payload, 0, f, 5, payload.length);
    return f;
  }

  static byte[] exitFrame(int code) {
    return frame(CliProtocol.EXIT, new byte[] {(byte) (code >>> 24), (byte) (code >>> 16), (byte) (code >>> 8), (byte) code});
  }
}
