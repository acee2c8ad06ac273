package dev.claudegen.processor;

import com.palantir.javapoet.ClassName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
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
  private final ParameterRoles roles;
  private final EndpointChecks endpoints;
  private final ModelLookup models;
  private final StructuredTypes structured;
  private final ToolChecks tools;
  private final BatchPlanner batches;

  Validator(Elements elements, Types types, ModelLookup models) {
    this(elements, types, models, element -> element);
  }

  /**
   * @param locate the element a diagnostic on an element is printed on, or null when it has no
   *     source here to point at (a class file)
   */
  Validator(Elements elements, Types types, ModelLookup models,
      UnaryOperator<Element> locate) {
    this.types = types;
    this.models = models;
    this.structured = new StructuredTypes(elements, locate);
    this.tools = new ToolChecks(elements, structured, locate);
    this.stringType = elements.getTypeElement("java.lang.String").asType();
    this.roles = new ParameterRoles(types);
    this.endpoints = new EndpointChecks(models);
    this.batches = new BatchPlanner(elements);
  }

  /**
   * The types the structured types named that do not exist (yet), as written; the plan is empty
   * when there are any.
   */
  Set<String> missingTypes() {
    return structured.missingTypes();
  }

  /**
   * Checks the interface.
   *
   * @return the plan, or empty when the report holds an error
   * @throws AnnotationView.ErroneousValueException when an annotation value does not compile
   */
  Optional<ClientPlan> validate(Declaration.Interface declared, Report report)
      throws AnnotationView.ErroneousValueException {
    Report.Scope scope = report.scope();
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
    // The interface's settings are checked here, so that they are reported even with no method,
    // and again with each method that uses them: the report prints each problem once.
    Reporter onInterface = Reporter.onOwnElement(report);
    endpoints.check(endpoint, onInterface);
    if (declared.thinking() != null) {
      ThinkingChecks.budget(declared.thinking(), onInterface);
    }
    RetryChecks.check(declared.retries(), nestedName(iface), onInterface);
    PromptTemplate system = parse(declared.systemPrompt(), "SystemPrompt", onInterface);
    warnIfBlank(system, declared.systemPrompt(), nestedName(iface), onInterface);
    if (declared.cacheControl() != null) {
      CacheChecks.ttl(declared.cacheControl(), onInterface);
    }
    reportAmbiguous(declared, report);

    List<ClientPlan.MethodPlan> methods = new ArrayList<>();
    for (Declaration.Method method : declared.methods()) {
      methods.add(validateMethod(method, declared, report));
    }
    // A plan with no return plan had a structured type that does not compile (javac reports it).
    if (!scope.isClean() || methods.stream().anyMatch(method -> method.returns() == null)) {
      return Optional.empty();
    }
    ClassName ifaceName = ClassName.get(iface);
    ClassName generatedName =
        ClassName.get(
            ifaceName.packageName(), "Claude" + String.join("_", ifaceName.simpleNames()));
    return Optional.of(new ClientPlan(
        iface, ifaceName, generatedName, iface.getModifiers().contains(Modifier.PUBLIC), methods,
        batches.plan(iface, generatedName.simpleName(), methods)));
  }

  /** Checks one method; its plan is good when no error was reported for it. */
  private ClientPlan.MethodPlan validateMethod(
      Declaration.Method method, Declaration.Interface declared, Report report)
      throws AnnotationView.ErroneousValueException {
    Site site = new Site(declared.element(), method, report);
    Reporter reporter = site.reporter();
    String displayName = displayName(method);

    if (!method.element().getTypeParameters().isEmpty()) {
      site.report(Message.GENERIC_METHOD, displayName,
          names(method.element().getTypeParameters()));
    }
    String name = method.element().getSimpleName().toString();
    if (method.parameters().isEmpty() && (name.equals("create") || name.equals("builder"))) {
      site.report(Message.RESERVED_METHOD_NAME, displayName, name);
    }
    ReturnShapes.Shape shape =
        ReturnShapes.classify(method.returnType(), (payload, asItems) ->
            structured.root(payload, asItems, site.element(), displayName, report));
    if (!shape.isSupported()) {
      site.report(Message.UNSUPPORTED_RETURN_TYPE, displayName, method.returnType(),
          ReturnShapes.ACCEPTED, shape.problem());
    }
    List<ClientPlan.ParameterPlan> parameters = new ArrayList<>();
    Declaration.Parameter conversation = null;
    Set<String> promptValues = new HashSet<>();
    boolean conversationMistyped = false;
    for (Declaration.Parameter parameter : method.parameters()) {
      ParameterRoles.Classified role = roles.classify(parameter.type());
      if (!role.isSupported()) {
        site.reportOn(parameter.element(), Message.UNSUPPORTED_PARAMETER_TYPE,
            parameter.name(), displayName, parameter.type(), ParameterRoles.ACCEPTED,
            role.problem());
        conversationMistyped |= ParameterRoles.meantAsConversation(parameter.type());
      } else if (role.role() == ParameterRoles.Role.PROMPT) {
        promptValues.add(parameter.name());
      } else if (conversation != null) {
        site.reportOn(parameter.element(), Message.CONVERSATION_TWICE, parameter.name(),
            displayName, conversation.name());
      } else {
        conversation = parameter;
      }
      parameters.add(
          new ClientPlan.ParameterPlan(
              parameter.name(),
              parameter.type(),
              !parameter.type().getKind().isPrimitive(),
              types.isSameType(parameter.type(), stringType)));
    }

    EndpointChecks.Endpoint endpoint =
        endpoints.check(
            method.endpoint() != null ? method.endpoint() : declared.endpoint(), reporter);
    if (shape.isSupported()) {
      // Per method: methods sharing an endpoint may call in different modes. The report prints
      // an interface endpoint's problem once.
      EndpointChecks.forMode(endpoint, shape.mode(), reporter);
    }
    if (shape.structured()) {
      structuredOutputs(endpoint, displayName, reporter);
    }
    ClientPlan.Settings settings = endpoint.settings();
    AnnotationView thinking = method.thinking() != null ? method.thinking() : declared.thinking();
    if (thinking != null) {
      int budget = ThinkingChecks.budget(thinking, reporter);
      ThinkingChecks.withEndpoint(thinking, budget, endpoint, reporter);
      settings = settings.withThinkingBudget(budget);
    }
    List<ClientPlan.RetryPlan> retries =
        method.retries().isEmpty()
            ? RetryChecks.check(declared.retries(), nestedName(declared.element()), reporter)
            : RetryChecks.check(method.retries(), displayName, reporter);

    // After a wrong template or placeholder, "unused parameter" is usually the same mistake
    // seen twice.
    Report.Scope prompts = report.scope();
    PromptTemplate system =
        method.systemPrompt() != null
            ? parse(method.systemPrompt(), "SystemPrompt", reporter)
            : parse(declared.systemPrompt(), "SystemPrompt", reporter);
    // A blank @SystemPrompt on a method is how it turns off the interface's: no warning then.
    if (method.systemPrompt() != null && declared.systemPrompt() == null) {
      warnIfBlank(system, method.systemPrompt(), displayName, reporter);
    }

    String conversationName = conversation == null ? null : conversation.name();
    Set<String> parameterNames =
        parameters.stream().map(ClientPlan.ParameterPlan::name)
            .filter(parameter -> !parameter.equals(conversationName))
            .collect(Collectors.toCollection(LinkedHashSet::new));
    Set<String> used = new LinkedHashSet<>();
    if (conversation != null) {
      used.add(conversationName);
    }
    bind(system, method.systemPrompt(), "SystemPrompt", parameterNames, conversationName,
        displayName, site, used);

    PromptTemplate user;
    AnnotationView userPrompt = method.userPrompt();
    if (userPrompt != null) {
      user = parse(userPrompt, "UserPrompt", reporter);
      if (user != null && user.placeholders().isEmpty() && !user.hasText()) {
        String value = userPrompt.string("value");
        reporter.on(Message.EMPTY_USER_PROMPT, userPrompt, "value", Message.quote(value),
            value.isEmpty() ? "empty" : "only whitespace");
      }
    } else if (conversation == null) {
      if (parameters.size() == 1 && parameters.get(0).isString()) {
        user = PromptTemplate.ofParameter(parameters.get(0).name());
      } else {
        // Message... or List<String> is a conversation once its type is right, and a
        // conversation alone is a whole input: "no user prompt" would be the same mistake again.
        if (!conversationMistyped) {
          site.report(Message.NO_USER_PROMPT, displayName);
        }
        user = null;
      }
    } else {
      // The conversation is the input. As without one, a single String parameter no prompt uses
      // is the user's message: the final turn after the conversation.
      List<ClientPlan.ParameterPlan> stranded =
          parameters.stream().filter(parameter -> promptValues.contains(parameter.name())
              && !used.contains(parameter.name())).toList();
      user = null;
      if (stranded.size() == 1 && stranded.get(0).isString()) {
        user = PromptTemplate.ofParameter(stranded.get(0).name());
      } else if (!stranded.isEmpty()) {
        String names = stranded.stream().map(parameter -> "'" + parameter.name() + "'")
            .collect(Collectors.joining(", "));
        String which = (stranded.size() == 1 ? "parameter " : "parameters ") + names;
        String placeholders = stranded.stream().map(parameter -> "{" + parameter.name() + "}")
            .collect(Collectors.joining(" "));
        site.reportOn(conversation.element(), Message.CONVERSATION_WITHOUT_USER_TURN,
            displayName, conversationName, which, placeholders, which);
      }
    }
    bind(user, userPrompt, "UserPrompt", parameterNames, conversationName, displayName, site,
        used);
    if (prompts.isClean()) {
      for (Declaration.Parameter parameter : method.parameters()) {
        if (!used.contains(parameter.name())) {
          site.reportOn(parameter.element(), Message.UNUSED_PARAMETER, parameter.name(),
              displayName, parameter.name());
        }
      }
    }
    AnnotationView toolsAnnotation = method.tools() != null ? method.tools() : declared.tools();
    ClientPlan.ToolsPlan toolsPlan = null;
    if (toolsAnnotation != null) {
      if (shape.isSupported() && shape.mode().streaming()) {
        site.report(Message.TOOLS_ON_STREAMING, displayName, method.returnType());
      }
      StructuredType output =
          shape.plan() != null
                  && shape.plan().payload() instanceof ClientPlan.ReturnPlan.Structured payload
              ? payload.root().type()
              : null;
      toolsPlan =
          tools.plan(site.listing(toolsAnnotation), strictTools(endpoint), output,
              ClassName.get(declared.element()).packageName());
    }
    AnnotationView cache =
        method.cacheControl() != null ? method.cacheControl() : declared.cacheControl();
    String cacheTtl = null;
    if (cache != null) {
      cacheTtl = CacheChecks.ttl(cache, reporter);
      CacheChecks.prefix(cache, displayName, system, toolsPlan, conversationName,
          endpoint.model(), endpoint.modelName(), reporter);
    }
    return new ClientPlan.MethodPlan(
        method.element(),
        method.element().getSimpleName().toString(),
        shape.plan(),
        parameters,
        displayName,
        settings,
        system,
        conversationName,
        user,
        retries,
        toolsPlan,
        cacheTtl);
  }

  /**
   * Whether tools are sent strict (decision 2): when the model and every fallback model have
   * structured outputs, which the API's strict tool use needs. A model the catalog does not know
   * (reported, or allowed as a warning) makes them not strict.
   */
  private static boolean strictTools(EndpointChecks.Endpoint endpoint) {
    return endpoint.model() != null
        && endpoint.model().structuredOutputs()
        && endpoint.fallbacks().size() == endpoint.settings().fallbackModels().size()
        && endpoint.fallbacks().stream().allMatch(fallback -> fallback.model().structuredOutputs());
  }

  /**
   * A structured method sends {@code output_config.format}, which only models with structured
   * outputs accept: the model and each fallback model must have them. A model the catalog does
   * not know (reported, or allowed as a warning) is not judged.
   *
   * <p>The API's other incompatible combinations (§1.12) cannot be written: claudegen has no
   * citations, and no prefill (a conversation that ends with an assistant turn is refused at run
   * time). {@code @Thinking} is allowed: grammars do not apply to thinking.
   */
  private void structuredOutputs(EndpointChecks.Endpoint endpoint, String displayName,
      Reporter reporter) {
    if (endpoint.model() != null && !endpoint.model().structuredOutputs()) {
      reporter.on(Message.NO_STRUCTURED_OUTPUTS, endpoint.annotation(), "model", "model",
          endpoint.modelName(), displayName, models.withStructuredOutputs());
    }
    for (EndpointChecks.Fallback fallback : endpoint.fallbacks()) {
      if (!fallback.model().structuredOutputs()) {
        reporter.at(Message.FALLBACK_CANNOT_SERVE, endpoint.annotation(), fallback.value(),
            fallback.name(), "it has no structured outputs (its catalog entry lacks"
                + " \"structuredOutputs\": true), and " + displayName + " returns a structured"
                + " type");
      }
    }
  }

  /**
   * Checks that every placeholder names a parameter, and notes which parameters are used.
   *
   * @param prompt the method's own annotation, or null when the template comes from the interface
   *     (then the method is marked, since the interface's annotation is right for other methods)
   * @param parameterNames the prompt values' names (the conversation is not one)
   * @param conversation the conversation parameter's name, or null
   */
  private void bind(
      PromptTemplate template,
      AnnotationView prompt,
      String annotation,
      Set<String> parameterNames,
      String conversation,
      String displayName,
      Site site,
      Set<String> used) {
    if (template == null) {
      return;
    }
    for (String placeholder : template.placeholders()) {
      if (placeholder.equals(conversation)) {
        Object[] args = {annotation, placeholder, placeholder, displayName, placeholder};
        if (prompt == null) {
          site.report(Message.CONVERSATION_IN_TEMPLATE, args);
        } else {
          site.reporter().on(Message.CONVERSATION_IN_TEMPLATE, prompt, "value", args);
        }
        continue;
      }
      if (parameterNames.contains(placeholder)) {
        used.add(placeholder);
        continue;
      }
      Object[] args = {annotation, placeholder, displayName, placeholder,
          suggestion(placeholder, parameterNames)};
      if (prompt == null) {
        site.report(Message.UNKNOWN_PLACEHOLDER, args);
      } else {
        site.reporter().on(Message.UNKNOWN_PLACEHOLDER, prompt, "value", args);
      }
    }
  }

  /** A system prompt with no placeholder and no text is not sent: worth a warning. */
  private static void warnIfBlank(PromptTemplate system, AnnotationView prompt, String owner,
      Reporter reporter) throws AnnotationView.ErroneousValueException {
    if (system != null && system.placeholders().isEmpty() && !system.hasText()) {
      String value = prompt.string("value");
      reporter.on(Message.BLANK_SYSTEM_PROMPT, prompt, "value", Message.quote(value), owner,
          value.isEmpty() ? "empty" : "only whitespace");
    }
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
   * Parses a template.
   *
   * @return the template; null when there is no annotation, or when it cannot be read (reported)
   */
  private static PromptTemplate parse(AnnotationView prompt, String annotation, Reporter reporter)
      throws AnnotationView.ErroneousValueException {
    if (prompt == null) {
      return null;
    }
    try {
      return PromptTemplate.parse(prompt.string("value"));
    } catch (PromptTemplate.SyntaxException e) {
      reporter.on(Message.BAD_TEMPLATE, prompt, "value", annotation, e.getMessage());
      return null;
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
    return nestedName(method.declaredIn()) + "." + signature(method);
  }

  /** Like {@code ask(String)}: the name and erased parameter types. */
  private String signature(Declaration.Method method) {
    StringBuilder name = new StringBuilder().append(method.element().getSimpleName()).append('(');
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
   * Reports methods the client would have to implement twice: the same signature inherited from
   * two super-interfaces, neither overriding the other. Java forbids two such methods in one
   * interface, so only inheritance can bring them together; the interface must redeclare the
   * method to say which prompts it uses.
   */
  private void reportAmbiguous(Declaration.Interface declared, Report report) {
    Map<String, Declaration.Method> seen = new HashMap<>();
    TypeElement iface = declared.element();
    for (Declaration.Method method : declared.methods()) {
      String signature = signature(method);
      Declaration.Method first = seen.putIfAbsent(signature, method);
      if (first != null) {
        report.add(Message.AMBIGUOUS_METHOD, iface, nestedName(iface), signature,
            nestedName(first.declaredIn()), nestedName(method.declaredIn()), nestedName(iface));
      }
    }
  }

  /**
   * Where a method's problems are reported: on the method and its annotations when the interface
   * declares it; on the interface when it is inherited, since the super-interface may be a
   * compiled class with no source to point at. A problem with one of the interface's own
   * annotations is reported on that annotation.
   */
  private static final class Site {
    private final TypeElement iface;
    private final Declaration.Method method;
    private final Report report;

    Site(TypeElement iface, Declaration.Method method, Report report) {
      this.iface = iface;
      this.method = method;
      this.report = report;
    }

    boolean isInherited() {
      return !method.declaredIn().equals(iface);
    }

    /** The method, or the interface when the method is inherited. */
    Element element() {
      return isInherited() ? iface : method.element();
    }

    /** On the method (or the interface, when inherited). */
    void report(Message message, Object... args) {
      report.add(message, isInherited() ? iface : method.element(), args);
    }

    /** On an attribute of an annotation of the method or the interface. */
    Reporter reporter() {
      return new Reporter() {
        @Override
        public void at(Message message, AnnotationView annotation, AnnotationValue value,
            Object... args) {
          if (annotation.element().equals(iface)) {
            report.add(message, iface, annotation.mirror(), value, args);
          } else if (isInherited()) {
            report.add(message, iface, args);
          } else {
            report.add(message, method.element(), annotation.mirror(), value, args);
          }
        }

        @Override
        public Report.Scope scope() {
          return report.scope();
        }
      };
    }

    /**
     * Where problems with a {@code @Tools} listing go: on its values, on the interface's
     * annotation or the method's; on the interface when the method is inherited.
     */
    ToolChecks.Listing listing(AnnotationView tools) {
      if (tools.element().equals(iface) || !isInherited()) {
        return new ToolChecks.Listing(tools, tools.element(), tools.mirror(), report);
      }
      return new ToolChecks.Listing(tools, iface, null, report);
    }

    /** On a parameter (or the interface, when inherited). */
    void reportOn(Element parameter, Message message, Object... args) {
      report.add(message, isInherited() ? iface : parameter, args);
    }
  }
}
