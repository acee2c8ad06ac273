package dev.claudegen.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * The writers of a generated class, mirroring {@link StructuredReaders}: one package-private
 * {@code static} method per record its tools' results reach, over {@code
 * dev.claudegen.runtime.JsonOut}, with no reflection. A record's writer writes one property per
 * component, in component order, an empty {@code Optional} component as no property; enums,
 * scalars and lists are written by {@code JsonOut}'s own methods. What a writer writes, the
 * matching reader reads back.
 *
 * <p>Names are unique in the class as the readers' are ({@code writeTicket}, {@code
 * writeOuterTicket}, or a number), and no parameter or lambda parameter obscures a name the body
 * needs.
 */
final class StructuredWriters {

  static final ClassName JSON_OUT = ClassName.get(ClientPlan.RUNTIME, "JsonOut");

  private final ClassName self;
  private final Set<String> members;
  private final Map<ClassName, String> writerNames = new LinkedHashMap<>();
  private final List<MethodSpec> methods = new ArrayList<>();

  /**
   * @param members the names of the class's members so far; the writers' names are added
   */
  StructuredWriters(ClassName self, Set<String> members) {
    this.self = self;
    this.members = members;
  }

  /** The writer methods, in the order first needed. */
  List<MethodSpec> methods() {
    return methods;
  }

  /**
   * A {@code JsonOut.Writer} of {@code type}: a method reference, or for a list a lambda whose
   * parameters are named apart from {@code locals}.
   */
  CodeBlock writer(StructuredType type, Set<String> locals) {
    if (type instanceof StructuredType.Scalar scalar) {
      return CodeBlock.of("$T::$L", JSON_OUT, writeMethod(scalar.kind()));
    }
    if (type instanceof StructuredType.EnumType) {
      return CodeBlock.of("$T::writeEnum", JSON_OUT);
    }
    if (type instanceof StructuredType.ListType list) {
      Set<String> scope = new HashSet<>(locals);
      String out = StructuredReaders.unique(scope, "out");
      String values = StructuredReaders.unique(scope, "values");
      return CodeBlock.of(
          "($N, $N) ->$W$N.writeList($N, $L)",
          out,
          values,
          out,
          values,
          writer(list.element(), scope));
    }
    return CodeBlock.of("$T::$N", self, writerOf((StructuredType.ObjectType) type));
  }

  /** {@code writeString} for {@code readString}: the {@code JsonOut} twin of a reader method. */
  static String writeMethod(StructuredType.ScalarKind kind) {
    return "write" + kind.readMethod().substring("read".length());
  }

  /** The name of a record's writer method, written the first time it is asked. */
  private String writerOf(StructuredType.ObjectType type) {
    String name = writerNames.get(type.javaType());
    if (name != null) {
      return name;
    }
    name = StructuredReaders.uniqueMember(members, "write", type.javaType(), "");
    writerNames.put(type.javaType(), name);
    // A placeholder first, so that a record's writer comes before the writers it calls.
    int index = methods.size();
    methods.add(null);
    methods.set(index, objectWriter(type, name));
    return name;
  }

  private MethodSpec objectWriter(StructuredType.ObjectType type, String name) {
    // The parameters and lambda parameters may obscure none of the types the body names, nor
    // the packages starting their qualified names (JLS 6.4.2).
    Set<String> locals = new HashSet<>();
    StructuredReaders.reserveNames(locals, JSON_OUT);
    StructuredReaders.reserveNames(locals, self);
    StructuredReaders.reserveNames(locals, type.javaType());
    for (StructuredType.Property property : type.properties()) {
      StructuredReaders.reserveNames(locals, property.type());
    }
    String out = StructuredReaders.unique(locals, "out");
    String value = StructuredReaders.unique(locals, "value");
    MethodSpec.Builder method =
        MethodSpec.methodBuilder(name)
            .addJavadoc(
                "Writes a {@link $T} as a JSON object, as a tool's result is sent;\n"
                    + "null as JSON null.\n"
                    + "\n<p>Package-private so that tests and tools in this package can write"
                    + " JSON exactly as the\n"
                    + "client does, e.g. {@code JsonOut.write(value, $T::$N)}.\n",
                type.javaType(),
                self,
                name)
            .addModifiers(Modifier.STATIC)
            .addParameter(JSON_OUT, out)
            .addParameter(type.javaType(), value);
    method
        .beginControlFlow("if ($N == null)", value)
        .addStatement("$N.writeNull()", out)
        .addStatement("return")
        .endControlFlow();
    method.addStatement("$N.beginObject()", out);
    for (StructuredType.Property property : type.properties()) {
      CodeBlock component = CodeBlock.of("$N.$N()", value, property.name());
      CodeBlock key = SourceText.literal(property.name());
      StructuredType propertyType = property.type();
      if (property.optional()) {
        method.addStatement(
            "$N.optionalField($L, $L,$W$L)", out, key, component, writer(propertyType, locals));
      } else if (propertyType instanceof StructuredType.Scalar scalar) {
        method.addStatement(
            "$N.field($L).$L($L)", out, key, writeMethod(scalar.kind()), component);
      } else if (propertyType instanceof StructuredType.EnumType) {
        method.addStatement("$N.field($L).writeEnum($L)", out, key, component);
      } else if (propertyType instanceof StructuredType.ListType list) {
        method.addStatement(
            "$N.field($L).writeList($L,$W$L)",
            out,
            key,
            component,
            writer(list.element(), locals));
      } else {
        method.addStatement("$N.field($L)", out, key);
        method.addStatement(
            "$N($N, $L)", writerOf((StructuredType.ObjectType) propertyType), out, component);
      }
    }
    method.addStatement("$N.endObject()", out);
    return method.build();
  }
}
