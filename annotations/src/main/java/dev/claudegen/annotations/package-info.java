/**
 * The annotations that describe a Claude client: {@link dev.claudegen.annotations.ClaudeEndpoint}
 * on an interface, prompts with {@link dev.claudegen.annotations.SystemPrompt} and {@link
 * dev.claudegen.annotations.UserPrompt}, and failure handling with {@link
 * dev.claudegen.annotations.Retry}. The claudegen processor checks them at compile time and
 * generates the implementation.
 */
package dev.claudegen.annotations;
