package dev.claudegen.processor;

import com.palantir.javapoet.TypeName;
import java.util.List;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Classifies a method's return type once, into a call mode and a payload (Retrofit's call
 * adapters beside its converters): first the mode is unwrapped ({@code CompletableFuture<P>}, or
 * plain), then {@code P} is classified alone. A new mode or payload is one case here and one
 * constant in {@link ClientPlan.ReturnPlan}, never a pair.
 *
 * <p>Types are compared by qualified name, not looked up: a user who forgot the runtime
 * dependency still gets a diagnostic (or javac's own "cannot find symbol"), never a crash. A
 * structured payload is told by its element's kind (a record or an enum, the user's own, from
 * source or a class file); its types are checked by {@link StructuredTypes}, only once the shape
 * around it is right.
 */
final class ReturnShapes {

  static final String COMPLETABLE_FUTURE = "java.util.concurrent.CompletableFuture";
  static final String REPLY = ClientPlan.RUNTIME + ".Reply";
  static final String PARSED = ClientPlan.RUNTIME + ".Parsed";
  static final String STREAM = "java.util.stream.Stream";
  static final String REPLY_STREAM = ClientPlan.RUNTIME + ".ReplyStream";

  /** The shapes a method may return, as the diagnostic lists them. */
  static final String ACCEPTED =
      "String (the reply's text), Reply (dev.claudegen.runtime.Reply: the text with its usage,"
          + " stop reason and ids), a structured type (a record, an enum, or a List of records or"
          + " enums, read from the reply's JSON), Parsed<T> of a structured type"
          + " (dev.claudegen.runtime.Parsed: the value with its Reply), CompletableFuture<P> of"
          + " any of these (the same without blocking the caller), Stream<String> (the text as it"
          + " is written), Stream<R> of a record or enum R (each element of a JSON array as soon"
          + " as it is complete) or ReplyStream (dev.claudegen.runtime.ReplyStream: the text as"
          + " it is written, then the whole Reply)";

  /**
   * Builds and checks a structured payload's schema, reporting its problems.
   *
   * <p>{@code asItems}: the type is the element of a streamed {@code List}.
   */
  interface StructuredBuilder {
    /** The root, or null when a problem was reported (or a type does not compile). */
    StructuredType.Root build(TypeMirror type, boolean asItems);
  }

  /**
   * A return type claudegen can implement, or why not.
   *
   * @param mode how the call is made, or null when the shape is not supported
   * @param plan the plan; null when the shape is not supported, or when it is but its structured
   *     type had problems (reported by the builder)
   * @param problem the advice when the shape is not supported, else null
   * @param structured whether the payload is a structured type (its schema is sent)
   */
  record Shape(
      ClientPlan.ReturnPlan.Mode mode,
      ClientPlan.ReturnPlan plan,
      String problem,
      boolean structured) {
    static Shape of(ClientPlan.ReturnPlan plan) {
      return new Shape(plan.mode(), plan, null,
          plan.payload() instanceof ClientPlan.ReturnPlan.Structured);
    }

    static Shape unsupported(String problem) {
      return new Shape(null, null, problem, false);
    }

    boolean isSupported() {
      return problem == null;
    }
  }

  private ReturnShapes() {}

  /**
   * Classifies the return type; a structured payload's types are checked by {@code structured},
   * only once the shape itself is right.
   *
   * @return the plan, or a problem: an advice sentence for the diagnostic, starting with a space
   *     (empty when the accepted shapes say it all)
   */
  static Shape classify(TypeMirror type, StructuredBuilder structured) {
    String name = qualifiedName(type);
    if (COMPLETABLE_FUTURE.equals(name)) {
      List<? extends TypeMirror> arguments = ((DeclaredType) type).getTypeArguments();
      if (arguments.isEmpty()) {
        return Shape.unsupported(
            " A raw CompletableFuture does not say what it completes with: write"
                + " CompletableFuture<String> or CompletableFuture<Reply>.");
      }
      TypeMirror argument = arguments.get(0);
      if (argument.getKind() == TypeKind.WILDCARD) {
        return Shape.unsupported(
            " A wildcard does not say what the future completes with: write"
                + " CompletableFuture<String> or CompletableFuture<Reply>.");
      }
      Kind payload = payload(argument);
      if (payload == null) {
        String inner = advice(argument, qualifiedName(argument));
        return Shape.unsupported(
            " A CompletableFuture completes with String, Reply, a structured type or Parsed<T>,"
                + " not " + argument + "." + inner);
      }
      if (payload.problem() != null) {
        return Shape.unsupported(payload.problem());
      }
      return shape(ClientPlan.ReturnPlan.Mode.ASYNC, payload, type, structured);
    }
    if (STREAM.equals(name)) {
      return stream((DeclaredType) type, structured);
    }
    if (REPLY_STREAM.equals(name)) {
      return Shape.of(
          new ClientPlan.ReturnPlan(
              ClientPlan.ReturnPlan.Mode.REPLY_STREAM,
              new ClientPlan.ReturnPlan.WholeReply(),
              TypeName.get(type)));
    }
    Kind payload = payload(type);
    if (payload == null) {
      return Shape.unsupported(advice(type, name));
    }
    if (payload.problem() != null) {
      return Shape.unsupported(payload.problem());
    }
    return shape(ClientPlan.ReturnPlan.Mode.PLAIN, payload, type, structured);
  }

