package dev.claudegen.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;

/**
 * Builds the checked {@link StructuredType} of a structured payload from its Java type, reporting
 * every type no schema can express on the record component that declares it (or on the method,
 * for the payload itself, and for a record from a jar, whose components have no source to point
 * at). Each problem is reported once per build; a type used by several methods is checked with
 * each, and the {@link Report} prints the same diagnostic once.
 */
final class StructuredTypes {

  /** The API's limit on optional properties, summed over every schema of one request (§1.3). */
  static final int MAX_OPTIONAL_PROPERTIES = 24;

  /** The component types, as diagnostics list them. */
  static final String SUPPORTED =
      "String, boolean, int, long, double and their boxes, an enum, a record, List<T>,"
          + " Optional<T> (an optional property), java.time.LocalDate, OffsetDateTime, Instant,"
          + " java.util.UUID and java.net.URI";

  private static final Map<String, StructuredType.ScalarKind> SCALARS =
      Map.ofEntries(
          Map.entry("java.lang.String", StructuredType.ScalarKind.STRING),
          Map.entry("java.lang.Boolean", StructuredType.ScalarKind.BOOLEAN),
          Map.entry("java.lang.Integer", StructuredType.ScalarKind.INT),
          Map.entry("java.lang.Long", StructuredType.ScalarKind.LONG),
          Map.entry("java.lang.Double", StructuredType.ScalarKind.DOUBLE),
          Map.entry("java.time.LocalDate", StructuredType.ScalarKind.LOCAL_DATE),
          Map.entry("java.time.OffsetDateTime", StructuredType.ScalarKind.OFFSET_DATE_TIME),
          Map.entry("java.time.Instant", StructuredType.ScalarKind.INSTANT),
          Map.entry("java.util.UUID", StructuredType.ScalarKind.UUID),
          Map.entry("java.net.URI", StructuredType.ScalarKind.URI));

  static final String LIST = "java.util.List";
  static final String OPTIONAL = "java.util.Optional";

  private final Elements elements;
  private final UnaryOperator<Element> locate;

  /** The types met that do not compile (yet), as written. */
  private final Set<String> missing = new TreeSet<>();

  /** Records and enums built without a problem, by qualified name: one instance per type. */
  private final Map<String, StructuredType> built = new HashMap<>();

  /**
   * @param locate the element a diagnostic on an element is printed on, or null when the compiler
   *     cannot point at it (a record from a jar): then the method is marked
   */
  StructuredTypes(Elements elements, UnaryOperator<Element> locate) {
    this.elements = elements;
    this.locate = locate;
  }

  /** The types met that do not exist (yet): another processor may generate them. */
  Set<String> missingTypes() {
    return missing;
  }

  /**
   * Whether {@code type} is a record or an enum of the user's: a structured payload, or a list's
   * element. The runtime's own records ({@code Reply}, {@code Message}) are what they are, never a
   * schema.
   */
  static boolean isRecordOrEnum(TypeMirror type) {
    if (type.getKind() != TypeKind.DECLARED) {
      return false;
    }
    Element element = ((DeclaredType) type).asElement();
    ElementKind kind = element.getKind();
    return (kind == ElementKind.RECORD || kind == ElementKind.ENUM)
        && !(element instanceof TypeElement named
            && named.getQualifiedName().toString().startsWith(ClientPlan.RUNTIME + "."));
  }

  /**
   * The checked root of a payload: a record, an enum, or a {@code List} of either (which {@link
   * ReturnShapes} has made sure of).
   *
   * @param onMethod where problems with the payload itself go: the method, or the interface when
   *     the method is inherited
   * @param displayName the method, for messages
   * @return the root, or null when a problem was reported or a type does not compile (javac
   *     reports that one)
   */
  StructuredType.Root root(
      TypeMirror payload, Element onMethod, String displayName, Report report) {
    return root(payload, false, onMethod, displayName, report);
  }

