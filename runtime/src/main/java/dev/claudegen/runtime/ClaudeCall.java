package dev.claudegen.runtime;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;

/**
 * One interface method bound to a {@link ClaudeClient}: its URL, headers and settings resolved
 * once, ready to send. Generated methods fill in the prompts and call {@link #text}; everything
 * else (JSON, HTTP, error mapping, notifications) happens here. Thread safe.
 */
public final class ClaudeCall {

  private static final System.Logger LOG = System.getLogger("dev.claudegen");

  private final ClaudeClient client;
  private final CallSpec spec;
  private final URI uri;
  private final Map<String, String> headers;

  ClaudeCall(ClaudeClient client, CallSpec spec, URI uri, Map<String, String> headers) {
    this.client = client;
    this.spec = spec;
    this.uri = uri;
    this.headers = headers;
  }

  /**
   * Sends one user message and returns the reply's text.
   *
   * @param system the system prompt, or null for none
   * @param user the user message
   * @throws ClaudeException (a subclass of it) when the call fails
   */
  public String text(String system, String user) {
    return reply(system, user).text();
  }

  /**
   * Sends one user message and returns the whole reply.
   *
   * @param system the system prompt, or null for none
   * @param user the user message
   * @throws ClaudeException (a subclass of it) when the call fails
   */
  public Reply reply(String system, String user) {
    byte[] body = MessagesJson.request(spec, spec.model(), system, user);
    Transport.Request request = new Transport.Request(uri, headers, body, spec.timeout());
    try {
      return attempt(request, spec.model(), 1, 1);
    } catch (ClaudeException e) {
      LOG.log(Level.DEBUG, () -> spec.method() + " failed: " + e.getMessage());
      notify(() -> client.listener().onFailure(new ClaudeListener.CallFailed(spec.method(), e)));
      throw e;
    }
  }

  /**
   * The exception a generated method throws for a null argument, naming the method and parameter.
   */
  public NullPointerException nullParameter(String parameter) {
    return new NullPointerException(
        spec.method() + ": parameter '" + parameter + "' is null; prompts cannot be built from null");
  }

  private Reply attempt(Transport.Request request, String model, int attempt, int maxAttempts) {
    notify(
        () ->
            client.listener().onRequest(new ClaudeListener.RequestSent(spec.method(), model, attempt)));
    long started = System.nanoTime();
    Transport.Response response;
    try {
      response = client.transport().send(request);
    } catch (HttpTimeoutException e) {
      throw new ClaudeTimeoutException(
          ErrorDetails.withoutResponse(
              "no response within " + describe(request.timeout()), attempt, maxAttempts),
          e);
    } catch (IOException e) {
      throw new ClaudeConnectionException(
          ErrorDetails.withoutResponse("connection failed: " + e, attempt, maxAttempts), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClaudeConnectionException(
          ErrorDetails.withoutResponse("interrupted while waiting for the reply", attempt, maxAttempts),
          e);
    }
    int status = response.statusCode();
    if (status < 200 || status > 299) {
      throw ResponseErrors.toException(response, client.clock(), attempt, maxAttempts);
    }
    Reply reply;
    try {
      reply = MessagesJson.reply(response.body(), ResponseErrors.requestId(response));
    } catch (MessagesJson.MalformedBodyException e) {
      throw ResponseErrors.malformedReply(
          response, e.getMessage(), client.clock(), attempt, maxAttempts);
    }
    Duration latency = Duration.ofNanos(System.nanoTime() - started);
    notify(
        () ->
            client
                .listener()
                .onResponse(
                    new ClaudeListener.ResponseReceived(spec.method(), reply, latency, attempt)));
    return reply;
  }

  private static String describe(Duration timeout) {
    long millis = timeout.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
  }

  /** Listener failures are logged, never allowed to fail the call. */
  private void notify(Runnable notification) {
    try {
      notification.run();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "ClaudeListener threw; ignored", e);
    }
  }

  @Override
  public String toString() {
    return spec.method() + " -> POST " + uri + " " + Secrets.redactHeaders(headers);
  }
}
