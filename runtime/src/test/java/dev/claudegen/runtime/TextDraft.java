package dev.claudegen.runtime;

/** What a generated {@code Batches} draft of a {@code String ask(String question)} method is. */
class TextDraft<T> extends BatchDraft<T> {

  TextDraft(BatchMethod<T> method) {
    super(method);
  }

  TextDraft<T> add(String customId, String question) {
    if (question == null) {
      throw nullParameter("question");
    }
    addPrompt(customId, Prompt.of(null, question));
    return this;
  }
}
