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
 * dependency still gets a diagnostic (or javac's own "cannot find symbol"), never a crash.
 */
final class ReturnShapes {

  static final String COMPLETABLE_FUTURE = "java.util.concurrent.CompletableFuture";
  static final String REPLY = ClientPlan.RUNTIME + ".Reply";
  static final String STREAM = "java.util.stream.Stream";
  static final String REPLY_STREAM = ClientPlan.RUNTIME + ".ReplyStream";

  /** The shapes a method may return, as the diagnostic lists them. */
  static final String ACCEPTED =
      "String (the reply's text), Reply (dev.claudegen.runtime.Reply: the text with its usage,"
          + " stop reason and ids), CompletableFuture<String> or CompletableFuture<Reply> (the"
          + " same without blocking the caller), Stream<String> (the text as it is written) or"
          + " ReplyStream (dev.claudegen.runtime.ReplyStream: the text as it is written, then the"
          + " whole Reply)";

  /** A return type claudegen can implement, or why not. */
  record Shape(ClientPlan.ReturnPlan plan, String problem) {
    static Shape of(ClientPlan.ReturnPlan plan) {
      return new Shape(plan, null);
    }

    static Shape unsupported(String problem) {
      return new Shape(null, problem);
    }

    boolean isSupported() {
      return plan != null;
    }
  }

  private ReturnShapes() {}

  /**
   * Classifies the return type.
   *
   * @return the plan, or a problem: an advice sentence for the diagnostic, starting with a space
   *     (empty when the accepted shapes say it all)
   */
  static Shape classify(TypeMirror type) {
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
      ClientPlan.ReturnPlan.Payload payload = payload(argument);
      if (payload == null) {
        return Shape.unsupported(
            " A CompletableFuture completes with String or Reply, not " + argument + ".");
      }
      return Shape.of(
          new ClientPlan.ReturnPlan(ClientPlan.ReturnPlan.Mode.ASYNC, payload, TypeName.get(type)));
    }
    if (STREAM.equals(name)) {
      return stream((DeclaredType) type);
    }
    if (REPLY_STREAM.equals(name)) {
      return Shape.of(
          new ClientPlan.ReturnPlan(
              ClientPlan.ReturnPlan.Mode.REPLY_STREAM,
              new ClientPlan.ReturnPlan.WholeReply(),
              TypeName.get(type)));
    }
    ClientPlan.ReturnPlan.Payload payload = payload(type);
    if (payload != null) {
      return Shape.of(
          new ClientPlan.ReturnPlan(ClientPlan.ReturnPlan.Mode.PLAIN, payload, TypeName.get(type)));
    }
    return Shape.unsupported(advice(type, name));
  }

  /** {@code Stream<String>}, or why a stream of anything else cannot be. */
  private static Shape stream(DeclaredType type) {
    List<? extends TypeMirror> arguments = type.getTypeArguments();
    if (arguments.isEmpty() || arguments.get(0).getKind() == TypeKind.WILDCARD) {
      return Shape.unsupported(
          " A stream yields the text as it is written: write Stream<String>, or ReplyStream for"
              + " the whole Reply at its end.");
    }
    TypeMirror argument = arguments.get(0);
    if (!"java.lang.String".equals(qualifiedName(argument))) {
      String advice =
          REPLY.equals(qualifiedName(argument))
              ? " A stream's reply is one, at its end: return ReplyStream, whose reply() gives"
                  + " it after the text."
              : " A stream yields the text as it is written, Strings, not " + argument
                  + ": return Stream<String>, or ReplyStream for the whole Reply at its end.";
      return Shape.unsupported(advice);
    }
    return Shape.of(
        new ClientPlan.ReturnPlan(
            ClientPlan.ReturnPlan.Mode.STREAM,
            new ClientPlan.ReturnPlan.Text(),
            TypeName.get(type)));
  }

  /** The payload {@code type} is, or null. */
  private static ClientPlan.ReturnPlan.Payload payload(TypeMirror type) {
    String name = qualifiedName(type);
    if ("java.lang.String".equals(name)) {
      return new ClientPlan.ReturnPlan.Text();
    }
    if (REPLY.equals(name)) {
      return new ClientPlan.ReturnPlan.WholeReply();
    }
    return null;
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
        return " A String method never returns an empty text (a refusal or an empty reply"
            + " throws ClaudeOutputException): return String, or Reply to inspect the stop"
            + " reason yourself.";
      }
      case "java.lang.CharSequence" -> {
        return " Return String.";
      }
      default -> {
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
