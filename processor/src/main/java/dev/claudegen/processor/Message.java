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
  MISPLACED_ANNOTATION(
      Diagnostic.Kind.ERROR,
      "ClaudegenMisplacedAnnotation",
      "@%s on %s can have no effect: %s is %s, and claudegen reads its annotations only from"
          + " interfaces. Remove it, or move it to a @ClaudeEndpoint interface or its methods."),
  INTERFACE_ANNOTATION_NOT_INHERITED(
      Diagnostic.Kind.ERROR,
      "ClaudegenMisplacedAnnotation",
      "@%s on interface %s can have no effect: %s is not annotated @ClaudeEndpoint, and an"
          + " endpoint interface that extends it inherits its methods (with their annotations) but"
          + " not its own annotations. Move @%s to the @ClaudeEndpoint interface or onto the"
          + " methods, or annotate %s with @ClaudeEndpoint."),
  ANNOTATION_WITHOUT_ENDPOINT(
      Diagnostic.Kind.WARNING,
      "ClaudegenNoEndpoint",
      "@%s on %s has no effect in this compilation: %s is not annotated @ClaudeEndpoint, and no"
          + " @ClaudeEndpoint interface compiled with it extends it. If one compiled elsewhere"
          + " extends %s, it applies there; otherwise annotate %s with @ClaudeEndpoint, or remove"
          + " @%s."),
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
      "%s returns %s; claudegen methods return %s.%s"),
  STRUCTURED_TYPE(
      Diagnostic.Kind.ERROR,
      "ClaudegenStructuredType",
      "%s: type %s has no JSON schema claudegen can write; a structured type is built of %s.%s"),
  RECURSIVE_TYPE(
      Diagnostic.Kind.ERROR,
      "ClaudegenRecursiveType",
      "record %s contains itself (%s), and the API accepts no recursive schema, so no method can"
          + " ask for it. Break the cycle: refer to the inner value by an id (like a String), or"
          + " give the inner level a record of its own without the way back."),
  EMPTY_ENUM(
      Diagnostic.Kind.ERROR,
      "ClaudegenStructuredType",
      "enum %s has no constants, so no reply could ever be one of them (a schema's enum needs"
          + " one). Add its constants."),
  SCHEMA_LIMIT(
      Diagnostic.Kind.ERROR,
      "ClaudegenSchemaLimit",
      "%s asks for a schema with %d optional properties (%s), above the %d the API accepts in"
          + " one request (it answers 400 \"Schema is too complex for compilation\"). Make some"
          + " components required instead of Optional, or split the record and the call."),
  NO_STRUCTURED_OUTPUTS(
      Diagnostic.Kind.ERROR,
      "ClaudegenNoStructuredOutputs",
      "%s = \"%s\" has no structured outputs (its catalog entry lacks \"structuredOutputs\":"
          + " true), and %s returns a structured type, which needs them. Use a model that has"
          + " them, like %s; or, if this one has them now, say so in a catalog file"
          + " (-Aclaudegen.models=<file>)."),
  UNSUPPORTED_PARAMETER_TYPE(
      Diagnostic.Kind.ERROR,
      "ClaudegenParameterType",
      "parameter '%s' of %s has type %s, which cannot be put in a prompt; use %s.%s"),
  CONVERSATION_TWICE(
      Diagnostic.Kind.ERROR,
      "ClaudegenConversation",
      "parameter '%s' of %s is a second conversation (after '%s'); a request has one list of"
          + " turns. Merge them into one List<Message>, or remove this parameter."),
  CONVERSATION_IN_TEMPLATE(
      Diagnostic.Kind.ERROR,
      "ClaudegenConversation",
      "@%s uses {%s}, but '%s' is the conversation of %s: its turns are sent as messages, not"
          + " put in a prompt's text. Remove {%s}."),
  CONVERSATION_WITHOUT_USER_TURN(
      Diagnostic.Kind.ERROR,
      "ClaudegenConversation",
      "%s sends its conversation '%s' with no @UserPrompt turn after it, and no prompt uses %s."
          + " Add @UserPrompt(\"... %s\") to send a final user turn after the conversation, or"
          + " remove %s to send the conversation as it is."),
  NO_USER_PROMPT(
      Diagnostic.Kind.ERROR,
      "ClaudegenNoUserPrompt",
      "%s has no @UserPrompt, and no single String parameter to send as the user message."
          + " Add @UserPrompt(\"...\") naming its parameters as {name}."),
  BAD_TEMPLATE(
      Diagnostic.Kind.ERROR,
      "ClaudegenTemplateSyntax",
      "@%s template cannot be read: %s."),
  EMPTY_USER_PROMPT(
      Diagnostic.Kind.ERROR,
      "ClaudegenEmptyPrompt",
      "@UserPrompt(%s) is %s, so there is no user message to send (the API refuses a blank one)."
          + " Write the prompt, naming parameters as {name}, or remove @UserPrompt to send a"
          + " single String parameter as it is."),
  BLANK_SYSTEM_PROMPT(
      Diagnostic.Kind.WARNING,
      "ClaudegenEmptyPrompt",
      "@SystemPrompt(%s) on %s is %s, so no system prompt is sent. Write the instructions, or"
          + " remove it."),
  BLANK_STOP_SEQUENCE(
      Diagnostic.Kind.ERROR,
      "ClaudegenStopSequence",
      "stopSequences has %s, which is %s: a stop sequence of only whitespace would end most"
          + " replies at their first space or line break, and an empty one can stop nothing."
          + " Remove it, or write the text that should end the reply, like \"</answer>\"."),
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
  MAX_TOKENS_ABOVE_MODEL(
      Diagnostic.Kind.ERROR,
      "ClaudegenMaxTokens",
      "maxTokens = %d is above the %d output tokens %s allows; lower it to at most %d."),
  EMPTY_MODEL(
      Diagnostic.Kind.ERROR,
      "ClaudegenEmptyModel",
      "model is empty; name a model id such as \"claude-sonnet-4-6\"."),
  UNKNOWN_MODEL(
      Diagnostic.Kind.ERROR,
      "ClaudegenUnknownModel",
      "%s = \"%s\" is not in the model catalog%s If it is a new model or a relay's name, add it"
          + " with -Aclaudegen.models=<file>, or build with -Aclaudegen.unknownModels=warning."),
  UNKNOWN_MODEL_ALLOWED(
      Diagnostic.Kind.WARNING,
      "ClaudegenUnknownModel",
      "%s = \"%s\" is not in the model catalog%s Its limits are not checked"
          + " (-Aclaudegen.unknownModels=warning); add it with -Aclaudegen.models=<file> to check"
          + " them."),
  RETIRED_MODEL(
      Diagnostic.Kind.ERROR,
      "ClaudegenRetiredModel",
      "%s = \"%s\" was retired on %s: every call to it fails. %s"),
  DEPRECATED_MODEL(
      Diagnostic.Kind.WARNING,
      "ClaudegenDeprecatedModel",
      "%s = \"%s\" is deprecated%s. %s"),
  NEEDS_STREAMING(
      Diagnostic.Kind.ERROR,
      "ClaudegenNeedsStreaming",
      "maxTokens = %d is above %d, the most a non-streaming call to %s may ask for without a"
          + " timeout (the reply could take longer than 10 minutes); stream it (return"
          + " Stream<String> or ReplyStream), or set a timeout (like timeout = \"15m\") to"
          + " accept the wait."),
  SAMPLING_RANGE(
      Diagnostic.Kind.ERROR,
      "ClaudegenSamplingRange",
      "%s = %s is out of range; it must be %s, or left out."),
  SAMPLING_NON_DEFAULT(
      Diagnostic.Kind.ERROR,
      "ClaudegenSamplingModel",
      "%s = %s is rejected by %s, which accepts no sampling but the default (the API answers"
          + " 400 on every API version); remove %s."),
  SAMPLING_TEMPERATURE_WITH_TOP_P(
      Diagnostic.Kind.ERROR,
      "ClaudegenSamplingModel",
      "%s rejects temperature and topP in one request (the API answers 400); keep one of them."),
  SAMPLING_API_VERSION(
      Diagnostic.Kind.ERROR,
      "ClaudegenSamplingVersion",
      "%s = %s cannot be sent under apiVersion \"%s\"%s, which removed temperature, top_p and"
          + " top_k (the API answers 400); set apiVersion = \"2023-06-01\" to send it, or remove"
          + " %s."),
  UNKNOWN_API_VERSION(
      Diagnostic.Kind.ERROR,
      "ClaudegenApiVersion",
      "apiVersion = \"%s\" is not a version of the Claude API; use \"2026-10-21\" (the default)"
          + " or \"2023-06-01\" (needed for temperature, topP and topK)."),
  THINKING_BUDGET_TOO_SMALL(
      Diagnostic.Kind.ERROR,
      "ClaudegenThinking",
      "@Thinking budgetTokens = %d is below the minimum of 1024; raise it to at least 1024."),
  THINKING_BUDGET_NOT_BELOW_MAX_TOKENS(
      Diagnostic.Kind.ERROR,
      "ClaudegenThinking",
      "@Thinking budgetTokens = %d is not below maxTokens = %d of %s; thinking is part of the"
          + " output, so raise maxTokens above %d or lower the budget."),
  THINKING_NOT_ACCEPTED(
      Diagnostic.Kind.ERROR,
      "ClaudegenThinking",
      "%s does not accept @Thinking (extended thinking with a budget): %s. Remove @Thinking, or"
          + " use a model that accepts it, like \"claude-sonnet-4-6\"."),
  THINKING_SAMPLING(
      Diagnostic.Kind.ERROR,
      "ClaudegenThinkingSampling",
      "%s = %s cannot be sent with @Thinking: with extended thinking the API accepts no"
          + " temperature or topK, and topP only from 0.95 to 1; remove %s or @Thinking."),
  FALLBACK_IS_MODEL(
      Diagnostic.Kind.ERROR,
      "ClaudegenFallbackModel",
      "fallbackModels names \"%s\", which is the model itself; a fallback must be another"
          + " model."),
  FALLBACK_TWICE(
      Diagnostic.Kind.ERROR,
      "ClaudegenFallbackModel",
      "fallbackModels names \"%s\" twice; remove one."),
  FALLBACK_CANNOT_SERVE(
      Diagnostic.Kind.ERROR,
      "ClaudegenFallbackModel",
      "fallback model \"%s\" cannot serve these requests: %s; remove it or choose a model that"
          + " can."),
  BAD_DURATION(
      Diagnostic.Kind.ERROR,
      "ClaudegenDuration",
      "%s = \"%s\" is not a duration; write a whole number with a unit: \"500ms\", \"5s\","
          + " \"2m\" or \"1h\"."),
  DURATION_RANGE(
      Diagnostic.Kind.ERROR,
      "ClaudegenDuration",
      "%s = \"%s\" is out of range; it must be %s."),
  RETRY_VALUE(
      Diagnostic.Kind.ERROR,
      "ClaudegenRetryValue",
      "%s %s = %s is out of range; it must be %s."),
  RETRY_DELAYS(
      Diagnostic.Kind.ERROR,
      "ClaudegenRetryValue",
      "%s maxDelay = \"%s\" is shorter than initialDelay = \"%s\"; the longest wait must be at"
          + " least the first. Raise maxDelay or lower initialDelay."),
  RETRY_KIND_TWICE(
      Diagnostic.Kind.ERROR,
      "ClaudegenRetryKindTwice",
      "%s on %s: %s is already retried by an earlier @Retry on %s, and a kind has one schedule;"
          + " remove it from one of them."),
  RETRY_KIND_REPEATED(
      Diagnostic.Kind.ERROR,
      "ClaudegenRetryKindTwice",
      "%s on names %s twice; remove one."),
  RETRY_NOT_RETRYABLE(
      Diagnostic.Kind.ERROR,
      "ClaudegenRetryKind",
      "%s on %s cannot help: %s. Remove %s from on."),
  AMBIGUOUS_METHOD(
      Diagnostic.Kind.ERROR,
      "ClaudegenAmbiguousMethod",
      "%s inherits %s from both %s and %s, and its client can implement it only once; redeclare"
          + " it in %s with the prompts it should use."),
  CATALOG(
      Diagnostic.Kind.ERROR,
      "ClaudegenCatalog",
      "%s: %s. %s"),
  BAD_OPTION(
      Diagnostic.Kind.ERROR,
      "ClaudegenOption",
      "-A%s=%s %s."),
  MISSING_TYPES(
      Diagnostic.Kind.ERROR,
      "ClaudegenMissingTypes",
      "%s was not generated because these types it uses could not be found: %s."),
  WRITE_FAILED(
      Diagnostic.Kind.ERROR,
      "ClaudegenWriteFailed",
      "could not write %s: %s. If a class of that name already exists, rename it."),
  /**
   * The filer refused a file that may already be there: Eclipse can run a processor twice over one
   * file, so this is no reason to fail the build.
   */
  WRITE_REPEATED(
      Diagnostic.Kind.WARNING,
      "ClaudegenWriteFailed",
      "could not write %s: %s. If a class of that name already exists, rename it."),
  TOOLS_NOT_A_CLASS(
      Diagnostic.Kind.ERROR,
      "ClaudegenTools",
      "@Tools lists %s, which %s; it lists the classes or interfaces whose @Tool methods Claude"
          + " may call. List such a type instead."),
  TOOLS_EMPTY(
      Diagnostic.Kind.ERROR,
      "ClaudegenTools",
      "@Tools lists no type, so it gives Claude no tool. List the classes or interfaces whose"
          + " @Tool methods Claude may call, or remove @Tools."),
  TOOLS_LISTED_TWICE(
      Diagnostic.Kind.ERROR,
      "ClaudegenTools",
      "@Tools lists %s twice; each type's tools are sent once. Remove the repetition."),
  TOOLS_GENERIC_TYPE(
      Diagnostic.Kind.ERROR,
      "ClaudegenTools",
      "@Tools lists %s, which has type parameters <%s>; a tool's input schema is written at"
          + " compile time, for concrete types. List a type without type parameters (a subclass"
          + " that fixes them, say)."),
  TOOLS_INACCESSIBLE(
      Diagnostic.Kind.ERROR,
      "ClaudegenTools",
      "@Tools lists %s, but %s, so the generated client in %s cannot call it. Make it public,"
          + " or move it to the client's package (and not private)."),
  TOOLS_NO_TOOL_METHOD(
      Diagnostic.Kind.ERROR,
      "ClaudegenTools",
      "@Tools lists %s, which has no @Tool method, so it gives Claude no tool. Annotate the"
          + " methods Claude may call with @Tool(\"what it does\"), or remove %s from the"
          + " list."),
  TOOLS_NO_PARAMETER_NAMES(
      Diagnostic.Kind.ERROR,
      "ClaudegenTools",
      "@Tools lists %s from a class file compiled without -parameters: its tool methods'"
          + " parameters read as arg0, arg1..., and those would be the properties Claude sees."
          + " Compile %s with -parameters (javac's option, or maven-compiler-plugin's"
          + " <parameters>true</parameters>)."),
  TOOLS_MAX_ROUNDS(
      Diagnostic.Kind.ERROR,
      "ClaudegenTools",
      "@Tools(maxRounds = %d) lets no tool run; it is the most times one call runs tools before"
          + " it fails, at least 1. Write a positive number, or leave the default 8."),
  TOO_MANY_STRICT_TOOLS(
      Diagnostic.Kind.ERROR,
      "ClaudegenToolLimit",
      "@Tools gives this call %d strict tools, above the %d the API accepts in one request (the"
          + " tools are sent with \"strict\": true because the model has structured outputs, and"
          + " the API refuses more strict tools). List fewer types, or split the tools between"
          + " methods."),
  TOOLS_SCHEMA_LIMIT(
      Diagnostic.Kind.ERROR,
      "ClaudegenToolLimit",
      "the tools of this call (with its structured output) have %d optional properties (%s),"
          + " above the %d the API accepts over the strict schemas of one request (it answers 400"
          + " \"Schema is too complex for compilation\"). Make some parameters required instead"
          + " of Optional, or split the tools between methods."),
  TOOLS_ON_STREAMING(
      Diagnostic.Kind.ERROR,
      "ClaudegenTools",
      "%s streams its reply (%s), and a streamed call cannot stop to run tools. Return the"
          + " payload itself (or a CompletableFuture of it), or remove @Tools from it."),
  TOOL_NOT_PUBLIC(
      Diagnostic.Kind.ERROR,
      "ClaudegenTool",
      "@Tool method %s is not public, so the generated client cannot call it. Make it public."),
  TOOL_STATIC(
      Diagnostic.Kind.ERROR,
      "ClaudegenTool",
      "@Tool method %s is static; the client calls tools on the instance given to its builder."
          + " Make it an instance method."),
  TOOL_GENERIC(
      Diagnostic.Kind.ERROR,
      "ClaudegenTool",
      "@Tool method %s declares type parameters; a tool's input schema is written at compile"
          + " time, for concrete types. Remove them."),
  TOOL_NAME(
      Diagnostic.Kind.ERROR,
      "ClaudegenToolName",
      "tool name %s of %s%s does not match ^[a-zA-Z0-9_-]{1,64}$, so the API refuses it. Give a"
          + " name of letters, digits, '_' and '-' with @Tool(name = \"...\")."),
  TOOL_NAME_TWICE(
      Diagnostic.Kind.ERROR,
      "ClaudegenToolName",
      "@Tool method %s is named \"%s\", like %s among the same call's tools; Claude calls a tool"
          + " by its name, so names are unique. Rename one with @Tool(name = \"...\")."),
  TOOL_WITHOUT_DESCRIPTION(
      Diagnostic.Kind.WARNING,
      "ClaudegenToolDescription",
      "@Tool method %s has no description: Claude chooses tools by their descriptions. Say what"
          + " it does and when to use it in @Tool(\"...\"), @Description or its javadoc."),
  CACHE_TTL(
      Diagnostic.Kind.ERROR,
      "ClaudegenCacheControl",
      "@CacheControl(ttl = %s) is not a ttl the API accepts; it takes \"5m\" (the default) or"
          + " \"1h\"."),
  CACHE_BELOW_MINIMUM(
      Diagnostic.Kind.WARNING,
      "ClaudegenCacheControl",
      "@CacheControl on %s marks a prefix of at most %d tokens (an estimate from its static"
          + " text: %s), below the %d tokens %s caches at least; the API ignores the marker"
          + " silently and caches nothing. Cache a longer prefix, or remove @CacheControl."),
  CACHE_MARKS_NOTHING(
      Diagnostic.Kind.WARNING,
      "ClaudegenCacheControl",
      "@CacheControl on %s marks nothing: it has no system prompt, no tools and no conversation"
          + " parameter, and the final user turn is never cached. Remove it, or give the method"
          + " a prefix worth caching."),
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
  /** The stable tag, like {@code ClaudegenReturnType}, that starts the text. */
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

  /**
   * A string value as it would be written in source, quotes included, so that a blank one is
   * visible in a diagnostic: {@code " "}, {@code "\t"}.
   */
  static String quote(String value) {
    StringBuilder text = new StringBuilder(value.length() + 2).append('"');
    for (char c : value.toCharArray()) {
      switch (c) {
        case '\n' -> text.append("\\n");
        case '\t' -> text.append("\\t");
        case '\r' -> text.append("\\r");
        case '"' -> text.append("\\\"");
        case '\\' -> text.append("\\\\");
        default -> {
          if (c != ' ' && (Character.isWhitespace(c) || Character.isISOControl(c))) {
            text.append(String.format("\\u%04x", (int) c));
          } else {
            text.append(c);
          }
        }
      }
    }
    return text.append('"').toString();
  }

  /** The full text: {@code [Tag] message}. */
  String format(Object... args) {
    return "[" + tag + "] " + String.format(format, args);
  }
}
