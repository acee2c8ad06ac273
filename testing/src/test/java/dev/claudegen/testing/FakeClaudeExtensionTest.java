package dev.claudegen.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(FakeClaudeExtension.class)
class FakeClaudeExtensionTest {
  private static final List<FakeClaude> SEEN = new CopyOnWriteArrayList<>();

  private final FakeClaude fromConstructor;
  private FakeClaude fromBeforeEach;

  FakeClaudeExtensionTest(FakeClaude claude) {
    this.fromConstructor = claude;
  }

  @BeforeEach
  void setUp(FakeClaude claude) {
    fromBeforeEach = claude;
  }

  @Test
  void injectsOneStartedServerPerTest(FakeClaude claude) throws IOException {
    check(claude);
  }

  @Test
  void anotherTestGetsAnotherServer(FakeClaude claude) throws IOException {
    check(claude);
  }

  private void check(FakeClaude claude) throws IOException {
    assertSame(fromConstructor, claude);
    assertSame(fromBeforeEach, claude);
    try (Socket socket = new Socket("127.0.0.1", claude.port())) {
      assertTrue(socket.isConnected());
    }
    SEEN.add(claude);
  }

  @AfterAll
  static void serversWereFreshAndAreClosed() {
    assertEquals(2, SEEN.size());
    assertTrue(SEEN.get(0) != SEEN.get(1));
    for (FakeClaude claude : SEEN) {
      assertThrows(IOException.class, () -> new Socket("127.0.0.1", claude.port()).close());
    }
  }
}
