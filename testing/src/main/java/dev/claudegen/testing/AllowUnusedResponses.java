package dev.claudegen.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Turns off {@link FakeClaudeExtension}'s end-of-test {@link FakeClaude#verifyAllUsed()} check for
 * a test method, or for every test of a class. For tests that script a reply on purpose so that a
 * wrong retry would get it, and then assert that it was not asked for.
 *
 * <pre>{@code
 * @Test
 * @AllowUnusedResponses  // the success is there to catch a retry that must not happen
 * void badRequestIsNotRetried(FakeClaude claude) {
 *   claude.enqueue(
 *       FakeResponse.error(400, "invalid_request_error", "bad"), FakeScenarios.success());
 *   assertThrows(BadRequestException.class, () -> assistant.ask("Hi"));
 *   assertEquals(1, claude.requestCount());
 * }
 * }</pre>
 *
 * <p>{@link FakeClaude#allowUnusedResponses()} does the same for one server, from inside a test.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface AllowUnusedResponses {}
