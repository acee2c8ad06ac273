package dev.claudegen.processor;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.Trees;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.SimpleTypeVisitor9;
import javax.lang.model.util.Types;

/** Reads a {@code @ClaudeEndpoint} interface into a {@link Declaration}, checking nothing. */
final class InterfaceReader {

  /** The interface uses types that do not exist (yet): another processor may generate them. */
  static final class MissingTypesException extends Exception {
    private static final long serialVersionUID = 1L;

    // Never serialized: it only carries the names from the reader to the processor's round.
    private final transient Set<String> missing;

    MissingTypesException(Set<String> missing) {
      super(String.join(", ", missing));
      this.missing = missing;
    }

    Set<String> missing() {
      return missing;
    }
  }

  private final Elements elements;
  private final Types types;

  /** javac's trees, to name a missing type as the source spells it; null elsewhere. */
  private final Trees trees;

  InterfaceReader(Elements elements, Types types, Trees trees) {
    this.elements = elements;
    this.types = types;
    this.trees = trees;
  }

  /**
   * Reads the interface.
   *
   * @throws MissingTypesException when a type the interface uses does not resolve
   * @throws AnnotationView.ErroneousValueException when an annotation value does not compile
   *     (javac has already said so)
   */
  Declaration.Interface read(TypeElement iface)
      throws MissingTypesException, AnnotationView.ErroneousValueException {
    Set<String> missing = new TreeSet<>();
    List<? extends TypeMirror> superInterfaces = iface.getInterfaces();
    for (int i = 0; i < superInterfaces.size(); i++) {
      int index = i;
      collectMissing(superInterfaces.get(i), missing, () -> superInterfaceSource(iface, index));
    }
    List<Declaration.Method> methods = new ArrayList<>();
    DeclaredType ifaceType = (DeclaredType) iface.asType();
    for (ExecutableElement method : inSourceOrder(iface)) {
      if (!isToImplement(method)) {
        continue;
      }
      ExecutableType asMember = (ExecutableType) types.asMemberOf(ifaceType, method);
      collectMissing(asMember.getReturnType(), missing, () -> signatureSource(method, -1));
      List<Declaration.Parameter> parameters = new ArrayList<>();
      List<? extends VariableElement> declared = method.getParameters();
      for (int i = 0; i < declared.size(); i++) {
        TypeMirror type = asMember.getParameterTypes().get(i);
        int index = i;
        collectMissing(type, missing, () -> signatureSource(method, index));
        VariableElement parameter = declared.get(i);
        parameters.add(
            new Declaration.Parameter(parameter, parameter.getSimpleName().toString(), type));
      }
      methods.add(
          new Declaration.Method(
              method,
              (TypeElement) method.getEnclosingElement(),
              asMember.getReturnType(),
              parameters,
              AnnotationView.find(method, Names.CLAUDE_ENDPOINT, elements),
              AnnotationView.find(method, Names.USER_PROMPT, elements),
              AnnotationView.find(method, Names.SYSTEM_PROMPT, elements),
              AnnotationView.find(method, Names.THINKING, elements),
              AnnotationView.findRepeated(method, Names.RETRY, Names.RETRY_LIST, elements),
              tools(method, missing),
              AnnotationView.find(method, Names.CACHE_CONTROL, elements)));
    }
    AnnotationView tools = tools(iface, missing);
    if (!missing.isEmpty()) {
      throw new MissingTypesException(missing);
    }
    return new Declaration.Interface(
        iface,
        AnnotationView.find(iface, Names.CLAUDE_ENDPOINT, elements),
        AnnotationView.find(iface, Names.SYSTEM_PROMPT, elements),
        AnnotationView.find(iface, Names.THINKING, elements),
        AnnotationView.findRepeated(iface, Names.RETRY, Names.RETRY_LIST, elements),
        tools,
        AnnotationView.find(iface, Names.CACHE_CONTROL, elements),
        methods);
  }

  /**
   * The element's {@code @Tools}, or null; a listed type that does not resolve (yet) is added to
   * {@code missing}, as the source spells it: another processor may generate it.
   */
  private AnnotationView tools(Element element, Set<String> missing)
      throws AnnotationView.ErroneousValueException {
    AnnotationView tools = AnnotationView.find(element, Names.TOOLS, elements);
    if (tools == null) {
      return null;
    }
    for (AnnotationValue value : tools.values("value")) {
      if (value.getValue() instanceof TypeMirror type) {
        collectMissing(type, missing, value::toString);
      } else {
        // javac shows a class literal it cannot resolve as an error value: "<error>" or the
        // literal as written.
        String written = sourceOf(element, tools, value);
        missing.add(written.endsWith(".class")
            ? written.substring(0, written.length() - ".class".length()) : written);
      }
    }
    return tools;
  }

