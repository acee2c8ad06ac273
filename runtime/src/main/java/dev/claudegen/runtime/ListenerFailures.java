package dev.claudegen.runtime;

import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Logs what listeners throw: the first exception at WARNING with its stack trace, later ones at
 * DEBUG, so a listener that throws on every event cannot flood the log of a busy service.
 */
final class ListenerFailures {

  private static final System.Logger LOG = System.getLogger("dev.claudegen");

  private final AtomicBoolean warned = new AtomicBoolean();

  void caught(Object listener, String event, Throwable e) {
    if (warned.compareAndSet(false, true)) {
      LOG.log(
          Level.WARNING,
          "ClaudeListener "
              + listener.getClass().getName()
              + " threw in "
              + event
              + "; ignored, the call goes on (later exceptions of listeners are logged at DEBUG)",
          e);
    } else {
      LOG.log(
          Level.DEBUG,
          () -> "ClaudeListener " + listener.getClass().getName() + " threw in " + event + ": " + e);
    }
  }
}
