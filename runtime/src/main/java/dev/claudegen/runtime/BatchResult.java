package dev.claudegen.runtime;

import java.util.Optional;

/**
 * One request's result in a batch: its payload, or why there is none.
 *
 * @param <T> the method's payload
 */
public final class BatchResult<T> {

  /** How the request ended, as the result's {@code result.type} says. */
  public enum Status {
    /** It ran and has a reply ({@code succeeded}). */
    SUCCEEDED,
    /** It failed with an API error ({@code errored}); not billed. */
    ERRORED,
    /** The batch was canceled before it ran ({@code canceled}); not billed. */
    CANCELED,
    /** The batch's 24 hours passed before it ran ({@code expired}); not billed. */
    EXPIRED
  }

  private final String customId;
  private final Status status;
  private final T payload;
  private final Reply reply;
  private final RuntimeException error;

  BatchResult(String customId, Status status, T payload, Reply reply, RuntimeException error) {
    this.customId = customId;
    this.status = status;
    this.payload = payload;
    this.reply = reply;
    this.error = error;
  }

  /** The {@code custom_id} the request was added with. */
  public String customId() {
    return customId;
  }

  /** How the request ended. */
  public Status status() {
    return status;
  }

  /** Whether the payload is there: {@link #payload()} returns instead of throwing. */
  public boolean succeeded() {
    return error == null;
  }

  /**
   * The payload, decoded by the method's decoder exactly as a call's reply is.
   *
   * @throws ClaudeApiException (a subclass, as for an HTTP error of that type) when {@link
   *     Status#ERRORED}
   * @throws BatchCanceledException when {@link Status#CANCELED}
   * @throws BatchExpiredException when {@link Status#EXPIRED}
   * @throws ClaudeOutputException when the reply could not become the payload (a refusal, no text,
   *     JSON that does not fit)
   */
  public T payload() {
    if (error != null) {
      throw error;
    }
    return payload;
  }

  /** The reply of a {@link Status#SUCCEEDED} request (also when it could not be decoded). */
  public Optional<Reply> reply() {
    return Optional.ofNullable(reply);
  }

  /** What {@link #payload()} throws, if it throws. */
  public Optional<RuntimeException> error() {
    return Optional.ofNullable(error);
  }

  @Override
  public String toString() {
    return customId + ": " + status + (error == null ? "" : " (" + error.getMessage() + ")");
  }
}
