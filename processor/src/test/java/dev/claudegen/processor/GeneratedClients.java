package dev.claudegen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import dev.claudegen.runtime.Sleeper;
import dev.claudegen.testing.FakeClaude;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;
import javax.tools.JavaFileObject;

/**
 * Builds and calls clients that the real processor generated in a test compilation. Reflection
 * here is only the test's way of reaching classes compiled at run time; the generated code itself
 * uses none.
 */
final class GeneratedClients {

  private GeneratedClients() {}

  /**
   * Compiles the source (which must compile without warnings), loads {@code generatedClass} and
   * builds it against the fake with the given key and sleeper.
   */
  static Object build(
      JavaFileObject source, String generatedClass, FakeClaude claude, Sleeper sleeper)
      throws ReflectiveOperationException {
    Compilation compilation = Compiler.compile(source);
    assertThat(compilation).succeededWithoutWarnings();
    return build(compilation, generatedClass, claude, sleeper);
  }

  /**
   * Loads {@code generatedClass} from a compilation the caller made and checked, as with other
   * options, and builds it against the fake with the given key and sleeper.
   */
  static Object build(
      Compilation compilation, String generatedClass, FakeClaude claude, Sleeper sleeper)
      throws ReflectiveOperationException {
    Class<?> generated = new CompiledClassLoader(compilation).loadClass(generatedClass);
    Object builder = generated.getMethod("builder").invoke(null);
    Class<?> builderType = builder.getClass();
    builderType.getMethod("apiKey", String.class).invoke(builder, "test-key");
    builderType.getMethod("baseUrl", String.class).invoke(builder, claude.baseUrl().toString());
    builderType.getMethod("sleeper", Sleeper.class).invoke(builder, sleeper);
    return builderType.getMethod("build").invoke(builder);
  }

  /** Loads a class the compilation wrote, with what the test's class path has. */
  static Class<?> load(Compilation compilation, String className) throws ClassNotFoundException {
    return new CompiledClassLoader(compilation).loadClass(className);
  }

  /** Calls a method of a generated client, rethrowing what the method threw. */
  static Object invoke(Object client, String name, Object... args) throws Throwable {
    for (Method method : client.getClass().getMethods()) {
      if (method.getName().equals(name) && method.getParameterCount() == args.length) {
        try {
          return method.invoke(client, args);
        } catch (InvocationTargetException e) {
          throw e.getCause();
        }
      }
    }
    throw new AssertionError("no method " + name);
  }

  /** Loads the classes a Compile Testing compilation wrote, in memory. */
  private static final class CompiledClassLoader extends ClassLoader {
    private final Map<String, JavaFileObject> classes = new HashMap<>();

    CompiledClassLoader(Compilation compilation) {
      super(GeneratedClients.class.getClassLoader());
      for (JavaFileObject file : compilation.generatedFiles()) {
        if (file.getKind() == JavaFileObject.Kind.CLASS) {
          String path = file.toUri().getPath();
          String name = path.substring(path.indexOf("/CLASS_OUTPUT/") + "/CLASS_OUTPUT/".length());
          classes.put(name.replace(".class", "").replace('/', '.'), file);
        }
      }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      JavaFileObject file = classes.get(name);
      if (file == null) {
        throw new ClassNotFoundException(name);
      }
      try (InputStream in = file.openInputStream()) {
        byte[] bytes = in.readAllBytes();
        return defineClass(name, bytes, 0, bytes.length);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
