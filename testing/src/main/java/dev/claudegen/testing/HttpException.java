package dev.claudegen.testing;

/**
 * A request that cannot be framed or accepted at the HTTP level (malformed, too large, unsupported
 * expectation). The server answers it with an API-shaped error and closes the connection, because
 * after such an error the position of the next request in the byte stream is unknown.
 */
final class HttpException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String errorType;

  HttpException(int status, String errorType, String message) {
    super(message);
    this.status = status;
    this.errorType = errorType;
  }

  int status() {
    return status;
  }

  String errorType() {
    return errorType;
  }
}
