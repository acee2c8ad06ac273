package dev.claudegen.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeMirror;

/**
 * A checked interface, ready to generate: every value here has passed validation, so the
 * generator makes no decisions and reports nothing.
 *
 * @param generatedName {@code Claude<Name>}, or {@code ClaudeOuter_Inner} for a nested interface
 * @param isPublic whether the generated class is public (it is when the interface is)
 * @param batches the client's Message Batches, or null when no method can be batched
 */
record ClientPlan(
    TypeElement iface,
    ClassName ifaceName,
    ClassName generatedName,
    boolean isPublic,
    List<MethodPlan> methods,
    BatchesPlan batches) {

  /** This plan with no Message Batches API, as {@code -Aclaudegen.batches=false} asks. */
  ClientPlan withoutBatches() {
    return new ClientPlan(iface, ifaceName, generatedName, isPublic, methods, null);
  }

  /**
   * The generated client's Message Batches: a static accessor, a {@code Batches} class with one
   * entry per batchable method, and a draft class per entry. Every name here is allocated apart
   * from the others, the interface's methods and member types and the names generated code
   * refers to, so the generator uses them as they are.
   *
   * @param accessor the client's static method and the builder's method returning {@code
   *     Batches} ({@code batches})
   * @param className the nested class's simple name ({@code Batches})
   * @param entries the batchable methods, in declaration order
   * @param excluded the methods that cannot be batched, in declaration order
   * @param renamed whether any name differs from the one its method would get alone ({@code
   *     batches}, {@code Batches}, {@code <Method>Batch}, {@code <method>()}, {@code
   *     resume<Method>}, {@code customId}), so the Batches javadoc states the rule
   */
  record BatchesPlan(
      String accessor,
      String className,
      List<BatchEntry> entries,
      List<Unbatchable> excluded,
      boolean renamed) {}

  /**
   * One batchable method: a plain method (no {@code CompletableFuture}, no stream) without
   * {@code @Tools}.
   *
   * @param field the {@code Batches} field holding its {@code BatchMethod}
   * @param starter the {@code Batches} method that starts a draft ({@code classify})
   * @param resume the {@code Batches} method that resumes a submitted batch ({@code
   *     resumeClassify})
   * @param draftClass the simple name of its draft class, nested in the client ({@code
   *     ClassifyBatch})
   * @param customId the name of {@code add}'s first parameter
   * @param parameterNames {@code add}'s name of each of the method's parameters, by the
   *     parameter's declared name
   * @param prompt the name of {@code add}'s prompt local
   */
  record BatchEntry(
      MethodPlan method,
      String field,
      String starter,
      String resume,
      String draftClass,
      String customId,
      Map<String, String> parameterNames,
      String prompt) {}

  /**
   * A method that gets no batch entry.
   *
   * @param reason why, for javadoc: {@code streams}, {@code returns a CompletableFuture}, {@code
   *     has @Tools}
   */
  record Unbatchable(MethodPlan method, String reason) {}

  /**
   * One method to implement.
   *
   * @param displayName how the method is named in logs and errors, like {@code
   *     Assistant.summarize(String)}
   * @param system the system prompt, or null for none
   * @param conversation the name of the {@code List<Message>} parameter, or null for none
   * @param user the final user turn, or null when the conversation is the whole input
   * @param tools the method's tools, or null when it has none
   * @param cacheTtl the ttl of its cache markers ({@code "5m"} or {@code "1h"}), or null when it
   *     has no {@code @CacheControl}
   */
  record MethodPlan(
      ExecutableElement element,
      String name,
      ReturnPlan returns,
      List<ParameterPlan> parameters,
      String displayName,
      Settings settings,
      PromptTemplate system,
      String conversation,
      PromptTemplate user,
      List<RetryPlan> retries,
      ToolsPlan tools,
      String cacheTtl) {}

  /**
   * A method's {@code @Tools}, checked.
   *
   * @param types the listed types, in the order listed, each once
   * @param maxRounds {@code @Tools(maxRounds)}
   * @param strict whether each tool is sent with {@code "strict": true}: when the model and every
   *     fallback model have structured outputs (the API's strict tool use needs them)
   */
  record ToolsPlan(List<ToolType> types, int maxRounds, boolean strict) {}

  /**
   * One {@code @Tools} type, whose implementation the generated builder takes.
   *
   * @param element the class or interface, compiled from source or read from a class file
   * @param name its name, for the builder's setter and the dispatcher's parameter
   * @param tools its {@code @Tool} methods, in declaration order
   */
  record ToolType(TypeElement element, ClassName name, List<ToolPlan> tools) {}

  /**
   * One {@code @Tool} method.
   *
   * @param name the tool's name as sent ({@code @Tool(name)}, else the method's)
   * @param description the tool's description, or null
   * @param methodName the Java method to call
   * @param input the input object: one property per parameter, in parameter order, named after it
   *     ({@code optional} for an {@code Optional<T>} parameter); its {@code javaType} is the tools
   *     type, since no record holds the arguments
   * @param result what the method returns, or null for {@code void}; a {@code String} result (a
   *     {@code Scalar} of kind {@code STRING}) is sent as it is, any other as JSON
   */
  record ToolPlan(
      String name,
      String description,
      String methodName,
      StructuredType.ObjectType input,
      StructuredType result) {}

  /**
   * What a method's return type asks for, on two independent axes: how the call is made ({@link
   * Mode}) and what the reply becomes ({@link Payload}). The generator combines them without
   * branching on the pair: the mode names the {@code ClaudeCall} method, the payload the decoder
   * and the call's type argument.
   *
   * @param declared the return type as the interface declares it
   */
  record ReturnPlan(Mode mode, Payload payload, TypeName declared) {

    /** How a call is made. */
    enum Mode {
      /** Blocks until the payload (or the typed exception) arrives. */
      PLAIN("call", false),
      /** {@code CompletableFuture<P>}: returns at once. */
      ASYNC("callAsync", false),
      /**
       * {@code Stream<String>}: the text as it is written, delta by delta. The payload is always
       * {@link Text}.
       */
      STREAM("streamText", true),
      /**
       * {@code ReplyStream}: the text deltas, then the whole reply. The payload is always {@link
       * WholeReply}.
       */
      REPLY_STREAM("stream", true),
      /**
       * {@code Stream<R>} of a record or enum {@code R}: each element as soon as its JSON is
       * complete. The payload is always {@link Structured}, a {@code List<R>} wrapped as {@code
       * "items"}.
       */
      ITEM_STREAM("streamItems", true);

      private final String callMethod;
      private final boolean streaming;

      Mode(String callMethod, boolean streaming) {
        this.callMethod = callMethod;
        this.streaming = streaming;
      }

      /** The {@code ClaudeCall} method generated code calls. */
      String callMethod() {
        return callMethod;
      }

      /**
       * Whether the reply arrives as a stream of events; a non-streaming call is bound by the
       * non-streaming cap on {@code maxTokens}.
       */
      boolean streaming() {
        return streaming;
      }
    }

    /**
     * The generated class's readers of structured types, which a decoder refers to: each
     * expression is a {@code JsonIn.Reader}, and any lambda parameter in it is named apart from
     * {@code locals}, the names in scope where it is written.
     */
    interface Readers {
      /** A reader of {@code type}. */
      CodeBlock reader(StructuredType type, Set<String> locals);

      /** A reader of the whole reply's JSON for {@code root}, unwrapping its wrapper if any. */
      CodeBlock root(StructuredType.Root root, Set<String> locals);
    }

    /** What the reply becomes: the {@code ClaudeCall}'s type argument and its decoder. */
    sealed interface Payload permits Text, WholeReply, Structured {
      TypeName type();

      /**
       * The {@code ReplyDecoder} expression the call is bound with, in the generated
       * constructor, whose one local is {@code client}.
       */
      CodeBlock decoder(Readers readers);

      /** What the call produces, for javadoc: "the future completes with ...". */
      CodeBlock javadoc();
    }

    /** {@code String}: the reply's text blocks, joined. */
    record Text() implements Payload {
      @Override
      public TypeName type() {
        return ClassName.get(String.class);
      }

      @Override
      public CodeBlock decoder(Readers readers) {
        return CodeBlock.of("$T.TEXT", REPLY_DECODER);
      }

      @Override
      public CodeBlock javadoc() {
        return CodeBlock.of("the reply's text");
      }
    }

    /** {@code dev.claudegen.runtime.Reply}: the whole reply. */
    record WholeReply() implements Payload {
      @Override
      public TypeName type() {
        return REPLY;
      }

      @Override
      public CodeBlock decoder(Readers readers) {
        return CodeBlock.of("$T.REPLY", REPLY_DECODER);
      }

      @Override
      public CodeBlock javadoc() {
        return CodeBlock.of("the whole {@link $T}", REPLY);
      }
    }

    /**
     * A record, an enum or a {@code List} of them, read from the reply's JSON text by a generated
     * reader; with {@code withReply}, wrapped with its reply in {@code Parsed<T>}.
     */
    record Structured(StructuredType.Root root, boolean withReply) implements Payload {
      @Override
      public TypeName type() {
        TypeName value = root.type().javaType().box();
        return withReply ? ParameterizedTypeName.get(PARSED, value) : value;
      }

      @Override
      public CodeBlock decoder(Readers readers) {
        return CodeBlock.of(
            "$T.$L($L,$W$L)",
            STRUCTURED_DECODER,
            withReply ? "withReply" : "of",
            SourceText.literal(typeName(root.type().javaType())),
            readers.root(root, Set.of("client")));
      }

      @Override
      public CodeBlock javadoc() {
        CodeBlock value =
            CodeBlock.of(
                "$L$L read from the reply's JSON",
                root.type() instanceof StructuredType.ListType ? "" : "the ",
                describe(root.type()));
        return withReply
            ? CodeBlock.of("$L, in a {@link $T} with the reply", value, PARSED)
            : value;
      }

      /** The value's type for people, as declared, without packages: {@code List<Ticket>}. */
      static String typeName(TypeName type) {
        if (type instanceof ParameterizedTypeName parameterized) {
          StringBuilder name = new StringBuilder(typeName(parameterized.rawType())).append('<');
          for (int i = 0; i < parameterized.typeArguments().size(); i++) {
            name.append(i == 0 ? "" : ", ").append(typeName(parameterized.typeArguments().get(i)));
          }
          return name.append('>').toString();
        }
        if (type instanceof ClassName className) {
          return String.join(".", className.simpleNames());
        }
        return type.toString();
      }

      /** {@code type} in javadoc: {@code {@link Ticket}}, or {@code a List of {@link Ticket}}. */
      static CodeBlock describe(StructuredType type) {
        if (type instanceof StructuredType.ListType list) {
          return CodeBlock.of("a {@code List} of $L", describe(list.element()));
        }
        return CodeBlock.of("{@link $T}", type.javaType().box());
      }
    }

    /** {@code ClaudeCall<P>}: the type of the field bound for this method. */
    TypeName callType() {
      return ParameterizedTypeName.get(CLAUDE_CALL, payload.type());
    }
  }

  static final String RUNTIME = "dev.claudegen.runtime";
  static final ClassName CLAUDE_CALL = ClassName.get(RUNTIME, "ClaudeCall");
  static final ClassName REPLY = ClassName.get(RUNTIME, "Reply");
  static final ClassName MESSAGE = ClassName.get(RUNTIME, "Message");
  static final ClassName REPLY_DECODER = ClassName.get(RUNTIME, "ReplyDecoder");
  static final ClassName PARSED = ClassName.get(RUNTIME, "Parsed");
  static final ClassName STRUCTURED_DECODER = ClassName.get(RUNTIME, "StructuredDecoder");

  /**
   * One {@code @Retry}, resolved: what generated code passes to the runtime's {@code
   * RetrySchedule} builder. A method with no {@code @Retry} anywhere has none, and the runtime's
   * default applies.
   *
   * @param kinds the {@code ErrorKind} constant names
   * @param maxElapsedMillis the overall deadline, or -1 for none
   */
  record RetryPlan(
      List<String> kinds,
      int maxAttempts,
      long initialDelayMillis,
      double multiplier,
      long maxDelayMillis,
      double jitter,
      boolean honorRetryAfter,
      long maxRetryAfterMillis,
      long maxElapsedMillis) {}

  /**
   * A parameter of a generated method.
   *
   * @param isReference whether it can be null (and so is checked for null)
   * @param isString whether it is a {@code String}, which prompts use as is
   */
  record ParameterPlan(String name, TypeMirror type, boolean isReference, boolean isString) {}

  /**
   * A method's resolved request settings; unset ones hold the annotation defaults.
   *
   * @param timeoutMillis the timeout, or -1 for the runtime default
   * @param baseUrl the annotation's base URL, or null
   * @param thinkingBudget the thinking budget, or 0 for none
   */
  record Settings(
      String model,
      int maxTokens,
      double temperature,
      double topP,
      int topK,
      List<String> stopSequences,
      long timeoutMillis,
      String baseUrl,
      String apiKeyEnv,
      String apiVersion,
      List<String> fallbackModels,
      int thinkingBudget) {

    Settings withThinkingBudget(int budget) {
      return new Settings(model, maxTokens, temperature, topP, topK, stopSequences, timeoutMillis,
          baseUrl, apiKeyEnv, apiVersion, fallbackModels, budget);
    }
  }
}
