package dev.claudegen.processor;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Modifier;

/**
 * The readers of a generated class: one package-private {@code static} method per record and enum
 * its structured payloads reach (so that tests and tools in the interface's package can read JSON
 * exactly as the client does), over {@code dev.claudegen.runtime.JsonIn}, with no reflection. A
 * record's reader loops over the object's fields, switching on their names, and calls the
 * canonical constructor; an enum's reads one of its constants (case-insensitively, in the
 * runtime) from a {@code private static final} array of them, made once.
 *
 * <p>Every name here is unique in the class whatever the types are called: two records of one
 * simple name (nested in different classes, or in different packages) get {@code readTicket} and
 * {@code readOuterTicket}, or a number. A local is named after its property unless that would
 * obscure a name the body needs ({@code in}, a type's simple name or a package's first segment).
 */
final class StructuredReaders implements ClientPlan.ReturnPlan.Readers {

  static final ClassName JSON_IN = ClassName.get(ClientPlan.RUNTIME, "JsonIn");
  private static final ClassName OPTIONAL = ClassName.get(Optional.class);

  /** The javadoc line telling a reader's user why it is not private. */
  private static final String PACKAGE_NOTE =
      "\n<p>Package-private so that tests and tools in this package can read JSON exactly as the\n"
          + "client does, e.g. {@code JsonIn.parse(json, $T::$N)}.\n";

  private final ClassName self;
  private final Set<String> members;
  private final Map<ClassName, String> readerNames = new LinkedHashMap<>();
  private final Map<ClassName, String> constantNames = new LinkedHashMap<>();
  private final List<MethodSpec> methods = new ArrayList<>();
  private final List<FieldSpec> fields = new ArrayList<>();

  /**
   * @param members the names of the class's members so far; the readers' names are added
   */
  StructuredReaders(ClassName self, Set<String> members) {
    this.self = self;
    this.members = members;
  }

  /** The enums' constant arrays, in the order first needed. */
  List<FieldSpec> fields() {
    return fields;
  }

  /** The reader methods, in the order first needed. */
  List<MethodSpec> methods() {
    return methods;
  }

  @Override
  public CodeBlock root(StructuredType.Root root, Set<String> locals) {
    if (root.wrapper() == null) {
      return reader(root.type(), locals);
    }
    Set<String> scope = new HashSet<>(locals);
    String in = unique(scope, "in");
    return CodeBlock.of(
        "$N -> $N.readWrapped($L, $L)",
        in,
        in,
        SourceText.literal(root.wrapper()),
        reader(root.type(), scope));
  }

  /**
   * A {@code JsonIn.Reader} of {@code type}: a method reference, or for a list a lambda whose
   * parameter is named apart from {@code locals}.
   */
  @Override
  public CodeBlock reader(StructuredType type, Set<String> locals) {
    if (type instanceof StructuredType.Scalar scalar) {
      return CodeBlock.of("$T::$L", JSON_IN, scalar.kind().readMethod());
    }
    if (type instanceof StructuredType.ListType list) {
      Set<String> scope = new HashSet<>(locals);
      String in = unique(scope, "element");
      return CodeBlock.of("$N ->$W$N.readList($L)", in, in, reader(list.element(), scope));
    }
    return CodeBlock.of("$T::$N", self, readerOf(type));
  }

  /**
   * The expression that reads {@code type} from {@code in}, the reader at the value; any lambda
   * parameter in it is named apart from {@code locals}.
   */
  CodeBlock read(StructuredType type, String in, Set<String> locals) {
    if (type instanceof StructuredType.Scalar scalar) {
      return CodeBlock.of("$N.$L()", in, scalar.kind().readMethod());
    }
    if (type instanceof StructuredType.ListType list) {
      return CodeBlock.of("$N.readList($L)", in, reader(list.element(), locals));
    }
    return CodeBlock.of("$N($N)", readerOf(type), in);
  }

