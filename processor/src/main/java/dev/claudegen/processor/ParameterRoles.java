package dev.claudegen.processor;

import java.util.List;
import javax.lang.model.element.ElementKind;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Types;

/**
 * Classifies each parameter by what it contributes to a request: a value a prompt template puts in
 * its text, or the conversation so far. Later roles (an image, say) are one more constant.
 *
 * <p>The conversation is exactly {@code java.util.List<dev.claudegen.runtime.Message>}: {@code
 * Message} is a record, so {@code List<? extends Message>} would hold the same values under a
 * second spelling, and other collections would each need a copy the generated code does not
 * otherwise make.
 */
final class ParameterRoles {

  static final String MESSAGE = ClientPlan.RUNTIME + ".Message";

  /** What a parameter is for. */
  enum Role {
    /** A value a template puts in its text: String, CharSequence, a primitive, a box, an enum. */
    PROMPT,
    /** {@code List<Message>}: turns sent before the {@code @UserPrompt} turn, if any. */
    CONVERSATION
  }

  /** A role, or why the parameter has none. */
  record Classified(Role role, String problem) {
    boolean isSupported() {
      return role != null;
    }
  }

  /** The types a parameter may have, as the diagnostic lists them. */
  static final String ACCEPTED =
      "String, CharSequence, a primitive, its box or an enum (a value for the prompts), or"
          + " java.util.List<dev.claudegen.runtime.Message> (the conversation so far)";

  private final Types types;

  ParameterRoles(Types types) {
    this.types = types;
  }

  /**
   * Classifies the parameter's type.
   *
   * @return its role, or a problem: an advice sentence for the diagnostic, starting with a space
   *     (empty when the accepted types say it all)
   */
  Classified classify(TypeMirror type) {
    if (isPromptValue(type)) {
      return new Classified(Role.PROMPT, null);
    }
    String name = ReturnShapes.qualifiedName(type);
    if ("java.util.List".equals(name)) {
      List<? extends TypeMirror> arguments = ((DeclaredType) type).getTypeArguments();
      if (arguments.isEmpty()) {
        return problem(" A raw List says nothing of what it holds: declare the conversation as"
            + " List<Message>.");
      }
      TypeMirror argument = arguments.get(0);
      if (MESSAGE.equals(ReturnShapes.qualifiedName(argument))) {
        return new Classified(Role.CONVERSATION, null);
      }
      if (argument.getKind() == TypeKind.WILDCARD) {
        return problem(" Message is a record, so no subtype can be in the list: declare it"
            + " List<Message>.");
      }
      return problem(" A list is sent as a conversation only when it holds"
          + " dev.claudegen.runtime.Message turns (Message.user, Message.assistant); to put"
          + " several values in one prompt, join them into a String.");
    }
    if (MESSAGE.equals(name)) {
      return problem(" A single turn is a conversation of one: declare List<Message> and pass"
          + " List.of(message).");
    }
    if (type.getKind() == TypeKind.DECLARED && holdsMessages((DeclaredType) type)) {
      return problem(" Declare the conversation as java.util.List<Message>.");
    }
    if (type.getKind() == TypeKind.ARRAY) {
      return problem(" To send turns, declare java.util.List<Message>.");
    }
    return problem("");
  }

  /**
   * Whether an unsupported type was plainly meant as the conversation (a list, a turn, turns in an
   * array or another collection): then the missing user turn is the same mistake, not another.
   */
  static boolean meantAsConversation(TypeMirror type) {
    if (type.getKind() == TypeKind.ARRAY) {
      return meantAsConversation(((ArrayType) type).getComponentType());
    }
    String name = ReturnShapes.qualifiedName(type);
    return "java.util.List".equals(name)
        || MESSAGE.equals(name)
        || (type.getKind() == TypeKind.DECLARED && holdsMessages((DeclaredType) type));
  }

  private static Classified problem(String advice) {
    return new Classified(null, advice);
  }

  /** A collection or iterable of {@code Message}, like {@code ArrayList<Message>}. */
  private static boolean holdsMessages(DeclaredType type) {
    return type.getTypeArguments().size() == 1
        && MESSAGE.equals(ReturnShapes.qualifiedName(type.getTypeArguments().get(0)));
  }

  private boolean isPromptValue(TypeMirror type) {
    TypeKind kind = type.getKind();
    if (kind.isPrimitive()) {
      return true;
    }
    if (kind != TypeKind.DECLARED) {
      return false;
    }
    String name = ReturnShapes.qualifiedName(type);
    if ("java.lang.String".equals(name) || "java.lang.CharSequence".equals(name)) {
      return true;
    }
    try {
      types.unboxedType(type);
      return true;
    } catch (IllegalArgumentException notABox) {
      return ((DeclaredType) type).asElement().getKind() == ElementKind.ENUM;
    }
  }
}
