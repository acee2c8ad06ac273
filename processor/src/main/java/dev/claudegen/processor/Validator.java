package dev.claudegen.processor;

import com.palantir.javapoet.ClassName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Checks a {@link Declaration} and reports every problem it finds, on the element and attribute
 * at fault, before it gives up; returns a {@link ClientPlan} only when nothing is wrong.
 */
final class Validator {

  private final Types types;
  private final TypeMirror stringType;
  private final TypeMirror charSequenceType;

  Validator(Elements elements, Types types) {
    this.types = types;
    this.stringType = elements.getTypeElement("java.lang.String").asType();
    this.charSequenceType = elements.getTypeElement("java.lang.CharSequence").asType();
  }

  /**
   * Checks the interface.
   *
   * @return the plan, or null when the report holds an error
   * @throws AnnotationView.ErroneousValueException when an annotation value does not compile
   */
  ClientPlan validate(Declaration.Interface declared, Report report)
      throws AnnotationView.ErroneousValueException {
    TypeElement iface = declared.element();
    AnnotationView endpoint = declared.endpoint();
    if (!iface.getTypeParameters().isEmpty()) {
      report.add(
          Message.GENERIC_INTERFACE,
          iface,
          endpoint.mirror(),
          null,
          nestedName(iface),
          names(iface.getTypeParameters()));
    }
    if (isPrivate(iface)) {
      report.add(Message.PRIVATE_INTERFACE, iface, endpoint.mirror(), null, nestedName(iface));
    }
    Map<AnnotationView, PromptTemplate> parsed = new HashMap<>();
    ClientPlan.Settings interfaceSettings = settings(endpoint, on(report));
    PromptTemplate interfaceSystem =
        parse(declared.systemPrompt(), "SystemPrompt", parsed, on(report));

    List<ClientPlan.MethodPlan> methods = new ArrayList<>();
    for (Declaration.Method method : declared.methods()) {
      ClientPlan.MethodPlan plan =
          validateMethod(declared, method, interfaceSettings, interfaceSystem, parsed, report);
      if (plan != null) {
        methods.add(plan);
      }
    }
    if (report.hasErrors()) {
      return null;
    }
    ClassName ifaceName = ClassName.get(iface);
    ClassName generatedName =
        ClassName.get(
            ifaceName.packageName(), "Claude" + String.join("_", ifaceName.simpleNames()));
    return new ClientPlan(
        iface, ifaceName, generatedName, iface.getModifiers().contains(Modifier.PUBLIC), methods);
  }