  /**
   * The checked root of a payload, or with {@code asItems} of a {@code List} of it: the items a
   * {@code Stream<R>} yields.
   */
  StructuredType.Root root(TypeMirror payload, boolean asItems, Element onMethod,
      String displayName, Report report) {
    Build build = new Build(onMethod, displayName, report);
    StructuredType type = build.type(payload, null, "the payload of " + displayName);
    if (type == null || !build.clean()) {
      return null;
    }
    if (asItems) {
      type =
          new StructuredType.ListType(
              type, ParameterizedTypeName.get(ClassName.get("java.util", "List"),
                  type.javaType().box()));
    }
    build.collect(type);
    int optional = build.optionalCount();
    // The API's other limit, 16 union-typed properties (anyOf, or a type list with "null"),
    // cannot be reached: claudegen writes neither (an Optional is "not required", not nullable).
    if (optional > MAX_OPTIONAL_PROPERTIES) {
      report.add(Message.SCHEMA_LIMIT, onMethod, displayName, optional, build.optionalByRecord(),
          MAX_OPTIONAL_PROPERTIES);
      return null;
    }
    String wrapper =
        type instanceof StructuredType.ObjectType
            ? null
            : type instanceof StructuredType.ListType ? "items" : "value";
    return new StructuredType.Root(type, wrapper);
  }

  /**
   * The input object of a {@code @Tool} method: one property per parameter, in parameter order,
   * named after it, an {@code Optional<T>} parameter an optional property; described by the
   * parameter's {@code @Description}, else its javadoc {@code @param}. Its {@code javaType} is
   * {@code owner}, the tools type: no record holds the arguments.
   *
   * @param onMethod where problems with no element of their own go: the tool method when its
   *     source is here, else the element that lists its type
   * @param annotation the annotation on {@code onMethod} to mark then ({@code @Tools}), or null
   * @param value the value of {@code annotation} to mark, or null
   * @param tool how messages name the tool, like "tool lookupOrder"
   * @return the input, or null when a problem was reported or a type does not compile
   */
  StructuredType.ObjectType toolInput(ExecutableElement method, ClassName owner, String tool,
      Element onMethod, AnnotationMirror annotation, AnnotationValue value, Report report) {
    Build build = new Build(onMethod, annotation, value, tool, report);
    Map<String, String> params = Javadoc.params(elements.getDocComment(method));
    List<StructuredType.Property> properties = new ArrayList<>();
    for (javax.lang.model.element.VariableElement parameter : method.getParameters()) {
      String name = parameter.getSimpleName().toString();
      String description = description(parameter);
      if (description == null) {
        description = params.get(name);
      }
      StructuredType.Property property =
          build.property(parameter, "parameter '" + name + "' of " + tool, description);
      if (property != null) {
        properties.add(property);
      }
    }
    if (!build.clean()) {
      return null;
    }
    return new StructuredType.ObjectType(owner, List.copyOf(properties), null);
  }

  /**
   * What a {@code @Tool} method returns, written back to Claude as JSON (a {@code String} as it
   * is): any type a structured payload may have, scalars included.
   *
   * @param type the return type, not {@code void}
   * @return the type, or null when a problem was reported or a type does not compile
   */
  StructuredType toolResult(TypeMirror type, String tool, Element onMethod,
      AnnotationMirror annotation, AnnotationValue value, Report report) {
    Build build = new Build(onMethod, annotation, value, tool, report);
    if (type.getKind() == TypeKind.DECLARED
        && OPTIONAL.equals(ReturnShapes.qualifiedName(type))) {
      build.unsupported(null, "the result of " + tool, type,
          " A tool's result is sent whole, so it has no optional part: return the value itself,"
              + " or a String saying that there is none.");
      return null;
    }
    StructuredType result = build.type(type, null, "the result of " + tool);
    return result == null || !build.clean() ? null : result;
  }

  /**
   * The optional properties of a schema: those of each object in it, each record counted once
   * (the schema defines it once).
   */
  static int optionalProperties(StructuredType type) {
    return optionalProperties(type, java.util.Collections.newSetFromMap(
        new java.util.IdentityHashMap<>()));
  }

  private static int optionalProperties(StructuredType type, Set<StructuredType> seen) {
    if (type instanceof StructuredType.ListType list) {
      return optionalProperties(list.element(), seen);
    }
    if (!(type instanceof StructuredType.ObjectType object) || !seen.add(object)) {
      return 0;
    }
    int count = 0;
    for (StructuredType.Property property : object.properties()) {
      count += (property.optional() ? 1 : 0) + optionalProperties(property.type(), seen);
    }
    return count;
  }

  /** One payload's walk through its types. */
  private final class Build {
    private final Element onMethod;
    private final AnnotationMirror onAnnotation;
    private final AnnotationValue onValue;
    private final String displayName;
    private final Report report;
    private final Report.Scope scope;
    private boolean complete = true;

    /** The records being built, outermost first, with the component each is in. */
    private final Deque<Step> path = new ArrayDeque<>();

    /** Every record of the schema, each once, as the schema defines it once. */
    private final Map<String, StructuredType.ObjectType> records = new LinkedHashMap<>();

