package dev.claudegen.runtime;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The tools one method's calls may run, by name: what a generated client binds a method with
 * when it has {@code @Tools}. The tools' definitions (names, descriptions, input schemas) are
 * sent from {@link CallSpec#toolsJson()}, written at compile time; this holds the code that runs
 * them.
 *
 * <pre>{@code
 * ToolBox tools = ToolBox.builder()
 *     .add("lookupOrder", input -> runLookupOrder(orderTools, input))
 *     .build();
 * }</pre>
 */
public final class ToolBox {

  private final Map<String, ToolHandler> handlers;

  private ToolBox(Map<String, ToolHandler> handlers) {
    this.handlers = Collections.unmodifiableMap(new LinkedHashMap<>(handlers));
  }

  /** Starts a tool box. */
  public static Builder builder() {
    return new Builder();
  }

  /** The handler of the tool named {@code name}, or null when there is none. */
  public ToolHandler handler(String name) {
    return handlers.get(name);
  }

  /** The tools' names, in the order added. */
  public List<String> names() {
    return new ArrayList<>(handlers.keySet());
  }

  @Override
  public String toString() {
    return "ToolBox" + handlers.keySet();
  }

  /** Builds a {@link ToolBox}. */
  public static final class Builder {
    private final Map<String, ToolHandler> handlers = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Adds a tool.
     *
     * @throws IllegalArgumentException when a tool of that name was added already
     */
    public Builder add(String name, ToolHandler handler) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(handler, "handler");
      if (handlers.putIfAbsent(name, handler) != null) {
        throw new IllegalArgumentException("two tools named '" + name + "'");
      }
      return this;
    }

    /** The tool box. */
    public ToolBox build() {
      return new ToolBox(handlers);
    }
  }
}