  /** The name of the reader method of a record or enum, written the first time it is asked. */
  private String readerOf(StructuredType type) {
    ClassName javaType = (ClassName) type.javaType();
    String name = readerNames.get(javaType);
    if (name != null) {
      return name;
    }
    name = uniqueMember("read", javaType, "");
    readerNames.put(javaType, name);
    if (type instanceof StructuredType.EnumType enumType) {
      methods.add(enumReader(enumType, name));
    } else {
        // A placeholder first, so that a record's reader comes before the readers it calls.
      int index = methods.size();
      methods.add(null);
      methods.set(index, objectReader((StructuredType.ObjectType) type, name));
    }
    return name;
  }

  private MethodSpec enumReader(StructuredType.EnumType type, String name) {
    String constants = constantName(type.javaType());
    return MethodSpec.methodBuilder(name)
        .addJavadoc(
            "Reads a {@link $T} from the JSON string {@code in} is at, in any case.\n"
                + PACKAGE_NOTE,
            type.javaType(),
            self,
            name)
        .addModifiers(Modifier.STATIC)
        .returns(type.javaType())
        .addParameter(JSON_IN, "in")
        .addStatement("return in.readEnum($N)", constants)
        .build();
  }

  /** {@code PRIORITY_CONSTANTS}, declared the first time: {@code values()} copies each call. */
  private String constantName(ClassName type) {
    String name = constantNames.get(type);
    if (name == null) {
      name = uniqueMember("", type, "_CONSTANTS");
      constantNames.put(type, name);
      fields.add(
          FieldSpec.builder(
                  ArrayTypeName.of(type), name, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
              .initializer("$T.values()", type)
              .build());
    }
    return name;
  }

  private MethodSpec objectReader(StructuredType.ObjectType type, String name) {
    // The body names these types, and packages starting their qualified names when JavaPoet
    // qualifies one: no local may obscure them (JLS 6.4.2).
    Set<String> locals = new HashSet<>(List.of("in", "field"));
    reserveNames(locals, JSON_IN);
    reserveNames(locals, OPTIONAL);
    reserveNames(locals, self);
    reserveNames(locals, type.javaType());
    for (StructuredType.Property property : type.properties()) {
      reserveNames(locals, property.type());
    }
    MethodSpec.Builder method =
        MethodSpec.methodBuilder(name)
            .addJavadoc(
                "Reads a {@link $T} from the JSON object {@code in} is at.\n" + PACKAGE_NOTE,
                type.javaType(),
                self,
                name)
            .addModifiers(Modifier.STATIC)
            .returns(type.javaType())
            .addParameter(JSON_IN, "in");
    List<String> names = declareLocals(method, type.properties(), locals);
    String result = unique(locals, resultName(type.javaType()));
    List<CodeBlock> arguments = readLoop(method, type.properties(), names, "in", "field", locals);
    method.addStatement(
        "$T $N = new $T($L)",
        type.javaType(),
        result,
        type.javaType(),
        CodeBlock.join(arguments, ",$W"));
    method.addStatement("in.endObject()");
    method.addStatement("return $N", result);
    return method.build();
  }

  /**
   * Writes into {@code method} the locals of an object's properties and the loop that reads the
   * object {@code in} is at into them, skipping unknown fields; returns the properties' values in
   * order, each required one checked with {@code in.required}. Shared by records' readers and
   * tools' handlers, whose input objects are read alike. The caller ends the object.
   *
   * @param field the loop variable's name
   * @param locals the names taken in the method; the locals' names are added
   */
  List<CodeBlock> readProperties(
      MethodSpec.Builder method,
      List<StructuredType.Property> properties,
      String in,
      String field,
      Set<String> locals) {
    return readLoop(
        method, properties, declareLocals(method, properties, locals), in, field, locals);
  }

  /** A local per property, named apart from {@code locals}: an {@code Optional} empty, or null. */
  private static List<String> declareLocals(
      MethodSpec.Builder method, List<StructuredType.Property> properties, Set<String> locals) {
    List<String> names = new ArrayList<>();
    for (StructuredType.Property property : properties) {
      String local = unique(locals, property.name());
      names.add(local);
      TypeName valueType = property.type().javaType().box();
      if (property.optional()) {
        method.addStatement(
            "$T $N = $T.empty()", ParameterizedTypeName.get(OPTIONAL, valueType), local, OPTIONAL);
      } else {
        method.addStatement("$T $N = null", valueType, local);
      }
    }
    return names;
  }

  /** The loop reading the object into the locals {@code names}; the properties' values. */
  private List<CodeBlock> readLoop(
      MethodSpec.Builder method,
      List<StructuredType.Property> properties,
      List<String> names,
      String in,
      String field,
      Set<String> locals) {
    method.addStatement("$N.beginObject()", in);
    method.beginControlFlow(
        "for (String $N = $N.nextField(); $N != null; $N = $N.nextField())",
        field, in, field, field, in);
    if (properties.isEmpty()) {
      method.addStatement("$N.skipValue()", in);
    } else {
      method.beginControlFlow("switch ($N)", field);
      for (int i = 0; i < properties.size(); i++) {
        StructuredType.Property property = properties.get(i);
        CodeBlock value =
            property.optional()
                ? CodeBlock.of("$N.readOptional($L)", in, reader(property.type(), locals))
                : read(property.type(), in, locals);
        method.addStatement(
            "case $L -> $N = $L", SourceText.literal(property.name()), names.get(i), value);
      }
      method.addStatement("default -> $N.skipValue()", in);
      method.endControlFlow();
    }
    method.endControlFlow();
    List<CodeBlock> arguments = new ArrayList<>();
    for (int i = 0; i < properties.size(); i++) {
      StructuredType.Property property = properties.get(i);
      arguments.add(
          property.optional()
              ? CodeBlock.of("$N", names.get(i))
              : CodeBlock.of(
                  "$N.required($N, $L)", in, names.get(i), SourceText.literal(property.name())));
    }
    return arguments;
  }

  /** The simple names (and package first segments) of the classes {@code type} names. */
  static void reserveNames(Set<String> names, StructuredType type) {
    if (type instanceof StructuredType.ListType list) {
      reserveNames(names, ClassName.get(List.class));
      reserveNames(names, list.element());
    } else if (type.javaType() instanceof ClassName className) {
      reserveNames(names, className);
    }
  }

  static void reserveNames(Set<String> names, ClassName type) {
    names.addAll(type.simpleNames());
    if (!type.packageName().isEmpty()) {
      names.add(type.packageName().split("\\.", 2)[0]);
    }
  }

  /** {@code ticket} for a {@code Ticket}, unless that is no name (a keyword, like {@code Int}). */
  private static String resultName(ClassName type) {
    String simple = type.simpleName();
    String name = simple.substring(0, 1).toLowerCase(Locale.ROOT) + simple.substring(1);
    return SourceVersion.isName(name) ? name : "value";
  }

  /**
   * A member name for {@code type}: its simple name, else its simple names from the outermost
   * class, else either with a number; as a method name after {@code prefix}, else in upper case.
   */
  private String uniqueMember(String prefix, ClassName type, String suffix) {
    return uniqueMember(members, prefix, type, suffix);
  }

  /** {@link #uniqueMember(String, ClassName, String)} among {@code members}, which it joins. */
  static String uniqueMember(Set<String> members, String prefix, ClassName type, String suffix) {
    List<String> candidates =
        List.of(type.simpleName(), String.join("", type.simpleNames()));
    for (String candidate : candidates) {
      String name = memberName(prefix, candidate, suffix);
      if (members.add(name)) {
        return name;
      }
    }
    String base = memberName(prefix, candidates.get(1), suffix);
    for (int n = 2; ; n++) {
      if (members.add(base + n)) {
        return base + n;
      }
    }
  }

  private static String memberName(String prefix, String simpleName, String suffix) {
    return prefix.isEmpty() ? constantCase(simpleName) + suffix : prefix + simpleName + suffix;
  }

  /** {@code TicketList} as {@code TICKET_LIST}. */
  static String constantCase(String name) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isUpperCase(c) && i > 0 && !Character.isUpperCase(name.charAt(i - 1))) {
        out.append('_');
      }
      out.append(Character.toUpperCase(c));
    }
    return out.toString().toUpperCase(Locale.ROOT);
  }

  /** {@code base}, or {@code base2}, {@code base3} ... whichever {@code taken} lacks; added. */
  static String unique(Set<String> taken, String base) {
    if (taken.add(base)) {
      return base;
    }
    for (int n = 2; ; n++) {
      if (taken.add(base + n)) {
        return base + n;
      }
    }
  }
}
