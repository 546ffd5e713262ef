package io.orkestr.daemon.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orkestr.error.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenTest {
  @TempDir Path home;

  @Test
  void isMadeOnFirstStartReadableByItsOwnerOnlyAndKeptAfter() throws Exception {
    Token first = Token.load(Map.of(), home);
    Path file = home.resolve("token");
    String value = Files.readString(file).strip();

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(value).hasSizeGreaterThanOrEqualTo(43); // 256 bits, base64url
    assertThat(first.accepts("Bearer " + value)).isTrue();
    assertThat(Token.load(Map.of(), home).accepts("Bearer " + value)).isTrue();
  }

  @Test
  void acceptsOnlyTheExactBearerToken() {
    Token t = Token.load(Map.of("ORKESTR_TOKEN", "s3cret-token"), home);

    assertThat(t.accepts("Bearer s3cret-token")).isTrue();
    assertThat(t.accepts("bearer s3cret-token")).isTrue();
    assertThat(t.accepts("Bearer s3cret-toke")).isFalse();
    assertThat(t.accepts("Bearer s3cret-token2")).isFalse();
    assertThat(t.accepts("Basic s3cret-token")).isFalse();
    assertThat(t.accepts("")).isFalse();
    assertThat(t.accepts(null)).isFalse();
    assertThat(t.source()).isEqualTo("ORKESTR_TOKEN").doesNotContain("s3cret");
    assertThat(home.resolve("token")).doesNotExist();
  }

  @Test
  void refusesATokenFileOthersMayRead() throws Exception {
    Files.writeString(home.resolve("token"), "abc\n");
    Files.setPosixFilePermissions(home.resolve("token"), PosixFilePermissions.fromString("rw-r--r--"));

    assertThatThrownBy(() -> Token.load(Map.of(), home)).isInstanceOf(UserError.class).hasMessageContaining("may be read by other users");
  }

  @Test
  void listeningAddressesOutsideLoopbackAreTold() {
    assertThat(ListenAddress.parse("127.0.0.1:7700").isLoopback()).isTrue();
    assertThat(ListenAddress.parse("[::1]:7700").isLoopback()).isTrue();
    assertThat(ListenAddress.parse("localhost:0").isLoopback()).isTrue();
    assertThat(ListenAddress.parse("0.0.0.0:7700").isLoopback()).isFalse();
    assertThatThrownBy(() -> ListenAddress.parse("7700")).hasMessageContaining("is not HOST:PORT");
    assertThatThrownBy(() -> ListenAddress.parse("127.0.0.1:http")).hasMessageContaining("port must be a number");
    assertThatThrownBy(() -> new ApiServer.Options(ListenAddress.parse("0.0.0.0:7700"), java.util.Optional.empty(), java.util.Optional.empty(), 1))
        .hasMessageContaining("refusing to listen on 0.0.0.0:7700 without TLS");
  }
}
