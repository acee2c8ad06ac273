package dev.claudegen.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How a {@link FakeResponse} streams when the request asks for it: how its text is split, and the
 * faults scripted into its events. Positions count {@code content_block_delta} events ("after n
 * deltas"; 0 is just after {@code message_start}), the one position a test can name without
 * counting pings and block starts; a position past the last delta is just after the last delta.
 *
 * @param deltaChars how many code points a delta holds; 0 for words
 * @param pingEvery a {@code ping} after every this many deltas; 0 for none beyond the API's one
 * @param interval a pause before every event but the first; zero for none
 * @param inserts events and pauses at delta positions, in the order scripted
 * @param eventPauses pauses before the k-th event sent
 * @param ending how the stream ends early, or {@code null} for a complete stream
 */
record StreamScript(
    int deltaChars,
    int pingEvery,
    Duration interval,
    List<Insert> inserts,
    List<EventPause> eventPauses,
    Ending ending) {

  static final StreamScript DEFAULT =
      new StreamScript(0, 0, Duration.ZERO, List.of(), List.of(), null);

  /** An event or a pause right after {@code afterDeltas} deltas; exactly one of them is set. */
  record Insert(int afterDeltas, Sse.Event event, Duration pause) {}

  /** A pause before the {@code event}-th event on the wire, counting from 0. */
  record EventPause(int event, Duration pause) {}

  /** How the stream stops short of {@code message_stop}. */
  record Ending(Type type, int afterDeltas, String errorType, String message) {
    enum Type {
      /** An {@code error} event, then the body ends properly. */
      ERROR,
      /** The body ends properly, with the last chunk. */
      END,
      /** The connection closes in the middle of the chunked body. */
      CUT,
      /** Nothing more is sent until the client goes away or the server closes. */
      STALL
    }
  }

  /** One thing the server's writer does. */
  record Step(Kind kind, byte[] bytes, Duration pause) {
    enum Kind {
      SEND,
      PAUSE,
      STALL,
      CUT
    }

    static Step send(Sse.Event event) {
      return new Step(Kind.SEND, event.encode(), null);
    }
  }

  StreamScript withDeltaChars(int chars) {
    return new StreamScript(chars, pingEvery, interval, inserts, eventPauses, ending);
  }

  StreamScript withPingEvery(int deltas) {
    return new StreamScript(deltaChars, deltas, interval, inserts, eventPauses, ending);
  }

  StreamScript withInterval(Duration pause) {
    return new StreamScript(deltaChars, pingEvery, pause, inserts, eventPauses, ending);
  }

  StreamScript withInsert(Insert insert) {
    List<Insert> more = new ArrayList<>(inserts);
    more.add(insert);
    return new StreamScript(
        deltaChars, pingEvery, interval, List.copyOf(more), eventPauses, ending);
  }

  StreamScript withEventPause(EventPause pause) {
    List<EventPause> more = new ArrayList<>(eventPauses);
    more.add(pause);
    return new StreamScript(deltaChars, pingEvery, interval, inserts, List.copyOf(more), ending);
  }

  StreamScript withEnding(Ending newEnding) {
    return new StreamScript(deltaChars, pingEvery, interval, inserts, eventPauses, newEnding);
  }

  /** Whether anything beyond the split is scripted, i.e. whether the reply is meant to stream. */
  boolean hasFaults() {
    return pingEvery > 0
        || !interval.isZero()
        || !inserts.isEmpty()
        || !eventPauses.isEmpty()
        || ending != null;
  }

  /** What the writer does for a reply whose complete stream is {@code events}. */
  List<Step> plan(List<Sse.Event> events) {
    int total = (int) events.stream().filter(Sse.Event::delta).count();
    List<Step> steps = new ArrayList<>();
    int deltas = 0;
    for (Sse.Event event : events) {
      steps.add(Step.send(event));
      boolean atPosition = event.name().equals("message_start");
      if (event.delta()) {
        deltas++;
        atPosition = true;
        if (pingEvery > 0 && deltas % pingEvery == 0) {
          steps.add(Step.send(Sse.ping()));
        }
      }
      if (atPosition && actionsAt(deltas, total, steps)) {
        break;
      }
    }
    return paced(steps);
  }

  /** Adds what is scripted right after {@code deltas} deltas; returns whether the stream ended. */
  private boolean actionsAt(int deltas, int total, List<Step> steps) {
    for (Insert insert : inserts) {
      if (Math.min(insert.afterDeltas(), total) == deltas) {
        steps.add(
            insert.event() != null
                ? Step.send(insert.event())
                : new Step(Step.Kind.PAUSE, null, insert.pause()));
      }
    }
    if (ending == null || Math.min(ending.afterDeltas(), total) != deltas) {
      return false;
    }
    switch (ending.type()) {
      case ERROR:
        steps.add(Step.send(Sse.error(ending.errorType(), ending.message())));
        break;
      case CUT:
        steps.add(new Step(Step.Kind.CUT, null, null));
        break;
      case STALL:
        steps.add(new Step(Step.Kind.STALL, null, null));
        break;
      case END:
        break;
    }
    return true;
  }

  /** Adds the pauses counted in events sent: the interval, and those before event k. */
  private List<Step> paced(List<Step> steps) {
    if (interval.isZero() && eventPauses.isEmpty()) {
      return steps;
    }
    List<Step> paced = new ArrayList<>(steps.size() * 2);
    int sent = 0;
    for (Step step : steps) {
      if (step.kind() == Step.Kind.SEND) {
        if (sent > 0 && !interval.isZero()) {
          paced.add(new Step(Step.Kind.PAUSE, null, interval));
        }
        addEventPauses(paced, sent, false);
        sent++;
      } else if (step.kind() != Step.Kind.PAUSE) {
        // A cut or stall ends the stream: pauses scripted for later events come before it.
        addEventPauses(paced, sent, true);
      }
      paced.add(step);
    }
    Step last = paced.get(paced.size() - 1);
    if (last.kind() != Step.Kind.CUT && last.kind() != Step.Kind.STALL) {
      addEventPauses(paced, sent, true);
    }
    return paced;
  }

  private void addEventPauses(List<Step> steps, int event, boolean andLater) {
    for (EventPause pause : eventPauses) {
      if (pause.event() == event || (andLater && pause.event() > event)) {
        steps.add(new Step(Step.Kind.PAUSE, null, pause.pause()));
      }
    }
  }

  /** For {@link FakeResponse#toString()}: empty for a default stream. */
  String describe() {
    List<String> parts = new ArrayList<>();
    if (deltaChars > 0) {
      parts.add("deltas of " + deltaChars + " chars");
    }
    if (pingEvery > 0) {
      parts.add("ping every " + plural(pingEvery, "delta"));
    }
    if (!interval.isZero()) {
      parts.add("pause " + interval + " between events");
    }
    for (Insert insert : inserts) {
      parts.add(
          (insert.event() != null ? "event " + insert.event().name() : "pause " + insert.pause())
              + " after "
              + plural(insert.afterDeltas(), "delta"));
    }
    for (EventPause pause : eventPauses) {
      parts.add("pause " + pause.pause() + " before event " + pause.event());
    }
    if (ending != null) {
      String what =
          switch (ending.type()) {
            case ERROR -> "error " + ending.errorType() + " \"" + ending.message() + "\"";
            case END -> "end";
            case CUT -> "cut";
            case STALL -> "stall";
          };
      parts.add(what + " after " + plural(ending.afterDeltas(), "delta"));
    }
    return String.join(", ", parts);
  }

  private static String plural(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
