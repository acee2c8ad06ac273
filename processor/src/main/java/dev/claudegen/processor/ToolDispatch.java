package dev.claudegen.processor;

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
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * The tools of a generated class: the {@code tools} JSON constants its call specs send, one
 * handler method per {@code @Tool} method (reading Claude's input into the arguments over {@code
 * JsonIn}, calling the method and writing its result), the implementations its constructor and
 * builder take, and the {@code ToolBox} each method is bound with. No reflection: every tool is
 * a direct call.
 *
 * <p>A plan without tools gets nothing here, so its class is exactly what it was before tools.
 */
final class ToolDispatch {

  static final ClassName TOOL_BOX = ClassName.get(ClientPlan.RUNTIME, "ToolBox");
  private static final ClassName OPTIONAL = ClassName.get(Optional.class);
  private static final ClassName CLAUDE_CLIENT = ClassName.get(ClientPlan.RUNTIME, "ClaudeClient");

  /**
   * The lambda parameters of the decoders, which the constructor binds with: a constructor
   * parameter may not take one ({@code client} is the constructor's own).
   */
  private static final Pattern DECODER_NAMES = Pattern.compile("client|in[0-9]*|element[0-9]*");

  /** What tells two {@code tools} arrays apart. */
  private record ToolsKey(List<ClassName> types, boolean strict, String cacheTtl) {}

  private final ClassName self;
  private final Elements elements;

  /** The implementations, one per type across all methods, in first-listed order. */
  private final Map<ClassName, ClientPlan.ToolType> implementations = new LinkedHashMap<>();

  /** Each implementation's name as a constructor parameter and builder field. */
  private final Map<ClassName, String> parameterNames = new LinkedHashMap<>();

  private final Map<ToolsKey, String> constants = new LinkedHashMap<>();
  private final List<FieldSpec> fields = new ArrayList<>();

  /** The {@code ToolBox} local of each set of types, in first-listed order. */
  private final Map<List<ClassName>, String> boxes = new LinkedHashMap<>();
  private final Map<List<ClassName>, List<ClientPlan.ToolType>> boxTypes = new LinkedHashMap<>();

  /** Each tool's handler, by type and Java method. */
  private final Map<ClassName, Map<ClientPlan.ToolPlan, String>> handlerNames =
      new LinkedHashMap<>();
  private final List<MethodSpec> handlers = new ArrayList<>();

