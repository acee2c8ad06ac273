package dev.claudegen.runtime;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Captures what the runtime logs on {@code dev.claudegen}: {@code System.Logger} goes to {@code
 * java.util.logging} when no other backend is installed, as in these tests.
 */
final class LogCapture extends Handler implements AutoCloseable {

  private final Logger logger = Logger.getLogger("dev.claudegen");
  private final Level previousLevel = logger.getLevel();
  private final boolean previousUseParent = logger.getUseParentHandlers();
  final List<LogRecord> records = new CopyOnWriteArrayList<>();

  LogCapture() {
    setLevel(Level.ALL);
    logger.setLevel(Level.ALL);
    logger.setUseParentHandlers(false); // keeps the captured lines out of the build's output
    logger.addHandler(this);
  }

  @Override
  public void publish(LogRecord record) {
    records.add(record);
  }

  /** Formatted messages (with any thrown exception's text) at or above {@code level}. */
  List<String> messagesAtLeast(Level level) {
    return records.stream()
        .filter(r -> r.getLevel().intValue() >= level.intValue())
        .map(r -> r.getMessage() + (r.getThrown() == null ? "" : " " + r.getThrown()))
        .collect(Collectors.toList());
  }

  /** Every message, of any level. */
  List<String> all() {
    return messagesAtLeast(Level.ALL);
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    logger.removeHandler(this);
    logger.setLevel(previousLevel);
    logger.setUseParentHandlers(previousUseParent);
  }
}