  private ClientPlan.MethodPlan validateMethod(
      Declaration.Interface declared,
      Declaration.Method method,
      ClientPlan.Settings interfaceSettings,
      PromptTemplate interfaceSystem,
      Map<AnnotationView, PromptTemplate> parsed,
      Report report)
      throws AnnotationView.ErroneousValueException {
    Site site = new Site(declared.element(), method);
    Reporter reporter = (message, annotation, attribute, args) ->
        site.report(report, message, annotation, attribute, args);
    String displayName = displayName(method);
    boolean ok = true;

    if (!method.element().getTypeParameters().isEmpty()) {
      site.report(report, Message.GENERIC_METHOD, null, null, displayName,
          names(method.element().getTypeParameters()));
      ok = false;
    }
    String name = method.element().getSimpleName().toString();
    if (method.parameters().isEmpty() && (name.equals("create") || name.equals("builder"))) {
      site.report(report, Message.RESERVED_METHOD_NAME, null, null, displayName, name);
      ok = false;
    }
    if (!types.isSameType(method.returnType(), stringType)) {
      site.report(report, Message.UNSUPPORTED_RETURN_TYPE, null, null, displayName,
          method.returnType());
      ok = false;
    }
    List<ClientPlan.ParameterPlan> parameters = new ArrayList<>();
    for (Declaration.Parameter parameter : method.parameters()) {
      if (!isPromptable(parameter.type())) {
        site.reportOn(report, parameter.element(), Message.UNSUPPORTED_PARAMETER_TYPE,
            parameter.name(), displayName, parameter.type());
        ok = false;
      }
      parameters.add(
          new ClientPlan.ParameterPlan(
              parameter.name(),
              parameter.type(),
              !parameter.type().getKind().isPrimitive(),
              types.isSameType(parameter.type(), stringType)));
    }

    ClientPlan.Settings settings =
        method.endpoint() != null ? settings(method.endpoint(), reporter) : interfaceSettings;
    AnnotationView thinking = method.thinking() != null ? method.thinking() : declared.thinking();
    if (settings != null && thinking != null) {
      settings = settings.withThinkingBudget(thinking.integer("budgetTokens"));
    }

    PromptTemplate system =
        method.systemPrompt() != null
            ? parse(method.systemPrompt(), "SystemPrompt", parsed, reporter)
            : interfaceSystem;
    PromptTemplate user;
    AnnotationView userPrompt = method.userPrompt();
    if (userPrompt != null) {
      user = parse(userPrompt, "UserPrompt", parsed, reporter);
      if (user == null) {
        ok = false;
      }
    } else if (parameters.size() == 1 && parameters.get(0).isString()) {
      user = PromptTemplate.ofParameter(parameters.get(0).name());
    } else {
      site.report(report, Message.NO_USER_PROMPT, null, null, displayName);
      user = null;
      ok = false;
    }
    if (method.systemPrompt() != null && system == null) {
      ok = false;
    }

    Set<String> parameterNames =
        parameters.stream().map(ClientPlan.ParameterPlan::name)
            .collect(Collectors.toCollection(LinkedHashSet::new));
    Set<String> used = new LinkedHashSet<>();
    ok &= bind(system, method.systemPrompt(), "SystemPrompt", parameterNames, displayName, site,
        report, used);
    ok &= bind(user, userPrompt, "UserPrompt", parameterNames, displayName, site, report, used);
    // After a wrong placeholder, "unused parameter" is usually the same mistake seen twice.
    if (ok && user != null) {
      for (Declaration.Parameter parameter : method.parameters()) {
        if (!used.contains(parameter.name())) {
          site.reportOn(report, parameter.element(), Message.UNUSED_PARAMETER, parameter.name(),
              displayName, parameter.name());
        }
      }
    }
    if (!ok || settings == null) {
      return null;
    }
    return new ClientPlan.MethodPlan(
        method.element(),
        method.element().getSimpleName().toString(),
        method.returnType(),
        parameters,
        displayName,
        settings,
        system,
        user);
  }

  /**
   * Checks that every placeholder names a parameter, and notes which parameters are used.
   *
   * @param prompt the method's own annotation, or null when the template comes from the interface
   *     (then the method is marked, since the interface's annotation is right for other methods)
   */
  private boolean bind(
      PromptTemplate template,
      AnnotationView prompt,
      String annotation,
      Set<String> parameterNames,
      String displayName,
      Site site,
      Report report,
      Set<String> used) {
    if (template == null) {
      return true;
    }
    boolean ok = true;
    for (String placeholder : template.placeholders()) {
      if (parameterNames.contains(placeholder)) {
        used.add(placeholder);
        continue;
      }
      ok = false;
      site.report(report, Message.UNKNOWN_PLACEHOLDER, prompt, "value", annotation, placeholder,
          displayName, placeholder, suggestion(placeholder, parameterNames));
    }
    return ok;
  }

  private static String suggestion(String placeholder, Set<String> parameterNames) {
    if (parameterNames.isEmpty()) {
      return "; it has no parameters.";
    }
    List<String> near = EditDistance.nearest(placeholder, parameterNames, 2, 1);
    if (!near.isEmpty()) {
      return "; did you mean {" + near.get(0) + "}?";
    }
    return "; its parameters are " + String.join(", ", parameterNames) + ".";
  }

  /**
   * Parses a template once per annotation (an interface's system prompt serves many methods, and
   * its syntax error is reported once).
   *
   */
  private static PromptTemplate parse(
      AnnotationView prompt, String annotation, Map<AnnotationView, PromptTemplate> parsed,
      Reporter reporter) throws AnnotationView.ErroneousValueException {
    if (prompt == null) {
      return null;
    }
    if (parsed.containsKey(prompt)) {
      return parsed.get(prompt);
    }
    PromptTemplate template;
    try {
      template = PromptTemplate.parse(prompt.string("value"));
    } catch (PromptTemplate.SyntaxException e) {
      reporter.report(Message.BAD_TEMPLATE, prompt, "value", annotation, e.getMessage());
      template = null;
    }
    parsed.put(prompt, template);
    return template;
  }

  /** Reports a problem with an attribute of an annotation. */
  @FunctionalInterface
  private interface Reporter {
    void report(Message message, AnnotationView annotation, String attribute, Object... args);
  }

  /** Reports on the annotation's own element, attribute marked. */
  private static Reporter on(Report report) {
    return (message, annotation, attribute, args) ->
        report.add(message, annotation.element(), annotation.mirror(),
            annotation.written(attribute), args);
  }

