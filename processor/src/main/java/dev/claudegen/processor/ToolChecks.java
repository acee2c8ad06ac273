package dev.claudegen.processor;

import com.palantir.javapoet.ClassName;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * Reads and checks a method's {@code @Tools}: each listed type and its {@code @Tool} methods
 * (own and inherited, in declaration order), each tool's input built by {@link StructuredTypes}
 * from the parameters, and the API's limits on strict tools. A problem with a tool method goes on
 * the method when its source is compiled here, else on the {@code @Tools} value that lists its
 * type; a problem with the listing itself on that value.
 */
final class ToolChecks {

  /** The API's limit on strict tools in one request (§1.3). */
  static final int MAX_STRICT_TOOLS = 20;

  /** What the API accepts as a tool's name (§1.4). */
  static final Pattern TOOL_NAME = Pattern.compile("^[a-zA-Z0-9_-]{1,64}$");

  /** javac's names for the parameters of a class file compiled without {@code -parameters}. */
  private static final Pattern SYNTHETIC_PARAMETER = Pattern.compile("arg\\d+");

  private final Elements elements;
  private final StructuredTypes structured;
  private final UnaryOperator<Element> locate;

  /**
   * @param locate the element a diagnostic on an element is printed on, or null when it has no
   *     source here (a class file)
   */
  ToolChecks(Elements elements, StructuredTypes structured, UnaryOperator<Element> locate) {
    this.elements = elements;
    this.structured = structured;
    this.locate = locate;
  }

  /**
   * Where the listing's problems go: {@code element}, on {@code annotation}'s values when it is
   * not null (it is null when the {@code @Tools} is on an inherited method, which has no source
   * here to point at: then the endpoint interface is marked).
   */
  record Listing(AnnotationView tools, Element element, AnnotationMirror annotation,
      Report report) {

    /** The {@code i}th value of {@code @Tools(value)}, or null to mark the whole annotation. */
    AnnotationValue value(int i) {
      return annotation == null ? null : tools.writtenElement("value", i);
    }

    /** The attribute as written, or null. */
    AnnotationValue attribute(String name) {
      return annotation == null ? null : tools.written(name);
    }

    void add(Message message, AnnotationValue value, Object... args) {
      report.add(message, element, annotation, value, args);
    }
  }

  /**
   * Checks the {@code @Tools} and plans its tools.
   *
   * @param strict whether the tools are sent strict (decision 2): the API's limits apply then
   * @param output the method's structured output, or null: its optional properties count with
   *     the tools' against the API's limit
   * @param generatedPackage the generated client's package, from which every type must be
   *     accessible
   * @return the plan; good only when no error was reported since the call
   */
  ClientPlan.ToolsPlan plan(Listing listing, boolean strict, StructuredType output,
      String generatedPackage) throws AnnotationView.ErroneousValueException {
    Report report = listing.report();
    AnnotationView tools = listing.tools();
    int maxRounds = tools.integer("maxRounds");
    if (maxRounds < 1) {
      listing.add(Message.TOOLS_MAX_ROUNDS, listing.attribute("maxRounds"), maxRounds);
    }
    List<TypeMirror> listed = tools.types("value");
    if (listed.isEmpty()) {
      listing.add(Message.TOOLS_EMPTY, listing.attribute("value"));
    }
    List<ClientPlan.ToolType> types = new ArrayList<>();
    Map<String, ExecutableElement> names = new LinkedHashMap<>();
    Set<TypeElement> seen = new HashSet<>();
    for (int i = 0; i < listed.size(); i++) {
      AnnotationValue value = listing.value(i);
      TypeElement type = checkType(listed.get(i), listing, value, generatedPackage, seen);
      if (type == null) {
        continue;
      }
      List<ClientPlan.ToolPlan> plans = new ArrayList<>();
      List<ExecutableElement> methods = toolMethods(type);
      if (methods.isEmpty()) {
        listing.add(Message.TOOLS_NO_TOOL_METHOD, value, Validator.nestedName(type),
            Validator.nestedName(type));
        continue;
      }
      if (locate.apply(type) == null && lacksParameterNames(methods)) {
        listing.add(Message.TOOLS_NO_PARAMETER_NAMES, value, Validator.nestedName(type),
            Validator.nestedName(type));
        continue;
      }
      for (ExecutableElement method : methods) {
        ClientPlan.ToolPlan plan = tool(type, method, listing, value, names, report);
        if (plan != null) {
          plans.add(plan);
        }
      }
      types.add(new ClientPlan.ToolType(type, ClassName.get(type), List.copyOf(plans)));
    }
    if (strict) {
      int count = types.stream().mapToInt(type -> type.tools().size()).sum();
      if (count > MAX_STRICT_TOOLS) {
        listing.add(Message.TOO_MANY_STRICT_TOOLS, null, count, MAX_STRICT_TOOLS);
      }
      int optional = output == null ? 0 : StructuredTypes.optionalProperties(output);
      List<String> parts = new ArrayList<>();
      if (optional > 0) {
        parts.add("the output " + optional);
      }
      for (ClientPlan.ToolType type : types) {
        for (ClientPlan.ToolPlan tool : type.tools()) {
          int own = StructuredTypes.optionalProperties(tool.input());
          optional += own;
          if (own > 0) {
            parts.add(tool.name() + " " + own);
          }
        }
      }
      if (optional > StructuredTypes.MAX_OPTIONAL_PROPERTIES) {
        listing.add(Message.TOOLS_SCHEMA_LIMIT, null, optional, String.join(", ", parts),
            StructuredTypes.MAX_OPTIONAL_PROPERTIES);
      }
    }
    return new ClientPlan.ToolsPlan(List.copyOf(types), maxRounds, strict);
  }

