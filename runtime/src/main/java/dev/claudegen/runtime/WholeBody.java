package dev.claudegen.runtime;

import java.net.http.HttpHeaders;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * {@link Transport#openStream}'s default: a response read whole by {@link Transport#send}, served
 * as one chunk. Custom transports keep working with streaming methods, without incremental text.
 */
final class WholeBody implements Transport.StreamedResponse {

  private final Transport.Response response;
  private boolean served;

  WholeBody(Transport.Response response) {
    this.response = response;
  }

  @Override
  public int statusCode() {
    return response.statusCode();
  }

  @Override
  public HttpHeaders headers() {
    return response.headers();
  }

  @Override
  public ByteBuffer next(Duration timeout) {
    if (served || response.body().length == 0) {
      return null;
    }
    served = true;
    return ByteBuffer.wrap(response.body());
  }

  @Override
  public void close() {
    served = true;
  }
}