  /**
   * @param members the names of the class's members so far; the handlers' and constants' names
   *     are added
   * @param fieldNames allocates a field's name in the class, given one unique among {@code members}
   */
  ToolDispatch(
      ClientPlan plan,
      Set<String> members,
      UnaryOperator<String> fieldNames,
      StructuredReaders readers,
      StructuredWriters writers,
      Elements elements) {
    this.self = plan.generatedName();
    this.elements = elements;
    for (ClientPlan.MethodPlan method : plan.methods()) {
      ClientPlan.ToolsPlan tools = method.tools();
      if (tools == null) {
        continue;
      }
      List<ClassName> names = new ArrayList<>();
      for (ClientPlan.ToolType type : tools.types()) {
        names.add(type.name());
        implementations.putIfAbsent(type.name(), type);
      }
      boxTypes.putIfAbsent(names, tools.types());
      ToolsKey key = new ToolsKey(names, tools.strict(), method.cacheTtl());
      if (!constants.containsKey(key)) {
        String name =
            fieldNames.apply(StructuredReaders.unique(members, constantName(names, key.cacheTtl)));
        constants.put(key, name);
        fields.add(
            FieldSpec.builder(String.class, name, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc(
                    "$L\n\n<pre>\n$L\n</pre>\n",
                    wrapped(toolsWords(names), "", 90),
                    SourceText.javadocPre(SchemaWriter.toolsPretty(tools, method.cacheTtl())))
                .initializer(
                    ClientGenerator.literalLines(
                        SchemaWriter.toolsCompactLines(tools, method.cacheTtl())))
                .build());
      }
    }
    nameConstructorLocals();
    for (ClientPlan.ToolType type : implementations.values()) {
      Map<ClientPlan.ToolPlan, String> byTool = new LinkedHashMap<>();
      for (ClientPlan.ToolPlan tool : type.tools()) {
        String name = StructuredReaders.unique(members, "run" + capitalized(tool.methodName()));
        byTool.put(tool, name);
        handlers.add(handler(type, tool, name, readers, writers));
      }
      handlerNames.put(type.name(), byTool);
    }
  }

  /** Whether any method of the plan has tools. */
  static boolean any(ClientPlan plan) {
    return plan.methods().stream().anyMatch(method -> method.tools() != null);
  }

  /** The {@code tools} constants, in the order first needed. */
  List<FieldSpec> fields() {
    return fields;
  }

  /** The handler methods. */
  List<MethodSpec> handlers() {
    return handlers;
  }

  /** The types whose implementations the client takes, in first-listed order. */
  List<ClientPlan.ToolType> implementations() {
    return List.copyOf(implementations.values());
  }

  /** The implementation's constructor parameter (and builder field). */
  String parameterName(ClientPlan.ToolType type) {
    return parameterNames.get(type.name());
  }

  /** The name of the method's {@code tools} constant; the method has tools. */
  String constant(ClientPlan.MethodPlan method) {
    return constants.get(
        new ToolsKey(typeNames(method.tools()), method.tools().strict(), method.cacheTtl()));
  }

  /** The name of the constructor's {@code ToolBox} local the method is bound with. */
  String box(ClientPlan.MethodPlan method) {
    return boxes.get(typeNames(method.tools()));
  }

  /**
   * The constructor's first statements: one {@code ToolBox} local per set of types, each tool a
   * lambda calling its handler with the implementation.
   */
  List<CodeBlock> boxStatements() {
    List<CodeBlock> statements = new ArrayList<>();
    // The lambda's parameter is named apart from the constructor's parameters and the boxes
    // declared before it; the decoders' lambdas come after and are named apart from these.
    Set<String> scope = new HashSet<>(parameterNames.values());
    scope.add("client");
    scope.addAll(boxes.values());
    String input = StructuredReaders.unique(scope, "input");
    boxes.forEach(
        (names, local) -> {
          CodeBlock.Builder chain =
              CodeBlock.builder().add("$T $N = $T.builder()", TOOL_BOX, local, TOOL_BOX);
          for (ClientPlan.ToolType type : boxTypes.get(names)) {
            handlerNames
                .get(type.name())
                .forEach(
                    (tool, handler) ->
                        chain.add(
                            "\n.add($L, $N -> $N($N, $N))",
                            SourceText.literal(tool.name()),
                            input,
                            handler,
                            parameterNames.get(type.name()),
                            input));
          }
          statements.add(chain.add("\n.build()").build());
        });
    return statements;
  }

  /**
   * Names the implementations' parameters and the boxes. In the constructor they are in scope of
   * the decoders' lambdas, so they take none of those names; nor one that would obscure a type or
   * package the constructor names (JLS 6.4.2).
   */
  private void nameConstructorLocals() {
    Set<String> taken = new HashSet<>();
    StructuredReaders.reserveNames(taken, CLAUDE_CLIENT);
    StructuredReaders.reserveNames(taken, TOOL_BOX);
    StructuredReaders.reserveNames(taken, self);
    // The builder's setters, whose parameters these are too, call java.util.Objects.
    StructuredReaders.reserveNames(taken, ClassName.get(java.util.Objects.class));
    implementations.keySet().forEach(name -> StructuredReaders.reserveNames(taken, name));
    for (ClassName name : implementations.keySet()) {
      String base = decapitalized(name.simpleName());
      if (DECODER_NAMES.matcher(base).matches() || !SourceVersion.isName(base)) {
        base = base + "Tools";
      }
      parameterNames.put(name, StructuredReaders.unique(taken, base));
    }
    for (List<ClassName> names : boxTypes.keySet()) {
      boxes.put(names, StructuredReaders.unique(taken, "toolBox"));
    }
  }

  /**
   * {@code private static String runLookupOrder(OrderTools tools, JsonIn in) throws Exception}:
   * reads the input object as a record's reader does (properties by name, unknown ones skipped,
   * an absent {@code Optional} one empty), calls the method with the arguments in order, and
   * returns what the {@code tool_result} carries.
   */
  private MethodSpec handler(
      ClientPlan.ToolType type,
      ClientPlan.ToolPlan tool,
      String name,
      StructuredReaders readers,
      StructuredWriters writers) {
    StructuredType.ObjectType input = tool.input();
    Set<String> locals = new HashSet<>();
    StructuredReaders.reserveNames(locals, StructuredReaders.JSON_IN);
    StructuredReaders.reserveNames(locals, StructuredWriters.JSON_OUT);
    StructuredReaders.reserveNames(locals, OPTIONAL);
    StructuredReaders.reserveNames(locals, self);
    StructuredReaders.reserveNames(locals, type.name());
    for (StructuredType.Property property : input.properties()) {
      StructuredReaders.reserveNames(locals, property.type());
    }
    if (tool.result() != null) {
      StructuredReaders.reserveNames(locals, tool.result());
    }
    String tools = StructuredReaders.unique(locals, "tools");
    String in = StructuredReaders.unique(locals, "in");
    String field = StructuredReaders.unique(locals, "field");
    MethodSpec.Builder method =
        MethodSpec.methodBuilder(name)
            .addJavadoc(
                "Runs the tool {@code $L}:\n$L\nwith the arguments read from the input object"
                    + " {@code $N} is at\n(unknown properties skipped); returns $L.\n",
                tool.name(),
                link(type.name(), tool),
                in,
                resultDoc(tool.result()))
            .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
            .returns(String.class)
            .addParameter(type.name(), tools)
            .addParameter(StructuredReaders.JSON_IN, in)
            .addException(Exception.class);
    List<CodeBlock> arguments =
        readers.readProperties(method, input.properties(), in, field, locals);
    method.addStatement("$N.endObject()", in);
    CodeBlock call =
        CodeBlock.of(
            "$L.$N($L)",
            isStatic(type, tool) ? CodeBlock.of("$T", type.name()) : CodeBlock.of("$N", tools),
            tool.methodName(),
            CodeBlock.join(arguments, ",$W"));
    StructuredType result = tool.result();
    if (result == null) {
      method.addStatement("$L", call);
      method.addStatement("return null");
    } else if (isString(result)) {
      method.addStatement("return $L", call);
    } else {
      method.addStatement(
          "return $T.write($L,$W$L)", StructuredWriters.JSON_OUT, call, writers.writer(result,
              locals));
    }
    return method.build();
  }

  /** Whether the tool's method is static: then it is called on its type, not the instance. */
  private boolean isStatic(ClientPlan.ToolType type, ClientPlan.ToolPlan tool) {
    TypeElement element = type.element();
    if (element == null) {
      return false;
    }
    boolean found = false;
    for (ExecutableElement method : ElementFilter.methodsIn(elements.getAllMembers(element))) {
      if (method.getSimpleName().contentEquals(tool.methodName())
          && method.getParameters().size() == tool.input().properties().size()) {
        if (!method.getModifiers().contains(Modifier.STATIC)) {
          return false;
        }
        found = true;
      }
    }
    return found;
  }

  private static boolean isString(StructuredType type) {
    return type instanceof StructuredType.Scalar scalar
        && scalar.kind() == StructuredType.ScalarKind.STRING;
  }

  private static String resultDoc(StructuredType result) {
    if (result == null) {
      return "no content (the method is {@code void})";
    }
    return isString(result) ? "the method's text as it is" : "the method's result as JSON";
  }

  /** {@code {@link OrderTools#lookupOrder(String, Optional)}}, with erased parameter types. */
  static CodeBlock link(ClassName type, ClientPlan.ToolPlan tool) {
    CodeBlock.Builder link = CodeBlock.builder().add("{@link $T#$L(", type, tool.methodName());
    List<StructuredType.Property> properties = tool.input().properties();
    for (int i = 0; i < properties.size(); i++) {
      StructuredType.Property property = properties.get(i);
      TypeName erased =
          property.optional() ? OPTIONAL : erased(property.type().javaType());
      link.add(i == 0 ? "$T" : ", $T", erased);
    }
    return link.add(")}").build();
  }

  /**
   * The words joined by spaces, a line break (then {@code indent}) before any word that would
   * take its line past {@code width} columns: javadoc is not wrapped by JavaPoet. A word's width
   * is estimated from its qualified names, so lines err short.
   */
  static CodeBlock wrapped(List<CodeBlock> words, String indent, int width) {
    CodeBlock.Builder text = CodeBlock.builder();
    int column = 0;
    for (int i = 0; i < words.size(); i++) {
      int length = words.get(i).toString().length();
      if (i > 0 && column + 1 + length > width) {
        text.add("\n$L", indent);
        column = indent.length();
      } else if (i > 0) {
        text.add(" ");
        column++;
      }
      text.add(words.get(i));
      column += length;
    }
    return text.build();
  }

  /** The plain words of {@code text}, for {@link #wrapped}. */
  static List<CodeBlock> words(String text) {
    List<CodeBlock> words = new ArrayList<>();
    for (String word : text.split(" ")) {
      words.add(CodeBlock.of("$L", word));
    }
    return words;
  }

  private static TypeName erased(TypeName type) {
    return type instanceof ParameterizedTypeName parameterized ? parameterized.rawType() : type;
  }

  /** "The tools of {@link A}, {@link B} and {@link C}, sent in the request's tools:". */
  private static List<CodeBlock> toolsWords(List<ClassName> names) {
    List<CodeBlock> words = words("The tools of");
    for (int i = 0; i < names.size(); i++) {
      String after = i == names.size() - 1 ? "," : i == names.size() - 2 ? " and" : ",";
      words.add(CodeBlock.of("{@link $T}$L", names.get(i), after));
    }
    words.addAll(words("sent in the request's {@code tools}:"));
    return words;
  }

  /**
   * {@code ORDER_TOOLS} for {@code OrderTools}, {@code WEATHER_TOOLS} for {@code Weather}, the
   * types' names joined for several, {@code _CACHED} after them when the last tool is marked.
   */
  private static String constantName(List<ClassName> names, String cacheTtl) {
    List<String> parts = new ArrayList<>();
    names.forEach(name -> parts.add(StructuredReaders.constantCase(name.simpleName())));
    String joined = String.join("_", parts);
    if (!joined.endsWith("TOOLS")) {
      joined = joined + "_TOOLS";
    }
    return cacheTtl == null ? joined : joined + "_CACHED";
  }

  private static List<ClassName> typeNames(ClientPlan.ToolsPlan tools) {
    List<ClassName> names = new ArrayList<>();
    tools.types().forEach(type -> names.add(type.name()));
    return names;
  }

  static String capitalized(String name) {
    return name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1);
  }

  static String decapitalized(String name) {
    return name.substring(0, 1).toLowerCase(Locale.ROOT) + name.substring(1);
  }
}