    private record Step(TypeElement record, String component) {}

    Build(Element onMethod, String displayName, Report report) {
      this(onMethod, null, null, displayName, report);
    }

    /**
     * @param onAnnotation the annotation on {@code onMethod} a problem there is marked on, or null
     * @param onValue its value a problem there is marked on, or null
     */
    Build(Element onMethod, AnnotationMirror onAnnotation, AnnotationValue onValue,
        String displayName, Report report) {
      this.onMethod = onMethod;
      this.onAnnotation = onAnnotation;
      this.onValue = onValue;
      this.displayName = displayName;
      this.report = report;
      this.scope = report.scope();
    }

    /** Reports on {@code where}; on {@code onMethod}, on its annotation value when there is one. */
    private void add(Message message, Element where, Object... args) {
      if (where == onMethod) {
        report.add(message, onMethod, onAnnotation, onValue, args);
      } else {
        report.add(message, where, args);
      }
    }

    boolean clean() {
      return complete && scope.isClean();
    }

    /**
     * The type, or null after a problem.
     *
     * @param component the component whose type it is (or whose list's element), or null for the
     *     payload
     * @param site how messages name where it is, like "component 'tags' of record Ticket"
     */
    StructuredType type(TypeMirror type, Element component, String site) {
      TypeKind kind = type.getKind();
      if (kind == TypeKind.ERROR) {
        complete = false; // Judged again next round, when it may exist; else javac reports it.
        missing.add(type.toString());
        return null;
      }
      if (kind.isPrimitive()) {
        return switch (kind) {
          case BOOLEAN -> scalar(StructuredType.ScalarKind.BOOLEAN, type);
          case INT -> scalar(StructuredType.ScalarKind.INT, type);
          case LONG -> scalar(StructuredType.ScalarKind.LONG, type);
          case DOUBLE -> scalar(StructuredType.ScalarKind.DOUBLE, type);
          case FLOAT -> unsupported(component, site, type, " Use double.");
          case CHAR -> unsupported(component, site, type, " Use String.");
          default -> unsupported(component, site, type, " Use int.");
        };
      }
      if (kind == TypeKind.ARRAY) {
        return unsupported(component, site, type, " Use List<T> instead of an array.");
      }
      if (kind == TypeKind.TYPEVAR) {
        return unsupported(component, site, type,
            " A schema is written at compile time, for concrete types: use one.");
      }
      if (kind == TypeKind.WILDCARD) {
        return unsupported(component, site, type,
            " Write the element type itself, like List<Item>, not a wildcard.");
      }
      if (kind != TypeKind.DECLARED) {
        return unsupported(component, site, type, "");
      }
      DeclaredType declared = (DeclaredType) type;
      TypeElement element = (TypeElement) declared.asElement();
      String name = element.getQualifiedName().toString();
      StructuredType.ScalarKind scalar = SCALARS.get(name);
      if (scalar != null) {
        return scalar(scalar, type);
      }
      if (name.equals(LIST)) {
        return list(declared, component, site);
      }
      if (name.equals(OPTIONAL)) {
        return unsupported(component, site, type,
            " Optional<T> is only a component's own type (an optional property), never inside"
                + " another type: a list's elements are all present, so use List<T> and leave"
                + " absent ones out.");
      }
      return switch (element.getKind()) {
        case ENUM -> enumType(element);
        case RECORD -> record(declared, element, component, site);
        default -> unsupported(component, site, type, advice(name, element));
      };
    }

    private StructuredType list(
        DeclaredType type, Element component, String site) {
      List<? extends TypeMirror> arguments = type.getTypeArguments();
      if (arguments.isEmpty()) {
        return unsupported(component, site, type,
            " A raw List does not say what it holds: write its element type, like"
                + " List<String>.");
      }
      String elements = site.startsWith("the elements of ") ? site : "the elements of " + site;
      StructuredType element = type(arguments.get(0), component, elements);
      return element == null ? null : new StructuredType.ListType(element, TypeName.get(type));
    }

