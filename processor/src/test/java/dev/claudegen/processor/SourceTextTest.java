package dev.claudegen.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import javax.lang.model.element.Modifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** How text is written into generated source, before any compiler sees it. */
class SourceTextTest {

  /** Ordinary prompts, model ids and names: generated code must not change for these. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "You are a careful editor.",
        "Rate {0-",
        "quote \" apostrophe ' backslash \\ dollar $L $S",
        "tab\t backspace\b form feed\f return\r bell\u0007 unit separator\u001f",
        "two\nlines",
        "three\nlines\nhere",
        "ends with a newline\n",
        "\n",
        "\n\nblank lines\n\n",
        "a long prompt that goes well past the column limit of one hundred characters, as many do"
      })
  void ordinaryTextIsWrittenExactlyAsJavaPoetWritesIt(String text) {
    assertEquals(file(CodeBlock.of("$S", text)), file(SourceText.literal(text)));
  }

  @Test
  void lineAndParagraphSeparatorsAreEscapesNotLineBreaks() {
    // JavaPoet's $S left these raw, and its writer broke the line at them.
    assertEquals(
        "\"a\\u2028b\\u2029c\\u0085d\"", SourceText.literal("a\u2028b\u2029c\u0085d").toString());
  }

  @Test
  void nonAsciiTextLoneSurrogatesAndNulAreEscapesOfTheirUtf16Values() {
    assertEquals(
        "\"\\u00e9\\u4e2d\\ud83d\\ude00 \\ud800 \\udfff \\u0000\"",
        SourceText.literal("\u00e9\u4e2d\uD83D\uDE00 \uD800 \uDFFF \0").toString());
  }

  @Test
  void textThatReadsAsAUnicodeEscapeStaysText() {
    // "\\u000a" in source is a backslash and "u000a", not a line break: the backslash is doubled.
    assertEquals("\"\\\\u000a \\\\u0022\"", SourceText.literal("\\u000a \\u0022").toString());
  }

  @Test
  void plainCodeInJavadocIsCodeTagAsBefore() {
    assertEquals("{@code claude-sonnet-4-6}", SourceText.javadocCode("claude-sonnet-4-6"));
    assertEquals(
        "{@code claude-3-5-sonnet@20240620}", SourceText.javadocCode("claude-3-5-sonnet@20240620"));
    assertEquals("{@code a<b&c}", SourceText.javadocCode("a<b&c"));
  }

  @Test
  void otherCodeInJavadocIsHtmlWithCharacterReferences() {
    assertEquals("<code>a*&#x2F;b</code>", SourceText.javadocCode("a*/b"));
    assertEquals("<code>&#x5C;u002a/</code>", SourceText.javadocCode("\\u002a/"));
    assertEquals("<code>&#x7B;&#x40;link X&#x7D;</code>", SourceText.javadocCode("{@link X}"));
    assertEquals(
        "<code>a&#x2028;&#xE9;&#x1F600;&#xFFFD;&#xFFFD;</code>",
        SourceText.javadocCode("a\u2028\u00e9\uD83D\uDE00\uD800\0"));
  }

  /** A whole file holding the literal as a constant and in a statement, as generated code does. */
  private static String file(CodeBlock literal) {
    TypeSpec type =
        TypeSpec.classBuilder("Sample")
            .addField(
                FieldSpec.builder(String.class, "TEXT", Modifier.STATIC, Modifier.FINAL)
                    .initializer("$L", literal)
                    .build())
            .addMethod(
                MethodSpec.methodBuilder("text")
                    .returns(String.class)
                    .addStatement("$T text = $L", String.class, literal)
                    .addStatement("return text +$W$L +$W$L", literal, literal)
                    .build())
            .build();
    return JavaFile.builder("com.acme", type).indent("  ").build().toString();
  }
}
