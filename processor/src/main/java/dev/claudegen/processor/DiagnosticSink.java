package dev.claudegen.processor;

import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.ModifiersTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.tools.Diagnostic;

/**
 * Prints diagnostics where the user looks. {@link Messager} finds an annotation only among the
 * element's own annotations, so a repeated annotation (which javac wraps in its container, with
 * no tree of its own) would be reported on the element's name. Where javac's tree API is there,
 * such a diagnostic goes on the annotation as written, and on its attribute; elsewhere (Eclipse's
 * compiler, which marks it itself; a class without source; a wrapped processing environment) the
 * {@code Messager} decides, as before.
 */
final class DiagnosticSink {

  private final Messager messager;

  /** javac's trees, or null when this compiler has none. */
  private final Trees trees;

  /**
   * Whether the compiler can point at one element of an array value; javac can, Eclipse's
   * compiler cannot (it marks the whole annotation), so there an element is widened to its
   * attribute, which it can point at.
   */
  private final boolean findsArrayElements;

  DiagnosticSink(Messager messager, Trees trees, boolean findsArrayElements) {
    this.messager = messager;
    this.trees = trees;
    this.findsArrayElements = findsArrayElements;
  }

  static DiagnosticSink of(ProcessingEnvironment processingEnv) {
    boolean eclipse = processingEnv.getClass().getName().startsWith("org.eclipse.");
    return new DiagnosticSink(processingEnv.getMessager(), eclipse ? null : trees(processingEnv),
        !eclipse);
  }

  /** javac's tree API, or null under another compiler (Eclipse's has no usable one). */
  static Trees treesOf(ProcessingEnvironment processingEnv) {
    return processingEnv.getClass().getName().startsWith("org.eclipse.")
        ? null
        : trees(processingEnv);
  }

  private static Trees trees(ProcessingEnvironment processingEnv) {
    try {
      return Trees.instance(processingEnv);
    } catch (IllegalArgumentException | LinkageError notJavac) {
      // Not javac's environment, or jdk.compiler cannot be read: positions come from Messager.
      return null;
    }
  }

  /**
   * Prints on the value, or on the annotation when {@code value} is null, or on the element when
   * {@code annotation} is null too.
   */
  void print(Diagnostic.Kind kind, String text, Element element, AnnotationMirror annotation,
      AnnotationValue value) {
    if (annotation == null) {
      messager.printMessage(kind, text, element);
      return;
    }
    if (trees != null && printedOnTree(kind, text, element, annotation, value)) {
      return;
    }
    if (value == null) {
      messager.printMessage(kind, text, element, annotation);
    } else {
      messager.printMessage(kind, text, element, annotation,
          findsArrayElements ? value : attributeHolding(annotation, value));
    }
  }

  /**
   * Prints on the tree of a repeated annotation, or of the first one when {@code annotation} is
   * their container; false when the annotation is not repeated or has no tree to point at.
   */
  private boolean printedOnTree(Diagnostic.Kind kind, String text, Element element,
      AnnotationMirror annotation, AnnotationValue value) {
    Repetition repetition = repetition(element, annotation);
    if (repetition == null) {
      return false;
    }
    try {
      TreePath path = trees.getPath(element);
      if (path == null) {
        return false;
      }
      ModifiersTree modifiers = modifiers(path.getLeaf());
      if (modifiers == null) {
        return false;
      }
      CompilationUnitTree unit = path.getCompilationUnit();
      List<AnnotationTree> written =
          writtenOfType(new TreePath(path, modifiers), modifiers.getAnnotations(),
              repetition.type());
      if (repetition.index() >= written.size()) {
        return false;
      }
      AnnotationTree tree = written.get(repetition.index());
      Tree target = value == null ? tree : valueTree(tree, repetition.mirror(), value);
      trees.printMessage(kind, text, target, unit);
      return true;
    } catch (RuntimeException | LinkageError treesFailed) {
      // A compiler whose trees do not look as expected: Messager's position is still right.
      return false;
    }
  }

  /**
   * One of several annotations of a repeatable type on an element.
   *
   * @param mirror the annotation itself
   * @param type its type's qualified name
   * @param index its place among the element's annotations of that type, in source order
   */
  private record Repetition(AnnotationMirror mirror, String type, int index) {}