  private static Shape shape(ClientPlan.ReturnPlan.Mode mode, Kind payload, TypeMirror declared,
      StructuredBuilder structured) {
    if (payload.structured() == null) {
      return Shape.of(new ClientPlan.ReturnPlan(mode, payload.plain(), TypeName.get(declared)));
    }
    return structuredShape(
        mode, payload.structured(), false, payload.withReply(), declared, structured);
  }

  /** The shape of a structured payload whose types the builder checks (asItems for a stream). */
  private static Shape structuredShape(
      ClientPlan.ReturnPlan.Mode mode,
      TypeMirror type,
      boolean asItems,
      boolean withReply,
      TypeMirror declared,
      StructuredBuilder structured) {
    StructuredType.Root root = structured.build(type, asItems);
    if (root == null) {
      return new Shape(mode, null, null, true);
    }
    return Shape.of(
        new ClientPlan.ReturnPlan(
            mode,
            new ClientPlan.ReturnPlan.Structured(root, withReply),
            TypeName.get(declared)));
  }

  /** {@code Stream<String>} or {@code Stream<R>}, or why a stream of anything else cannot be. */
  private static Shape stream(DeclaredType type, StructuredBuilder structured) {
    List<? extends TypeMirror> arguments = type.getTypeArguments();
    if (arguments.isEmpty() || arguments.get(0).getKind() == TypeKind.WILDCARD) {
      return Shape.unsupported(
          " A stream yields the text as it is written: write Stream<String>, Stream<R> of a"
              + " record or enum R for the elements of a JSON array, or ReplyStream for the"
              + " whole Reply at its end.");
    }
    TypeMirror argument = arguments.get(0);
    String name = qualifiedName(argument);
    if ("java.lang.String".equals(name)) {
      return Shape.of(
          new ClientPlan.ReturnPlan(
              ClientPlan.ReturnPlan.Mode.STREAM,
              new ClientPlan.ReturnPlan.Text(),
              TypeName.get(type)));
    }
    if (StructuredTypes.isRecordOrEnum(argument)) {
      return structuredShape(
          ClientPlan.ReturnPlan.Mode.ITEM_STREAM, argument, true, false, type, structured);
    }
    String advice;
    if (REPLY.equals(name)) {
      advice = " A stream's reply is one, at its end: return ReplyStream, whose reply() gives it"
          + " after the text.";
    } else if (StructuredTypes.LIST.equals(name)) {
      List<? extends TypeMirror> inner = ((DeclaredType) argument).getTypeArguments();
      String element = inner.isEmpty() ? "R" : inner.get(0).toString();
      advice = " A Stream<R> already reads one JSON array, yielding each element as soon as it"
          + " is complete: return Stream<" + element + ">, or List<" + element + "> for the"
          + " whole list at once.";
    } else if (PARSED.equals(name)) {
      advice = " A stream yields values as they are complete, before the reply is: return"
          + " Stream<R>, or Parsed<List<R>> for the list with its Reply at the end.";
    } else {
      advice = " A stream yields the text as it is written (Stream<String>) or the records or"
          + " enums of a JSON array (Stream<R>), not " + argument + "; or return ReplyStream for"
          + " the whole Reply at its end.";
    }
    return Shape.unsupported(advice);
  }

  /**
   * A payload as classified: a plain one, a structured type (maybe with its reply), or a problem.
   */
  private record Kind(
      ClientPlan.ReturnPlan.Payload plain, TypeMirror structured, boolean withReply,
      String problem) {}

