package dev.claudegen.processor;

import javax.tools.Diagnostic;

/**
 * Every diagnostic the processor prints, in one place. Each starts with a stable tag, so users
 * can search for it and tests can match it; each says what was found, what is allowed, and the
 * fix.
 */
enum Message {
  NOT_AN_INTERFACE(
      Diagnostic.Kind.ERROR,
      "ClaudegenNotInterface",
      "@ClaudeEndpoint goes on an interface, but %s is %s. Declare an interface whose methods"
          + " describe the calls; claudegen generates the class."),
  METHOD_ENDPOINT_WITHOUT_INTERFACE(
      Diagnostic.Kind.ERROR,
      "ClaudegenMethodEndpointAlone",
      "@ClaudeEndpoint on method %s has no effect: its interface %s is not annotated"
          + " @ClaudeEndpoint. Annotate the interface too; a method's annotation then replaces it"
          + " for that method."),
  PRIVATE_INTERFACE(
      Diagnostic.Kind.ERROR,
      "ClaudegenPrivate",
      "%s is private, so a generated class cannot implement it. Make it package-private or"
          + " public."),
  GENERIC_INTERFACE(
      Diagnostic.Kind.ERROR,
      "ClaudegenGenericInterface",
      "@ClaudeEndpoint interface %s has type parameters <%s>; claudegen generates one concrete"
          + " client per interface. Remove the type parameters."),
  GENERIC_METHOD(
      Diagnostic.Kind.ERROR,
      "ClaudegenGenericMethod",
      "%s declares type parameters <%s>; prompts are built from concrete types. Remove them."),
  UNSUPPORTED_RETURN_TYPE(
      Diagnostic.Kind.ERROR,
      "ClaudegenReturnType",
      "%s returns %s; claudegen methods return String (the reply's text)."),
  UNSUPPORTED_PARAMETER_TYPE(
      Diagnostic.Kind.ERROR,
      "ClaudegenParameterType",
      "parameter '%s' of %s has type %s, which cannot be put in a prompt; use String,"
          + " CharSequence, a primitive, its box, or an enum."),
  NO_USER_PROMPT(
      Diagnostic.Kind.ERROR,
      "ClaudegenNoUserPrompt",
      "%s has no @UserPrompt, and no single String parameter to send as the user message."
          + " Add @UserPrompt(\"...\") naming its parameters as {name}."),
  BAD_TEMPLATE(
      Diagnostic.Kind.ERROR,
      "ClaudegenTemplateSyntax",
      "@%s template cannot be read: %s."),
  UNKNOWN_PLACEHOLDER(
      Diagnostic.Kind.ERROR,
      "ClaudegenUnknownPlaceholder",
      "@%s uses {%s}, but %s has no parameter named '%s'%s"),
  UNUSED_PARAMETER(
      Diagnostic.Kind.WARNING,
      "ClaudegenUnusedParameter",
      "parameter '%s' of %s is not used by any prompt, so Claude never sees it. Use it as {%s}"
          + " in @UserPrompt or @SystemPrompt, or remove it."),
  MAX_TOKENS_TOO_SMALL(
      Diagnostic.Kind.ERROR,
      "ClaudegenMaxTokens",
      "maxTokens = %d; it must be at least 1."),
  EMPTY_MODEL(
      Diagnostic.Kind.ERROR,
      "ClaudegenEmptyModel",
      "model is empty; name a model id such as \"claude-sonnet-4-6\"."),
  BAD_DURATION(
      Diagnostic.Kind.ERROR,
      "ClaudegenDuration",
      "%s = \"%s\" is not a duration; write a whole number with a unit: \"500ms\", \"5s\","
          + " \"2m\" or \"1h\"."),
  MISSING_TYPES(
      Diagnostic.Kind.ERROR,
      "ClaudegenMissingTypes",
      "%s was not generated because these types it uses could not be found: %s."),
  WRITE_FAILED(
      Diagnostic.Kind.WARNING,
      "ClaudegenWriteFailed",
      "could not write %s: %s. If a class of that name already exists, rename it."),
  RESERVED_METHOD_NAME(
      Diagnostic.Kind.ERROR,
      "ClaudegenReservedName",
      "%s cannot be generated: the generated class has a static %s() of its own. Rename the"
          + " method or give it a parameter."),
  INTERNAL_ERROR(
      Diagnostic.Kind.ERROR,
      "ClaudegenInternal",
      "claudegen failed on %s; please report this with the interface that caused it: %s");

  private final Diagnostic.Kind kind;
  private final String tag;
  private final String format;

  Message(Diagnostic.Kind kind, String tag, String format) {
    this.kind = kind;
    this.tag = tag;
    this.format = format;
  }

  Diagnostic.Kind kind() {
    return kind;
  }

  /** The stable tag, like {@code ClaudegenReturnType}. */
  String tag() {
    return tag;
  }

  /** The full text: {@code [Tag] message}. */
  String format(Object... args) {
    return "[" + tag + "] " + String.format(format, args);
  }
}
