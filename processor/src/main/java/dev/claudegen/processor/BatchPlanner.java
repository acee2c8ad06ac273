package dev.claudegen.processor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * Plans a client's Message Batches: which methods can be batched, and every name the generated
 * batch code needs, allocated apart from each other and from the names that code refers to.
 */
final class BatchPlanner {

  /** No-argument methods of {@code Object}, which a {@code Batches} method may not be named. */
  private static final Set<String> OBJECT_METHODS =
      Set.of("getClass", "hashCode", "equals", "clone", "toString", "notify", "notifyAll", "wait",
          "finalize");

  /**
   * Simple names the generated code refers to as types or packages: a nested class of that name
   * would force them to be qualified, and a parameter of that name would obscure them.
   */
  private static final Set<String> REFERENCED =
      Set.of("Prompt", "dev", "java", "Objects", "MessageBatch", "BatchMethod", "BatchDraft",
          "ClaudeClient", "ReplyDecoder", "StructuredDecoder", "JsonIn", "Reply", "Parsed",
          "Builder", "String");

  private final Elements elements;

  BatchPlanner(Elements elements) {
    this.elements = elements;
  }

  /** The plan, or null when no method can be batched. */
  ClientPlan.BatchesPlan plan(
      TypeElement iface, String generatedSimpleName, List<ClientPlan.MethodPlan> methods) {
    List<ClientPlan.MethodPlan> batchable = new ArrayList<>();
    List<ClientPlan.Unbatchable> excluded = new ArrayList<>();
    for (ClientPlan.MethodPlan method : methods) {
      String reason = reason(method);
      if (reason == null) {
        batchable.add(method);
      } else {
        excluded.add(new ClientPlan.Unbatchable(method, reason));
      }
    }
    if (batchable.isEmpty()) {
      return null;
    }
    boolean[] renamed = {false};

    // The client's static accessor: apart from every method the class has or inherits.
    Set<String> clientMethods = new HashSet<>(OBJECT_METHODS);
    clientMethods.addAll(List.of("create", "builder"));
    for (Element member : ElementFilter.methodsIn(elements.getAllMembers(iface))) {
      clientMethods.add(member.getSimpleName().toString());
    }
    String accessor = pick(clientMethods, "batches", List.of("messageBatches"), renamed);

    // Nested classes: apart from the enclosing classes, the interface's member types and the
    // referenced names, compared ignoring case (each becomes a class file).
    Set<String> classes = new HashSet<>();
    classes.add(lower(generatedSimpleName));
    for (TypeElement outer = iface; outer != null; ) {
      classes.add(lower(outer.getSimpleName().toString()));
      Element enclosing = outer.getEnclosingElement();
      outer = enclosing instanceof TypeElement type ? type : null;
    }
    for (Element member : elements.getAllMembers(iface)) {
      if (member.getKind().isClass() || member.getKind().isInterface()
          || member.getKind() == ElementKind.RECORD) {
        classes.add(lower(member.getSimpleName().toString()));
      }
    }
    REFERENCED.forEach(name -> classes.add(lower(name)));
    String className = pickIgnoringCase(classes, "Batches", renamed);

    // The Batches class's methods, one namespace; fields apart from the names it refers to.
    Set<String> batchesMethods = new HashSet<>(OBJECT_METHODS);
    Set<String> fields = new HashSet<>(REFERENCED);
    fields.add(generatedSimpleName);
    fields.add("client");
    Map<ClientPlan.MethodPlan, String> starters = new HashMap<>();
    Map<String, Integer> overloads = new HashMap<>();
    Map<ClientPlan.MethodPlan, Integer> numbers = new HashMap<>();
    for (ClientPlan.MethodPlan method : batchable) {
      numbers.put(method, overloads.merge(method.name(), 1, Integer::sum));
    }
    // First each name's first method claims it, then overloads are numbered.
    for (ClientPlan.MethodPlan method : batchable) {
      if (numbers.get(method) == 1 && batchesMethods.add(method.name())) {
        starters.put(method, method.name());
      }
    }
    for (ClientPlan.MethodPlan method : batchable) {
      if (!starters.containsKey(method)) {
        starters.put(method, numbered(batchesMethods, method.name(), numbers.get(method)));
        renamed[0] |= numbers.get(method) == 1;
      }
    }
    List<ClientPlan.BatchEntry> entries = new ArrayList<>();
    for (ClientPlan.MethodPlan method : batchable) {
      int number = numbers.get(method);
      String suffix = number == 1 ? "" : String.valueOf(number);
      String capitalised = capitalise(method.name());
      String resume = numbered(batchesMethods, "resume" + capitalised, number);
      String draft = numberedIgnoringCase(classes, capitalised + "Batch", number);
      renamed[0] |=
          !resume.equals("resume" + capitalised + suffix)
              || !draft.equals(capitalised + "Batch" + suffix);
      String field = numbered(fields, starters.get(method) + "Method", 1);
      // add's names: the method's parameters as declared unless they would obscure a referenced
      // name, then customId and the prompt local apart from them.
      Set<String> locals = new HashSet<>(REFERENCED);
      Map<String, String> parameterNames = new LinkedHashMap<>();
      for (ClientPlan.ParameterPlan parameter : method.parameters()) {
        parameterNames.put(parameter.name(), numbered(locals, parameter.name(), 1));
      }
      String customId = numbered(locals, "customId", 1);
      renamed[0] |= !customId.equals("customId");
      String prompt = numbered(locals, "prompt", 1);
      entries.add(
          new ClientPlan.BatchEntry(
              method, field, starters.get(method), resume, draft, customId, parameterNames,
              prompt));
    }
    return new ClientPlan.BatchesPlan(accessor, className, entries, excluded, renamed[0]);
  }

