package dev.claudegen.annotations;

/**
 * The kinds of failure a call can end in, as {@link Retry#on()} names them.
 *
 * <p>The first five can never succeed on a retry (the same request gets the same answer), so
 * naming any of them in {@link Retry#on()} fails the build. How responses map to kinds:
 *
 * <table>
 *   <caption>HTTP status to error kind</caption>
 *   <tr><th>response</th><th>kind</th><th>retried by default</th></tr>
 *   <tr><td>400, 422 and other 4xx not listed here</td><td>{@link #BAD_REQUEST}</td><td>no</td></tr>
 *   <tr><td>401</td><td>{@link #AUTHENTICATION}</td><td>no</td></tr>
 *   <tr><td>402 (billing), 403</td><td>{@link #PERMISSION}</td><td>no</td></tr>
 *   <tr><td>404</td><td>{@link #NOT_FOUND}</td><td>no</td></tr>
 *   <tr><td>413</td><td>{@link #REQUEST_TOO_LARGE}</td><td>no</td></tr>
 *   <tr><td>429</td><td>{@link #RATE_LIMIT}</td><td>yes</td></tr>
 *   <tr><td>408, 409 (lock timeout), 500, 502, 503, 504 and other 5xx</td>
 *       <td>{@link #SERVER_ERROR}</td><td>yes</td></tr>
 *   <tr><td>529, or any body whose error type is {@code overloaded_error}</td>
 *       <td>{@link #OVERLOADED}</td><td>yes</td></tr>
 *   <tr><td>no response: refused, reset or dropped connection</td>
 *       <td>{@link #CONNECTION}</td><td>yes</td></tr>
 *   <tr><td>no response in time (connect or request timeout)</td>
 *       <td>{@link #TIMEOUT}</td><td>yes</td></tr>
 * </table>
 *
 * <p>A response header {@code x-should-retry: true} or {@code false} overrides the "retried"
 * column for that response, but never makes a kind retried that no {@link Retry} names.
 */
public enum ErrorKind {
  /** 400 {@code invalid_request_error}: the request itself is wrong. Never retried. */
  BAD_REQUEST,
  /** 401 {@code authentication_error}: missing, revoked or mismatched key. Never retried. */
  AUTHENTICATION,
  /** 403 {@code permission_error} or 402 {@code billing_error}. Never retried. */
  PERMISSION,
  /** 404 {@code not_found_error}: for example a model name the API does not know. Never retried. */
  NOT_FOUND,
  /** 413 {@code request_too_large}: the body is over the API's byte limit. Never retried. */
  REQUEST_TOO_LARGE,
  /** 429 {@code rate_limit_error}: your organization's limit; waits for {@code retry-after}. */
  RATE_LIMIT,
  /** 500 {@code api_error} and the other 5xx but 529, plus 408 and 409. */
  SERVER_ERROR,
  /** 529 {@code overloaded_error}: the API as a whole is under load, not your limit. */
  OVERLOADED,
  /** The connection could not be made or broke before a full response arrived. */
  CONNECTION,
  /** No complete response within the connect or request timeout. */
  TIMEOUT
}