  /**
   * Where the annotation stands among repeated ones: inside a container on the element (the one
   * at fault), or the container itself (then its first annotation); null when it is neither.
   */
  private static Repetition repetition(Element element, AnnotationMirror annotation) {
    for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
      List<AnnotationMirror> contained = contained(mirror);
      if (contained.isEmpty()) {
        continue;
      }
      String type = qualifiedName(contained.get(0).getAnnotationType());
      if (mirror == annotation) {
        return new Repetition(contained.get(0), type, 0);
      }
      for (int i = 0; i < contained.size(); i++) {
        if (contained.get(i) == annotation) {
          return new Repetition(annotation, type, i);
        }
      }
    }
    return null;
  }

  /** The annotations a container holds in its {@code value}, or none when it is no container. */
  private static List<AnnotationMirror> contained(AnnotationMirror mirror) {
    List<AnnotationMirror> contained = new ArrayList<>();
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry :
        mirror.getElementValues().entrySet()) {
      if (entry.getKey().getSimpleName().contentEquals("value")
          && entry.getValue().getValue() instanceof List<?> items) {
        for (Object item : items) {
          if (item instanceof AnnotationValue inner
              && inner.getValue() instanceof AnnotationMirror innerMirror
              && isRepeatable(innerMirror)) {
            contained.add(innerMirror);
          }
        }
      }
    }
    return contained;
  }

  private static boolean isRepeatable(AnnotationMirror mirror) {
    Element type = mirror.getAnnotationType().asElement();
    for (AnnotationMirror meta : type.getAnnotationMirrors()) {
      if (qualifiedName(meta.getAnnotationType()).equals("java.lang.annotation.Repeatable")) {
        return true;
      }
    }
    return false;
  }

  private static ModifiersTree modifiers(Tree tree) {
    return switch (tree.getKind()) {
      case CLASS, INTERFACE, ENUM, ANNOTATION_TYPE, RECORD ->
          ((com.sun.source.tree.ClassTree) tree).getModifiers();
      case METHOD -> ((com.sun.source.tree.MethodTree) tree).getModifiers();
      case VARIABLE -> ((com.sun.source.tree.VariableTree) tree).getModifiers();
      default -> null;
    };
  }

  /**
   * The annotations of the type, in source order: written directly (javac makes the container),
   * or inside a container written out by hand.
   */
  private List<AnnotationTree> writtenOfType(TreePath parent, List<? extends AnnotationTree> trees,
      String type) {
    List<AnnotationTree> found = new ArrayList<>();
    for (AnnotationTree tree : trees) {
      TreePath path = new TreePath(parent, tree);
      String written = typeOf(path, tree);
      if (type.equals(written)) {
        found.add(tree);
        continue;
      }
      for (ExpressionTree argument : tree.getArguments()) {
        ExpressionTree expression =
            argument instanceof AssignmentTree assignment ? assignment.getExpression() : argument;
        List<? extends ExpressionTree> items =
            expression instanceof NewArrayTree array && array.getInitializers() != null
                ? array.getInitializers()
                : List.of(expression);
        List<AnnotationTree> inner = new ArrayList<>();
        for (ExpressionTree item : items) {
          if (item instanceof AnnotationTree annotation) {
            inner.add(annotation);
          }
        }
        found.addAll(writtenOfType(path, inner, type));
      }
    }
    return found;
  }

  private String typeOf(TreePath annotationPath, AnnotationTree tree) {
    TypeMirror type =
        this.trees.getTypeMirror(new TreePath(annotationPath, tree.getAnnotationType()));
    return type instanceof DeclaredType declared ? qualifiedName(declared) : null;
  }

  /**
   * The expression written for {@code value}: an attribute's value, or one element of an array
   * value; the whole annotation when it is not found (left at its default).
   */
  private static Tree valueTree(AnnotationTree tree, AnnotationMirror mirror,
      AnnotationValue value) {
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry :
        mirror.getElementValues().entrySet()) {
      AnnotationValue attribute = entry.getValue();
      int index = -1;
      if (attribute != value) {
        index = attribute.getValue() instanceof List<?> items ? indexOf(items, value) : -1;
        if (index < 0) {
          continue;
        }
      }
      ExpressionTree expression = argument(tree, entry.getKey().getSimpleName().toString());
      if (expression == null) {
        return tree;
      }
      if (index >= 0 && expression instanceof NewArrayTree array
          && array.getInitializers() != null && index < array.getInitializers().size()) {
        return array.getInitializers().get(index);
      }
      return expression;
    }
    return tree;
  }

  private static int indexOf(List<?> items, AnnotationValue value) {
    for (int i = 0; i < items.size(); i++) {
      if (items.get(i) == value) {
        return i;
      }
    }
    return -1;
  }

  /** The expression written for the attribute, or null. */
  private static ExpressionTree argument(AnnotationTree tree, String attribute) {
    for (ExpressionTree argument : tree.getArguments()) {
      if (argument instanceof AssignmentTree assignment) {
        if (assignment.getVariable() instanceof IdentifierTree name
            && name.getName().contentEquals(attribute)) {
          return assignment.getExpression();
        }
      } else if (attribute.equals("value")) {
        return argument;
      }
    }
    return null;
  }

  /** The attribute value that is or contains {@code value}, or {@code value} itself. */
  private static AnnotationValue attributeHolding(AnnotationMirror annotation,
      AnnotationValue value) {
    for (AnnotationValue attribute : annotation.getElementValues().values()) {
      if (attribute == value
          || (attribute.getValue() instanceof List<?> items && items.contains(value))) {
        return attribute;
      }
    }
    return value;
  }

  private static String qualifiedName(DeclaredType type) {
    Element element = type.asElement();
    return element instanceof TypeElement typeElement
        ? typeElement.getQualifiedName().toString()
        : element.toString();
  }
}
