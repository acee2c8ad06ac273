package dev.claudegen.runtime;

import java.util.List;
import java.util.Objects;

/**
 * One turn of a conversation: who spoke, and what. A method with a {@code List<Message>}
 * parameter sends those turns, in order, before its {@code @UserPrompt} turn (if it has one).
 *
 * <pre>{@code
 * List<Message> history = new ArrayList<>();
 * history.add(Message.user("Name a prime."));
 * Reply first = assistant.chat(history);
 * history.add(first.toMessage());
 * history.add(Message.user("And the next one?"));
 * Reply second = assistant.chat(history);
 * }</pre>
 *
 * @param role who spoke
 * @param content the turn's blocks, in order
 */
public record Message(Role role, List<ContentBlock> content) {

  /** Who speaks in a turn. */
  public enum Role {
    USER("user"),
    ASSISTANT("assistant");

    private final String wireName;

    Role(String wireName) {
      this.wireName = wireName;
    }

    /** The {@code role} value sent: {@code user} or {@code assistant}. */
    public String wireName() {
      return wireName;
    }
  }

  /** Checks for nulls and copies the content. */
  public Message {
    Objects.requireNonNull(role, "role");
    content = List.copyOf(content);
  }

  /** A user turn of one text block. */
  public static Message user(String text) {
    return new Message(Role.USER, List.of(ContentBlock.text(text)));
  }

  /** An assistant turn of one text block, such as an answer stored from an earlier call. */
  public static Message assistant(String text) {
    return new Message(Role.ASSISTANT, List.of(ContentBlock.text(text)));
  }

  /** The turn's text blocks, joined in order; empty when it has none. */
  public String text() {
    StringBuilder text = new StringBuilder();
    for (ContentBlock block : content) {
      if (block instanceof ContentBlock.Text t) {
        text.append(t.text());
      }
    }
    return text.toString();
  }
}