  /**
   * The interface's methods, own and inherited, in an order every compiler agrees on: its own
   * methods as declared, then each super-interface's, depth first in {@code extends} order.
   * ({@code getAllMembers} has the right members, but javac and Eclipse's compiler list them in
   * different orders, and the generated file must not depend on the compiler.)
   */
  private List<ExecutableElement> inSourceOrder(TypeElement iface) {
    List<Element> order = new ArrayList<>();
    collectDeclarationOrder(iface, order, new HashSet<>());
    List<ExecutableElement> members =
        new ArrayList<>(ElementFilter.methodsIn(elements.getAllMembers(iface)));
    members.sort(
        Comparator.comparingInt(
            method -> order.contains(method) ? order.indexOf(method) : Integer.MAX_VALUE));
    return members;
  }

  private static void collectDeclarationOrder(
      TypeElement type, List<Element> order, Set<Element> visited) {
    if (!visited.add(type)) {
      return;
    }
    order.addAll(type.getEnclosedElements());
    for (TypeMirror superInterface : type.getInterfaces()) {
      if (superInterface.getKind() == TypeKind.DECLARED
          && ((DeclaredType) superInterface).asElement() instanceof TypeElement superType) {
        collectDeclarationOrder(superType, order, visited);
      }
    }
  }

  /**
   * Abstract interface methods, except redeclared {@code Object} methods ({@code toString()}
   * and the like), which the generated class inherits from {@code Object} and must not turn into
   * API calls.
   */
  private boolean isToImplement(ExecutableElement method) {
    if (!method.getModifiers().contains(Modifier.ABSTRACT)) {
      return false;
    }
    Element owner = method.getEnclosingElement();
    if (owner.getKind() != ElementKind.INTERFACE) {
      return false;
    }
    TypeElement object = elements.getTypeElement("java.lang.Object");
    for (ExecutableElement objectMethod : ElementFilter.methodsIn(object.getEnclosedElements())) {
      if (objectMethod.getModifiers().contains(Modifier.PUBLIC)
          && elements.overrides(method, objectMethod, (TypeElement) owner)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Adds the names of the types in {@code type} that do not resolve. javac names an unresolved
   * parameterized type, like {@code CompletableFuture<String>} without its import, "<any>"; the
   * source's spelling replaces that name when the tree API has it.
   */
  private static void collectMissing(
      TypeMirror type, Set<String> missing, Supplier<String> source) {
    Set<String> found = new TreeSet<>();
    type.accept(MISSING, found);
    if (found.remove(UNNAMED)) {
      String spelled = source.get();
      found.add(spelled != null ? spelled : UNNAMED);
    }
    missing.addAll(found);
  }

  private static final String UNNAMED = "<any>";

  /** The value as the source spells it, else as javac prints it. */
  private String sourceOf(Element element, AnnotationView annotation, AnnotationValue value) {
    Tree tree = null;
    try {
      tree = trees == null ? null : trees.getTree(element, annotation.mirror(), value);
    } catch (RuntimeException noTree) {
      // Not javac's own trees: javac's print of the value names it well enough.
    }
    return tree != null ? tree.toString() : value.toString();
  }

  /** The source of a method's return type ({@code index} -1) or parameter type, or null. */
  private String signatureSource(ExecutableElement method, int index) {
    MethodTree tree = trees == null ? null : trees.getTree(method);
    if (tree == null) {
      return null;
    }
    Tree type =
        index < 0 ? tree.getReturnType() : tree.getParameters().get(index).getType();
    return type == null ? null : type.toString();
  }

  /** The source of an interface's {@code index}th super-interface, or null. */
  private String superInterfaceSource(TypeElement iface, int index) {
    ClassTree tree = trees == null ? null : trees.getTree(iface);
    if (tree == null) {
      return null;
    }
    List<? extends Tree> clause = tree.getImplementsClause();
    return index < clause.size() ? clause.get(index).toString() : null;
  }

  private static final SimpleTypeVisitor9<Void, Set<String>> MISSING =
      new SimpleTypeVisitor9<>() {
        @Override
        public Void visitError(javax.lang.model.type.ErrorType type, Set<String> missing) {
          missing.add(type.toString());
          return null;
        }

        @Override
        public Void visitDeclared(DeclaredType type, Set<String> missing) {
          if (type.getKind() == TypeKind.ERROR) {
            missing.add(type.toString());
          }
          for (TypeMirror argument : type.getTypeArguments()) {
            argument.accept(this, missing);
          }
          return null;
        }

        @Override
        public Void visitArray(javax.lang.model.type.ArrayType type, Set<String> missing) {
          return type.getComponentType().accept(this, missing);
        }

        @Override
        public Void visitWildcard(javax.lang.model.type.WildcardType type, Set<String> missing) {
          if (type.getExtendsBound() != null) {
            type.getExtendsBound().accept(this, missing);
          }
          if (type.getSuperBound() != null) {
            type.getSuperBound().accept(this, missing);
          }
          return null;
        }
      };
}