  /** The payload {@code type} is, a payload with a problem, or null when it is none at all. */
  private static Kind payload(TypeMirror type) {
    String name = qualifiedName(type);
    if ("java.lang.String".equals(name)) {
      return new Kind(new ClientPlan.ReturnPlan.Text(), null, false, null);
    }
    if (REPLY.equals(name)) {
      return new Kind(new ClientPlan.ReturnPlan.WholeReply(), null, false, null);
    }
    if (PARSED.equals(name)) {
      List<? extends TypeMirror> arguments = ((DeclaredType) type).getTypeArguments();
      if (arguments.isEmpty() || arguments.get(0).getKind() == TypeKind.WILDCARD) {
        return new Kind(null, null, true,
            " A Parsed<T> says which type the reply is read into: write it, like"
                + " Parsed<Ticket>.");
      }
      TypeMirror argument = arguments.get(0);
      String problem = structuredProblem(argument);
      if (problem != null) {
        String text = "java.lang.String".equals(qualifiedName(argument))
            ? " Parsed<T> is a structured value with its reply; for the text with its reply,"
                + " return Reply."
            : " Parsed<T> wraps a structured type: T is a record, an enum, or a List of them,"
                + " not " + argument + "." + problem;
        return new Kind(null, null, true, text);
      }
      return new Kind(null, argument, true, null);
    }
    if (StructuredTypes.isRecordOrEnum(type)) {
      return new Kind(null, type, false, null);
    }
    if (StructuredTypes.LIST.equals(name)) {
      String problem = structuredProblem(type);
      return problem == null ? new Kind(null, type, false, null) : new Kind(null, null, false,
          problem);
    }
    return null;
  }

  /** Why {@code type} is not a structured payload (with a leading space; may be empty), or null. */
  private static String structuredProblem(TypeMirror type) {
    if (StructuredTypes.isRecordOrEnum(type)) {
      return null;
    }
    if (!StructuredTypes.LIST.equals(qualifiedName(type))) {
      return "";
    }
    List<? extends TypeMirror> arguments = ((DeclaredType) type).getTypeArguments();
    if (arguments.isEmpty()) {
      return " A raw List does not say what its JSON holds: write List<Ticket> of a record (or"
          + " an enum).";
    }
    TypeMirror element = arguments.get(0);
    if (element.getKind() == TypeKind.WILDCARD) {
      return " A wildcard does not say what the JSON holds: write the element type, like"
          + " List<Ticket>.";
    }
    if (StructuredTypes.isRecordOrEnum(element)) {
      return null;
    }
    return " A List payload holds records or enums, not " + element + ": declare a record"
        + " around the list, like record Tags(List<String> tags), and return it.";
  }

  /** Advice for the unsupported shapes users reach for. */
  private static String advice(TypeMirror type, String name) {
    if (type.getKind() == TypeKind.VOID) {
      return " A call's reply is what it is for: return String, or Reply.";
    }
    if (type.getKind() == TypeKind.TYPEVAR) {
      return " " + type + " is a type variable, and a client needs a concrete type.";
    }
    if (name == null) {
      return "";
    }
    switch (name) {
      case "java.util.concurrent.Future", "java.util.concurrent.CompletionStage" -> {
        String simple = name.substring(name.lastIndexOf('.') + 1);
        return " Declare CompletableFuture instead of " + simple + " (it is one): like"
            + " CompletableFuture<String>.";
      }
      case "java.util.Optional" -> {
        List<? extends TypeMirror> arguments = ((DeclaredType) type).getTypeArguments();
        if (!arguments.isEmpty() && structuredProblem(arguments.get(0)) == null) {
          return " A structured reply is never empty (a refusal, or JSON that does not fit,"
              + " throws ClaudeOutputException): return " + arguments.get(0) + ", or Parsed<"
              + arguments.get(0) + "> to inspect the reply too.";
        }
        return " A String method never returns an empty text (a refusal or an empty reply"
            + " throws ClaudeOutputException): return String, or Reply to inspect the stop"
            + " reason yourself.";
      }
      case "java.lang.CharSequence" -> {
        return " Return String.";
      }
      default -> {
        if (name.endsWith(".Parsed")) {
          return " " + name + " is not " + PARSED + "; import that one.";
        }
        if (name.endsWith(".Reply")) {
          return " " + name + " is not " + REPLY + "; import that one.";
        }
        return "";
      }
    }
  }

  /** The qualified name of a declared type, or null for any other kind of type. */
  static String qualifiedName(TypeMirror type) {
    if (type.getKind() != TypeKind.DECLARED) {
      return null;
    }
    return ((DeclaredType) type).asElement() instanceof TypeElement element
        ? element.getQualifiedName().toString()
        : null;
  }
}
