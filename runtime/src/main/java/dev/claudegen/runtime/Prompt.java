package dev.claudegen.runtime;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * What one call sends, apart from its method's fixed settings ({@link CallSpec}): the system
 * prompt and the turns. Generated methods build one per call from their parameters; a fallback to
 * another model sends the same prompt again.
 *
 * <pre>{@code
 * Prompt prompt = Prompt.builder().system("You are terse.").conversation(history).user(q).build();
 * }</pre>
 *
 * <p>Checks that need the method's name (a blank user turn, turns that do not alternate) are made
 * by {@link ClaudeCall} before sending, so their messages can name the method and parameter.
 */
public final class Prompt {

  private final List<ContentBlock.Text> system;
  private final List<Message> messages;
  private final int conversationStart;
  private final int conversationEnd;
  private final int toolRoundsStart;

  private Prompt(
      List<ContentBlock.Text> system,
      List<Message> messages,
      int conversationStart,
      int conversationEnd,
      int toolRoundsStart) {
    this.system = system;
    this.messages = messages;
    this.conversationStart = conversationStart;
    this.conversationEnd = conversationEnd;
    this.toolRoundsStart = toolRoundsStart;
  }

  /** A prompt of one user turn, with a system prompt (null or blank for none). */
  public static Prompt of(String system, String user) {
    return builder().system(system).user(user).build();
  }

  /** Starts a prompt. */
  public static Builder builder() {
    return new Builder();
  }

  /** The system blocks; empty when there is no system prompt. */
  public List<ContentBlock.Text> system() {
    return system;
  }

  /** The turns, in the order sent. */
  public List<Message> messages() {
    return messages;
  }

  /** The index of the first turn that came from {@link Builder#conversation}, or -1. */
  int conversationStart() {
    return conversationStart;
  }

  /** The index after the last turn that came from {@link Builder#conversation}, or -1. */
  int conversationEnd() {
    return conversationEnd;
  }

  /**
   * The index of the first turn a round of tool use appended ({@link #withToolRound}), or -1 for a
   * prompt as the method built it. From there on turns come in pairs: the reply that asked for
   * tools, then the user turn of their results.
   */
  int toolRoundsStart() {
    return toolRoundsStart;
  }

  /**
   * The turn of tool results that gets the cache marker (the latest, the last turn), or -1 when no
   * round of tool use was appended.
   */
  int latestToolResultsTurn() {
    return toolRoundsStart < 0 ? -1 : messages.size() - 1;
  }

  /**
   * This prompt with one round of tool use appended: the reply that asked for tools, as its
   * assistant turn, and the user turn answering it with {@code tool_result} blocks. The system
   * prompt and the conversation's indexes stay as they are, so messages about turns still name the
   * parameter they came from.
   */
  Prompt withToolRound(Message assistant, Message results) {
    List<Message> turns = new ArrayList<>(messages.size() + 2);
    turns.addAll(messages);
    turns.add(Objects.requireNonNull(assistant, "assistant"));
    turns.add(Objects.requireNonNull(results, "results"));
    return new Prompt(
        system,
        Collections.unmodifiableList(turns),
        conversationStart,
        conversationEnd,
        toolRoundsStart < 0 ? messages.size() : toolRoundsStart);
  }

  @Override
  public String toString() {
    return "Prompt[" + system.size() + " system block(s), " + messages.size() + " turn(s)]";
  }

  /** Builds a {@link Prompt}; turns are sent in the order they are added. */
  public static final class Builder {
    private List<ContentBlock.Text> system; // null until a block is added: most prompts have none
    private final List<Message> messages = new ArrayList<>(2);
    private int conversationStart = -1;
    private int conversationEnd = -1;

    private Builder() {}

    /**
     * Adds a system block. A null or blank text says nothing, and the API refuses an empty text
     * block, so it is not added.
     */
    public Builder system(String text) {
      if (text != null && !text.isBlank()) {
        if (system == null) {
          system = new ArrayList<>(1);
        }
        system.add(ContentBlock.text(text));
      }
      return this;
    }

    /**
     * Adds the turns of a conversation, in order: the method's {@code List<Message>} parameter. A
     * prompt has at most one.
     *
     * @throws IllegalStateException when a conversation was added already
     */
    public Builder conversation(List<Message> turns) {
      Objects.requireNonNull(turns, "turns");
      if (conversationStart >= 0) {
        throw new IllegalStateException("a prompt has one conversation at most");
      }
      conversationStart = messages.size();
      messages.addAll(turns);
      conversationEnd = messages.size();
      return this;
    }

    /** Adds a user turn of one text block. */
    public Builder user(String text) {
      messages.add(Message.user(Objects.requireNonNull(text, "text")));
      return this;
    }

    /** The prompt. */
    public Prompt build() {
      // A conversation may hold a null turn, which ClaudeCall reports naming the method and
      // parameter, so it is not List.copyOf; without one every turn came from user(), never null.
      return new Prompt(
          system == null ? List.of() : List.copyOf(system),
          conversationStart < 0
              ? List.copyOf(messages)
              : Collections.unmodifiableList(new ArrayList<>(messages)),
          conversationStart,
          conversationEnd,
          -1);
    }
  }
}