    /** A component's own type: {@code Optional<T>} is an optional property of type T. */
    private StructuredType.Property property(Element component, String site,
        String description) {
      TypeMirror type = component.asType();
      String name = component.getSimpleName().toString();
      if (type.getKind() == TypeKind.DECLARED
          && OPTIONAL.equals(ReturnShapes.qualifiedName(type))) {
        List<? extends TypeMirror> arguments = ((DeclaredType) type).getTypeArguments();
        if (arguments.isEmpty()) {
          unsupported(component, site, type,
              " A raw Optional does not say what it holds: write its type, like"
                  + " Optional<String>.");
          return null;
        }
        TypeMirror argument = arguments.get(0);
        if (argument.getKind() == TypeKind.DECLARED
            && OPTIONAL.equals(ReturnShapes.qualifiedName(argument))) {
          unsupported(component, site, type,
              " A property is present or absent, so one Optional says it all: write"
                  + " Optional<T>.");
          return null;
        }
        StructuredType inner = type(argument, component, site);
        return inner == null ? null : new StructuredType.Property(name, inner, true, description);
      }
      StructuredType inner = type(type, component, site);
      return inner == null ? null : new StructuredType.Property(name, inner, false, description);
    }

    private StructuredType record(DeclaredType type, TypeElement element,
        Element component, String site) {
      String name = element.getQualifiedName().toString();
      if (!element.getTypeParameters().isEmpty()) {
        return unsupported(component, site, type,
            " A record with type parameters has no schema of its own: declare one without"
                + " them, with concrete component types.");
      }
      StructuredType done = built.get(name);
      if (done instanceof StructuredType.ObjectType object) {
        return object;
      }
      for (Step step : path) {
        if (step.record().equals(element)) {
          recursion(element);
          return null;
        }
      }
      Report.Scope own = report.scope();
      boolean wasComplete = complete;
      complete = true;
      Map<String, String> params = Javadoc.params(elements.getDocComment(element));
      List<StructuredType.Property> properties = new ArrayList<>();
      String recordName = Validator.nestedName(element);
      for (RecordComponentElement part : element.getRecordComponents()) {
        String partName = part.getSimpleName().toString();
        path.push(new Step(element, partName));
        String description = description(part);
        if (description == null) {
          description = params.get(partName);
        }
        StructuredType.Property property =
            property(part, "component '" + partName + "' of record " + recordName, description);
        path.pop();
        if (property != null) {
          properties.add(property);
        }
      }
      // A record is built only when all of its components are: no problem, no missing type.
      boolean ok = complete && own.isClean();
      complete = wasComplete && ok;
      if (!ok) {
        return null;
      }
      String description = describedOrDocumented(element);
      StructuredType.ObjectType object =
          new StructuredType.ObjectType(ClassName.get(element), List.copyOf(properties),
              description);
      built.put(name, object);
      return object;
    }

    /** Notes a record and those it contains, each once, outermost first, for the optional count. */
    void collect(StructuredType type) {
      if (type instanceof StructuredType.ObjectType object) {
        if (records.putIfAbsent(object.javaType().canonicalName(), object) == null) {
          object.properties().forEach(property -> collect(property.type()));
        }
      } else if (type instanceof StructuredType.ListType list) {
        collect(list.element());
      }
    }

    /** {@code @Description}'s text, else the javadoc's (where the source is compiled), or null. */
    private String describedOrDocumented(Element element) {
      String description = description(element);
      return description != null ? description : Javadoc.body(elements.getDocComment(element));
    }

    private StructuredType enumType(TypeElement element) {
      String name = element.getQualifiedName().toString();
      StructuredType done = built.get(name);
      if (done != null) {
        return done;
      }
      List<StructuredType.Constant> constants = new ArrayList<>();
      for (Element member : element.getEnclosedElements()) {
        if (member.getKind() == ElementKind.ENUM_CONSTANT) {
          constants.add(new StructuredType.Constant(member.getSimpleName().toString(),
              describedOrDocumented(member)));
        }
      }
      if (constants.isEmpty()) {
        add(Message.EMPTY_ENUM, at(element), Validator.nestedName(element));
        return null;
      }
      StructuredType.EnumType type =
          new StructuredType.EnumType(ClassName.get(element), List.copyOf(constants),
              describedOrDocumented(element));
      built.put(name, type);
      return type;
    }