  /**
   * Reads and checks request settings.
   *
   * @return the settings, or null when a value is wrong
   */
  private ClientPlan.Settings settings(AnnotationView endpoint, Reporter reporter) throws AnnotationView.ErroneousValueException {
    boolean ok = true;
    String model = endpoint.string("model");
    if (model.isBlank()) {
      reporter.report(Message.EMPTY_MODEL, endpoint, "model");
      ok = false;
    }
    int maxTokens = endpoint.integer("maxTokens");
    if (maxTokens < 1) {
      reporter.report(Message.MAX_TOKENS_TOO_SMALL, endpoint, "maxTokens", maxTokens);
      ok = false;
    }
    String timeout = endpoint.string("timeout");
    long timeoutMillis = -1;
    if (!timeout.isEmpty()) {
      timeoutMillis = Durations.parseMillis(timeout);
      if (timeoutMillis <= 0) {
        reporter.report(Message.BAD_DURATION, endpoint, "timeout", "timeout", timeout);
        ok = false;
      }
    }
    String baseUrl = endpoint.string("baseUrl");
    if (!ok) {
      return null;
    }
    return new ClientPlan.Settings(
        model,
        maxTokens,
        endpoint.decimal("temperature"),
        endpoint.decimal("topP"),
        endpoint.integer("topK"),
        endpoint.strings("stopSequences"),
        timeoutMillis,
        baseUrl.isEmpty() ? null : baseUrl,
        endpoint.string("apiKeyEnv"),
        endpoint.string("apiVersion"),
        endpoint.strings("fallbackModels"),
        0);
  }

  private boolean isPromptable(TypeMirror type) {
    TypeKind kind = type.getKind();
    if (kind.isPrimitive()) {
      return true;
    }
    if (kind != TypeKind.DECLARED) {
      return false;
    }
    if (types.isSameType(type, stringType) || types.isSameType(type, charSequenceType)) {
      return true;
    }
    try {
      types.unboxedType(type);
      return true;
    } catch (IllegalArgumentException notABox) {
      return ((DeclaredType) type).asElement().getKind() == ElementKind.ENUM;
    }
  }

  private static boolean isPrivate(TypeElement type) {
    for (Element e = type; e instanceof TypeElement; e = e.getEnclosingElement()) {
      if (e.getModifiers().contains(Modifier.PRIVATE)) {
        return true;
      }
    }
    return false;
  }

  private static String names(List<? extends Element> elements) {
    return elements.stream().map(e -> e.getSimpleName().toString()).collect(Collectors.joining(", "));
  }

  /** {@code Outer.Inner}: the name without its package. */
  static String nestedName(TypeElement type) {
    return String.join(".", ClassName.get(type).simpleNames());
  }

  private String displayName(Declaration.Method method) {
    StringBuilder name =
        new StringBuilder(nestedName(method.declaredIn()))
            .append('.')
            .append(method.element().getSimpleName())
            .append('(');
    for (int i = 0; i < method.parameters().size(); i++) {
      if (i > 0) {
        name.append(", ");
      }
      TypeMirror erased = types.erasure(method.parameters().get(i).type());
      Element element = types.asElement(erased);
      name.append(element instanceof TypeElement t ? nestedName(t) : erased.toString());
    }
    return name.append(')').toString();
  }

  /**
   * Where a method's problems are reported: on the method and its annotations when the interface
   * declares it; on the interface when it is inherited, since the super-interface may be a
   * compiled class with no source to point at.
   */
  private static final class Site {
    private final TypeElement iface;
    private final Declaration.Method method;

    Site(TypeElement iface, Declaration.Method method) {
      this.iface = iface;
      this.method = method;
    }

    boolean isInherited() {
      return !method.declaredIn().equals(iface);
    }

    /** On an attribute of one of the method's annotations, or on the method. */
    void report(Report report, Message message, AnnotationView annotation, String attribute,
        Object... args) {
      if (isInherited()) {
        report.add(message, iface, args);
      } else if (annotation != null) {
        report.add(message, method.element(), annotation.mirror(), annotation.written(attribute),
            args);
      } else {
        report.add(message, method.element(), args);
      }
    }

    /** On a parameter (or the interface, when inherited). */
    void reportOn(Report report, Element parameter, Message message, Object... args) {
      report.add(message, isInherited() ? iface : parameter, args);
    }
  }
}