  /** The listed type, or null after a problem with it (reported). */
  private TypeElement checkType(TypeMirror listed, Listing listing, AnnotationValue value,
      String generatedPackage, Set<TypeElement> seen) {
    if (listed.getKind() != TypeKind.DECLARED
        || !(((DeclaredType) listed).asElement() instanceof TypeElement type)) {
      listing.add(Message.TOOLS_NOT_A_CLASS, value, listed, "is not a class or interface");
      return null;
    }
    String name = Validator.nestedName(type);
    if (type.getKind() == ElementKind.ANNOTATION_TYPE) {
      listing.add(Message.TOOLS_NOT_A_CLASS, value, name, "is an annotation type");
      return null;
    }
    if (!seen.add(type)) {
      listing.add(Message.TOOLS_LISTED_TWICE, value, name);
      return null;
    }
    boolean ok = true;
    if (!type.getTypeParameters().isEmpty()) {
      listing.add(Message.TOOLS_GENERIC_TYPE, value, name, type.getTypeParameters().stream()
          .map(parameter -> parameter.getSimpleName().toString())
          .collect(java.util.stream.Collectors.joining(", ")));
      ok = false;
    }
    String inaccessible = inaccessible(type, generatedPackage);
    if (inaccessible != null) {
      listing.add(Message.TOOLS_INACCESSIBLE, value, name, inaccessible, generatedPackage.isEmpty()
          ? "the unnamed package" : "package " + generatedPackage);
      ok = false;
    }
    return ok ? type : null;
  }

  /**
   * Why the generated class, in {@code generatedPackage}, cannot name the type; null when it can.
   */
  private String inaccessible(TypeElement type, String generatedPackage) {
    String typePackage = packageOf(type).getQualifiedName().toString();
    for (Element e = type; e instanceof TypeElement outer; e = e.getEnclosingElement()) {
      String which = outer.equals(type) ? "it" : "its enclosing " + Validator.nestedName(outer);
      if (outer.getModifiers().contains(Modifier.PRIVATE)) {
        return which + " is private";
      }
      if (!outer.getModifiers().contains(Modifier.PUBLIC)
          && !typePackage.equals(generatedPackage)) {
        return which + " is not public, and in package " + typePackage;
      }
    }
    return null;
  }

  private static PackageElement packageOf(Element element) {
    Element e = element;
    while (!(e instanceof PackageElement)) {
      e = e.getEnclosingElement();
    }
    return (PackageElement) e;
  }

