package dev.claudegen.runtime;

import dev.claudegen.annotations.ErrorKind;

/**
 * The API answered with an error status. Statuses with no subclass of their own (408, 409, 422,
 * other 4xx, a 3xx, or a 2xx whose body is not a Messages API reply) arrive as this class; the
 * usual ones as a subclass:
 *
 * <table>
 *   <caption>Status to exception</caption>
 *   <tr><th>status</th><th>exception</th></tr>
 *   <tr><td>400</td><td>{@link BadRequestException}</td></tr>
 *   <tr><td>401</td><td>{@link AuthenticationException}</td></tr>
 *   <tr><td>402</td><td>{@link BillingException}</td></tr>
 *   <tr><td>403</td><td>{@link PermissionDeniedException}</td></tr>
 *   <tr><td>404</td><td>{@link NotFoundException}</td></tr>
 *   <tr><td>413</td><td>{@link RequestTooLargeException}</td></tr>
 *   <tr><td>429</td><td>{@link RateLimitException}</td></tr>
 *   <tr><td>500 and other 5xx</td><td>{@link InternalServerException}</td></tr>
 *   <tr><td>529, or any status with error type {@code overloaded_error}</td>
 *       <td>{@link OverloadedException}</td></tr>
 * </table>
 */
public class ClaudeApiException extends ClaudeException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception for an error response.
   *
   * @param kind the kind of failure
   * @param details what the response said
   */
  public ClaudeApiException(ErrorKind kind, ErrorDetails details) {
    super(kind, details, null);
  }

  /** An exception for an error response whose message ends with a hint of the client's. */
  ClaudeApiException(ErrorKind kind, ErrorDetails details, String hint) {
    super(kind, details, null, hint);
  }
}