  /** Why a method gets no batch entry, or null when it gets one. */
  static String reason(ClientPlan.MethodPlan method) {
    List<String> reasons = new ArrayList<>();
    if (method.returns().mode().streaming()) {
      reasons.add("streams");
    }
    if (method.returns().mode() == ClientPlan.ReturnPlan.Mode.ASYNC) {
      reasons.add("returns a CompletableFuture");
    }
    if (method.tools() != null) {
      reasons.add("has @Tools");
    }
    return reasons.isEmpty() ? null : String.join(" and ", reasons);
  }

  /** {@code base}, else the first alternative free, else {@code base2}, {@code base3}... */
  private static String pick(
      Set<String> taken, String base, List<String> alternatives, boolean[] renamed) {
    if (taken.add(base)) {
      return base;
    }
    renamed[0] = true;
    for (String alternative : alternatives) {
      if (taken.add(alternative)) {
        return alternative;
      }
    }
    return numbered(taken, base, 2);
  }

  /** {@code base}, else {@code base2}, {@code base3}..., unique in {@code taken} ignoring case. */
  private static String pickIgnoringCase(Set<String> lowerTaken, String base, boolean[] renamed) {
    if (lowerTaken.add(lower(base))) {
      return base;
    }
    renamed[0] = true;
    for (int n = 2; ; n++) {
      if (lowerTaken.add(lower(base + n))) {
        return base + n;
      }
    }
  }

  /** {@link #numbered} among lower-case names, comparing ignoring case. */
  private static String numberedIgnoringCase(Set<String> lowerTaken, String base, int from) {
    if (from <= 1 && lowerTaken.add(lower(base))) {
      return base;
    }
    for (int n = Math.max(from, 2); ; n++) {
      if (lowerTaken.add(lower(base + n))) {
        return base + n;
      }
    }
  }

  /** {@code base} (when {@code from} is 1), else {@code base<from>}, {@code base<from + 1>}... */
  private static String numbered(Set<String> taken, String base, int from) {
    if (from <= 1 && taken.add(base)) {
      return base;
    }
    for (int n = Math.max(from, 2); ; n++) {
      if (taken.add(base + n)) {
        return base + n;
      }
    }
  }

  private static String capitalise(String name) {
    int first = name.codePointAt(0);
    int upper = Character.toUpperCase(first);
    return Character.isJavaIdentifierStart(upper)
        ? new StringBuilder().appendCodePoint(upper).append(name.substring(Character.charCount(first)))
            .toString()
        : name;
  }

  private static String lower(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