  /**
   * The type's {@code @Tool} methods, own and inherited, in an order every compiler agrees on:
   * its own as declared, then its superclass's, then its interfaces', depth first.
   */
  private List<ExecutableElement> toolMethods(TypeElement type) {
    List<Element> order = new ArrayList<>();
    collectDeclarationOrder(type, order, new HashSet<>());
    List<ExecutableElement> methods = new ArrayList<>();
    for (ExecutableElement method : ElementFilter.methodsIn(elements.getAllMembers(type))) {
      if (AnnotationView.find(method, Names.TOOL, elements) != null) {
        methods.add(method);
      }
    }
    // getAllMembers leaves out private members of supertypes, but keeps the type's own.
    for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
      if (!methods.contains(method) && AnnotationView.find(method, Names.TOOL, elements) != null) {
        methods.add(method);
      }
    }
    methods.sort(Comparator.comparingInt(
        method -> order.contains(method) ? order.indexOf(method) : Integer.MAX_VALUE));
    return methods;
  }

  private static void collectDeclarationOrder(
      TypeElement type, List<Element> order, Set<Element> visited) {
    if (!visited.add(type)) {
      return;
    }
    order.addAll(type.getEnclosedElements());
    List<TypeMirror> supertypes = new ArrayList<>();
    supertypes.add(type.getSuperclass());
    supertypes.addAll(type.getInterfaces());
    for (TypeMirror supertype : supertypes) {
      if (supertype.getKind() == TypeKind.DECLARED
          && ((DeclaredType) supertype).asElement() instanceof TypeElement superType) {
        collectDeclarationOrder(superType, order, visited);
      }
    }
  }

  /**
   * Whether javac read the methods' parameter names from a class file compiled without {@code
   * -parameters}: then it names them {@code arg0}, {@code arg1}...
   */
  private static boolean lacksParameterNames(List<ExecutableElement> methods) {
    boolean any = false;
    for (ExecutableElement method : methods) {
      List<? extends VariableElement> parameters = method.getParameters();
      for (int i = 0; i < parameters.size(); i++) {
        if (!parameters.get(i).getSimpleName().contentEquals("arg" + i)) {
          return false;
        }
        any = true;
      }
    }
    return any;
  }

  /** One tool, or null after a problem (reported). */
  private ClientPlan.ToolPlan tool(TypeElement type, ExecutableElement method, Listing listing,
      AnnotationValue value, Map<String, ExecutableElement> names, Report report)
      throws AnnotationView.ErroneousValueException {
    Report.Scope scope = report.scope();
    AnnotationView annotation = AnnotationView.find(method, Names.TOOL, elements);
    boolean here = locate.apply(method) != null;
    String methodName = method.getSimpleName().toString();
    String display = Validator.nestedName((TypeElement) method.getEnclosingElement()) + "."
        + methodName;
    // On the method when its source is here, else on the @Tools value that lists its type.
    Reporter reporter = new Reporter() {
      @Override
      public void at(Message message, AnnotationView on, AnnotationValue at, Object... args) {
        if (here) {
          report.add(message, method, on == null ? null : on.mirror(), at, args);
        } else {
          listing.add(message, value, args);
        }
      }

      @Override
      public Report.Scope scope() {
        return report.scope();
      }
    };
    Set<Modifier> modifiers = method.getModifiers();
    if (!modifiers.contains(Modifier.PUBLIC)) {
      reporter.at(Message.TOOL_NOT_PUBLIC, null, null, display);
    }
    if (modifiers.contains(Modifier.STATIC)) {
      reporter.at(Message.TOOL_STATIC, null, null, display);
    }
    if (!method.getTypeParameters().isEmpty()) {
      reporter.at(Message.TOOL_GENERIC, null, null, display);
    }
    String name = annotation.string("name");
    boolean named = !name.isEmpty();
    if (!named) {
      name = methodName;
    }
    if (!TOOL_NAME.matcher(name).matches()) {
      reporter.at(Message.TOOL_NAME, named ? annotation : null,
          named ? annotation.written("name") : null, Message.quote(name), display,
          named ? "" : " (its method's name)");
    } else {
      ExecutableElement first = names.putIfAbsent(name, method);
      if (first != null) {
        reporter.at(Message.TOOL_NAME_TWICE, named ? annotation : null,
            named ? annotation.written("name") : null, display, name,
            Validator.nestedName((TypeElement) first.getEnclosingElement()) + "."
                + first.getSimpleName());
      }
    }
    String tool = "tool " + name;
    Element onMethod = here ? method : listing.element();
    AnnotationMirror onAnnotation = here ? null : listing.annotation();
    AnnotationValue onValue = here ? null : value;
    StructuredType.ObjectType input =
        structured.toolInput(method, ClassName.get(type), tool, onMethod, onAnnotation, onValue,
            report);
    StructuredType result = null;
    TypeMirror returned = method.getReturnType();
    if (returned.getKind() != TypeKind.VOID) {
      result = structured.toolResult(returned, tool, onMethod, onAnnotation, onValue, report);
    }
    String description = Javadoc.normalize(annotation.string("value"));
    if (description.isEmpty()) {
      description = StructuredTypes.description(method);
    }
    if (description == null) {
      description = Javadoc.firstParagraph(elements.getDocComment(method));
    }
    if (description == null) {
      reporter.at(Message.TOOL_WITHOUT_DESCRIPTION, null, null, display);
    }
    if (input == null || !scope.isClean()) {
      return null;
    }
    return new ClientPlan.ToolPlan(name, description, methodName, input, result);
  }
}