    /**
     * Reports the cycle the path has closed, as the records meet it from the one whose name sorts
     * first, on the component that leads back to it: the same diagnostic however it is entered.
     */
    private void recursion(TypeElement closing) {
      List<Step> cycle = new ArrayList<>();
      for (var steps = path.descendingIterator(); steps.hasNext(); ) {
        Step step = steps.next();
        if (step.record().equals(closing) || !cycle.isEmpty()) {
          cycle.add(step);
        }
      }
      int first = 0;
      for (int i = 1; i < cycle.size(); i++) {
        if (cycle.get(i).record().getQualifiedName().toString()
                .compareTo(cycle.get(first).record().getQualifiedName().toString()) < 0) {
          first = i;
        }
      }
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < cycle.size(); i++) {
        Step step = cycle.get((first + i) % cycle.size());
        text.append(Validator.nestedName(step.record())).append('.').append(step.component())
            .append(" → ");
      }
      TypeElement start = cycle.get(first).record();
      text.append(Validator.nestedName(start));
      Step back = cycle.get((first + cycle.size() - 1) % cycle.size());
      Element component = componentNamed(back.record(), back.component());
      // No method in the text: a cycle is reported once, however many methods return it.
      add(Message.RECURSIVE_TYPE, component == null ? onMethod : at(component),
          Validator.nestedName(start), text);
    }

    private StructuredType scalar(StructuredType.ScalarKind kind, TypeMirror type) {
      return new StructuredType.Scalar(kind, TypeName.get(type));
    }

    private StructuredType unsupported(Element component, String site,
        TypeMirror type, String advice) {
      if (component == null) {
        add(Message.STRUCTURED_TYPE, onMethod, site, type, SUPPORTED, advice);
      } else {
        Element at = at(component);
        String where =
            at != onMethod
                ? site
                : site + (onAnnotation == null
                    ? " (marked on the method: the compiler cannot point at it)"
                    : " (marked on the @Tools value: the compiler cannot point at the class"
                        + " file)");
        add(Message.STRUCTURED_TYPE, at, where, type, SUPPORTED, advice);
      }
      return null;
    }

    /** Where a diagnostic on the element goes: where it is, or the method when it has no source. */
    private Element at(Element element) {
      Element located = locate.apply(element);
      return located == null ? onMethod : located;
    }

    int optionalCount() {
      int count = 0;
      for (StructuredType.ObjectType object : records.values()) {
        for (StructuredType.Property property : object.properties()) {
          count += property.optional() ? 1 : 0;
        }
      }
      return count;
    }

    /** Like "Ticket 20, Address 5": the records with optional components. */
    String optionalByRecord() {
      List<String> parts = new ArrayList<>();
      for (StructuredType.ObjectType object : records.values()) {
        long count = object.properties().stream().filter(StructuredType.Property::optional)
            .count();
        if (count > 0) {
          parts.add(String.join(".", object.javaType().simpleNames()) + " " + count);
        }
      }
      return String.join(", ", parts);
    }
  }

  private static RecordComponentElement componentNamed(TypeElement record, String name) {
    for (RecordComponentElement component : record.getRecordComponents()) {
      if (component.getSimpleName().contentEquals(name)) {
        return component;
      }
    }
    return null;
  }

  /** Advice for the declared types users reach for. */
  private static String advice(String name, TypeElement element) {
    if (name.equals("java.util.Map") || name.endsWith("Map")) {
      return " A JSON object with free keys needs additionalProperties, which the API refuses:"
          + " use a record with one component per key, or a List of records with key and value"
          + " components.";
    }
    if (name.equals("java.util.Set") || name.equals("java.util.Collection")
        || name.equals("java.lang.Iterable")) {
      return " Use List<T>.";
    }
    if (name.equals("java.lang.Float")) {
      return " Use Double.";
    }
    if (name.equals("java.lang.Short") || name.equals("java.lang.Byte")) {
      return " Use Integer.";
    }
    if (name.equals("java.lang.Character")) {
      return " Use String.";
    }
    if (name.equals("java.lang.Object") || element.getKind() == ElementKind.INTERFACE) {
      return " A schema needs the shape of the value: use a record (or an enum) that declares"
          + " it.";
    }
    if (name.equals("java.math.BigDecimal") || name.equals("java.math.BigInteger")) {
      return " Use double or long, or String to keep every digit.";
    }
    if (name.startsWith("java.time.")) {
      return " Use LocalDate, OffsetDateTime or Instant, or String.";
    }
    return " Use a record or an enum for a value of your own.";
  }

  /** The {@code @Description} value on the element, whitespace collapsed, or null. */
  static String description(Element element) {
    for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
      Element type = mirror.getAnnotationType().asElement();
      if (type instanceof TypeElement annotation
          && annotation.getQualifiedName().contentEquals(Names.DESCRIPTION)) {
        for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry :
            mirror.getElementValues().entrySet()) {
          if (entry.getKey().getSimpleName().contentEquals("value")
              && entry.getValue().getValue() instanceof String value) {
            String text = Javadoc.normalize(value);
            return text.isEmpty() ? null : text;
          }
        }
      }
    }
    return null;
  }
}
