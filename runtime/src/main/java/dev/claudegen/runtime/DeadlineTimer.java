package dev.claudegen.runtime;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * The whole-exchange deadlines of {@link HttpClientTransport}, run on one daemon thread, made for
 * the common case: a deadline that is disarmed long before it is due. A {@code
 * ScheduledThreadPoolExecutor} task per call costs a wake-up of its thread whenever the call is the
 * only one in flight (the new task is the earliest, so the thread is signalled) and a heap removal
 * on cancel; here arming and disarming are a few pointer writes under one short lock, and the
 * thread is only unparked when the new deadline comes before the time it already sleeps until, or
 * it sleeps with nothing to do.
 *
 * <p>Deadlines are kept in one first-in first-out lane per timeout value: the deadline is taken
 * from {@link System#nanoTime()} under the lock, so each lane is in deadline order by itself and
 * only lane heads are ever looked at. Disarming unlinks the entry at once, so a finished call
 * leaves nothing behind whatever its timeout. An empty lane is kept for the next call of its
 * timeout, but only so many and only until the thread next wakes, so timeout values of past calls
 * (a {@code maxElapsed} cuts attempts to arbitrary values) do not accumulate.
 *
 * <p>The thread starts with the first deadline and ends after {@code keepAlive} without any.
 */
final class DeadlineTimer {

  private static final System.Logger LOG = System.getLogger("dev.claudegen");

  /**
   * Empty lanes kept for reuse at most: a lane per call would be two allocations more, and calls
   * one after another empty their lane each time; the thread drops empty lanes when it wakes.
   */
  private static final int MAX_EMPTY_LANES = 64;

  /** The timer of {@link HttpClientTransport}'s sends; its thread ends after a minute without. */
  static final DeadlineTimer SHARED =
      new DeadlineTimer("claudegen-deadline", Duration.ofMinutes(1));

  private final String threadName;
  private final long keepAliveNanos;

  // All guarded by this.
  private final Map<Duration, Lane> lanes = new HashMap<>();
  private int pending;
  private int emptyLanes; // lanes in the map without an entry
  private Thread thread; // null: none running
  private long wakeAt; // the nanoTime the thread sleeps until
  private boolean idle; // sleeping with no deadline: wakeAt is the end of its keep-alive

  DeadlineTimer(String threadName, Duration keepAlive) {
    this.threadName = threadName;
    this.keepAliveNanos = keepAlive.toNanos();
  }

  /** Runs {@code task} on the timer's thread once {@code timeout} has passed, unless disarmed. */
  Entry arm(Duration timeout, Runnable task) {
    long nanos = timeout.toNanos();
    Entry entry = new Entry(task);
    Thread wake = null;
    synchronized (this) {
      entry.deadline = System.nanoTime() + nanos;
      Lane lane = lanes.get(timeout);
      if (lane == null) {
        lane = new Lane(timeout);
        lanes.put(timeout, lane);
      } else if (lane.head == null) {
        emptyLanes--;
      }
      lane.append(entry);
      pending++;
      if (thread == null) {
        thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
      } else if (idle || entry.deadline - wakeAt < 0) {
        idle = false;
        wakeAt = entry.deadline;
        wake = thread;
      }
    }
    if (wake != null) {
      LockSupport.unpark(wake);
    }
    return entry;
  }

  /** Forgets the entry: its task will not run (unless it already did, or is running). */
  synchronized void disarm(Entry entry) {
    Lane lane = entry.lane;
    if (lane != null) {
      lane.unlink(entry);
      pending--;
      if (lane.head == null && ++emptyLanes > MAX_EMPTY_LANES) {
        lanes.remove(lane.timeout);
        emptyLanes--;
      }
    }
  }

  /** Armed deadlines that have neither run nor been disarmed. */
  synchronized int pending() {
    return pending;
  }

  /** Timeout values with an armed deadline. */
  synchronized int lanes() {
    return lanes.size() - emptyLanes;
  }

  /** Lanes held, empty ones included: never more than {@value #MAX_EMPTY_LANES} of those. */
  synchronized int lanesHeld() {
    return lanes.size();
  }

  /** Whether the timer's thread is running. */
  synchronized boolean running() {
    return thread != null;
  }

  private void run() {
    List<Runnable> due = new ArrayList<>();
    while (true) {
      long sleep;
      synchronized (this) {
        long now = System.nanoTime();
        long next = takeDue(now, due);
        if (pending > 0) {
          idle = false;
          wakeAt = next;
        } else if (!idle) {
          idle = true;
          wakeAt = now + keepAliveNanos;
        } else if (due.isEmpty() && now - wakeAt >= 0) {
          thread = null;
          return;
        }
        sleep = wakeAt - now;
      }
      for (Runnable task : due) {
        try {
          task.run();
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "deadline task threw; ignored", e);
        }
      }
      due.clear();
      if (sleep > 0) {
        LockSupport.parkNanos(this, sleep);
      }
    }
  }

  /** Moves every entry due at {@code now} to {@code due}; the earliest deadline left. */
  private long takeDue(long now, List<Runnable> due) {
    long next = now + keepAliveNanos;
    boolean any = false;
    emptyLanes = 0;
    for (Iterator<Lane> it = lanes.values().iterator(); it.hasNext(); ) {
      Lane lane = it.next();
      Entry head = lane.head;
      while (head != null && head.deadline - now <= 0) {
        lane.unlink(head);
        pending--;
        due.add(head.task);
        head = lane.head;
      }
      if (head == null) {
        it.remove();
      } else if (!any || head.deadline - next < 0) {
        next = head.deadline;
        any = true;
      }
    }
    return next;
  }

  /** One armed deadline; {@link #disarm} it when the exchange is over. */
  static final class Entry {
    final Runnable task;
    long deadline; // guarded by the timer, as are the links
    Lane lane; // null once run or disarmed
    Entry previous;
    Entry next;

    Entry(Runnable task) {
      this.task = task;
    }
  }

  /** The entries of one timeout value, oldest (so earliest deadline) first. */
  private static final class Lane {
    final Duration timeout;
    Entry head;
    Entry tail;

    Lane(Duration timeout) {
      this.timeout = timeout;
    }

    void append(Entry entry) {
      entry.lane = this;
      entry.previous = tail;
      if (tail == null) {
        head = entry;
      } else {
        tail.next = entry;
      }
      tail = entry;
    }

    void unlink(Entry entry) {
      if (entry.previous == null) {
        head = entry.next;
      } else {
        entry.previous.next = entry.next;
      }
      if (entry.next == null) {
        tail = entry.previous;
      } else {
        entry.next.previous = entry.previous;
      }
      entry.previous = null;
      entry.next = null;
      entry.lane = null;
    }
  }
}
