package dev.claudegen.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.lang.model.element.Modifier;

/**
 * Writes a client's Message Batches from its {@link ClientPlan.BatchesPlan}: the static accessor,
 * the builder's method, the {@code Batches} class and one draft class per batchable method. Every
 * name comes from the plan; each {@code add} is made of the same prompt code the method's
 * implementation is.
 */
final class BatchGenerator {

  private static final String RUNTIME = ClientPlan.RUNTIME;
  private static final ClassName CLAUDE_CLIENT = ClassName.get(RUNTIME, "ClaudeClient");
  private static final ClassName BATCH_METHOD = ClassName.get(RUNTIME, "BatchMethod");
  private static final ClassName BATCH_DRAFT = ClassName.get(RUNTIME, "BatchDraft");
  private static final ClassName MESSAGE_BATCH = ClassName.get(RUNTIME, "MessageBatch");

  /** The API's pattern for a {@code custom_id}, as the runtime checks it. */
  private static final String CUSTOM_ID_PATTERN = "^[a-zA-Z0-9_-]{1,64}$";

  private final ClientPlan plan;
  private final ClientPlan.BatchesPlan batches;
  private final ClientGenerator links;
  private final Map<ClientPlan.MethodPlan, String> constants;
  private final Map<ClientPlan.MethodPlan, CodeBlock> decoders;
  private final ClassName batchesName;

  /**
   * @param constants each method's {@code CallSpec} constant
   * @param decoders each method's decoder expression, as the client's constructor binds it
   */
  BatchGenerator(
      ClientPlan plan,
      ClientGenerator links,
      Map<ClientPlan.MethodPlan, String> constants,
      Map<ClientPlan.MethodPlan, CodeBlock> decoders) {
    this.plan = plan;
    this.batches = Objects.requireNonNull(plan.batches());
    this.links = links;
    this.constants = constants;
    this.decoders = decoders;
    this.batchesName = plan.generatedName().nestedClass(batches.className());
  }

  /** The client's static accessor. */
  MethodSpec accessor() {
    return MethodSpec.methodBuilder(batches.accessor())
        .addJavadoc(
            "Message Batches of this interface's plain methods, configured from the annotations"
                + " and the\nenvironment, as {@link #create()} is: half price, results within 24"
                + " hours.\n\n"
                + "@throws IllegalStateException when no API key is set in the environment\n")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(batchesName)
        .addStatement("return builder().batches()")
        .build();
  }

  /** The builder's {@code batches()}. */
  MethodSpec builderMethod() {
    return MethodSpec.methodBuilder("batches")
        .addJavadoc(
            "The Message Batches API with this builder's settings.\n\n"
                + "@throws IllegalStateException when no API key is set here or in the"
                + " environment\n")
        .addModifiers(Modifier.PUBLIC)
        .returns(batchesName)
        .addStatement("return new $T(buildClient())", batchesName)
        .build();
  }

  /** The {@code Batches} class, then the draft classes. */
  List<TypeSpec> types() {
    List<TypeSpec> types = new ArrayList<>();
    types.add(batchesClass());
    batches.entries().forEach(entry -> types.add(draftClass(entry)));
    return types;
  }

  private TypeSpec batchesClass() {
    CodeBlock.Builder doc =
        CodeBlock.builder()
            .add(
                "The Message Batches of {@link $T}: many calls of its plain methods\n"
                    + "submitted as one batch, run by the API at half price, each result within"
                    + " 24 hours.\n",
                plan.ifaceName())
            .add(
                "\n<p>One batch holds calls of one method: start one with a method here\n"
                    + "(like {@link #$N()}), add each call with its {@code custom_id} and the\n"
                    + "method's parameters, then {@link $T#submit() submit()} it. Persist\n"
                    + "{@link $T#id()} and resume the batch from it\n"
                    + "(with {@link #$N(String)}),\n"
                    + "in this process or another, to await it and read its results, matched"
                    + " by\n{@code custom_id}. More than {@value $T#MAX_REQUESTS} requests, or a"
                    + " body\nabove {@value $T#MAX_BYTES} bytes, are submitted as several"
                    + " batches under one id.\n",
                batches.entries().get(0).starter(),
                BATCH_DRAFT,
                MESSAGE_BATCH,
                batches.entries().get(0).resume(),
                BATCH_DRAFT,
                BATCH_DRAFT);
    if (!batches.excluded().isEmpty()) {
      doc.add("\n<p>Not batched (a batch request gets one reply, unstreamed):\n<ul>\n");
      for (ClientPlan.Unbatchable excluded : batches.excluded()) {
        doc.add("  <li>$L $L\n", links.link(plan, excluded.method()), excluded.reason());
      }
      doc.add("</ul>\n");
    }
    if (batches.renamed()) {
      doc.add(
          "\n<p>Names: a method's batch is started by a method of its name, resumed by {@code"
              + " resume<Name>}\nand put together in {@code <Name>Batch}; where such a name is"
              + " taken (by an overload, another\nmethod, a type or a parameter), a number is"
              + " added to it, from 2, in declaration order.\n");
    }
    TypeSpec.Builder type =
        TypeSpec.classBuilder(batchesName)
            .addJavadoc(doc.build())
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL);
    MethodSpec.Builder constructor =
        MethodSpec.constructorBuilder()
            .addModifiers(Modifier.PRIVATE)
            .addParameter(CLAUDE_CLIENT, "client");
    for (ClientPlan.BatchEntry entry : batches.entries()) {
      TypeName payload = entry.method().returns().payload().type();
      type.addField(
          ParameterizedTypeName.get(BATCH_METHOD, payload),
          entry.field(),
          Modifier.PRIVATE,
          Modifier.FINAL);
      constructor.addStatement(
          "this.$N = client.batch($N,$W$L)",
          entry.field(),
          constants.get(entry.method()),
          decoders.get(entry.method()));
    }
    type.addMethod(constructor.build());
    for (ClientPlan.BatchEntry entry : batches.entries()) {
      ClassName draft = plan.generatedName().nestedClass(entry.draftClass());
      TypeName payload = entry.method().returns().payload().type();
      CodeBlock link = links.link(plan, entry.method());
      type.addMethod(
          MethodSpec.methodBuilder(entry.starter())
              .addJavadoc("A new, empty batch of $L calls.\n", link)
              .addModifiers(Modifier.PUBLIC)
              .returns(draft)
              .addStatement("return new $T(this.$N)", draft, entry.field())
              .build());
      type.addMethod(
          MethodSpec.methodBuilder(entry.resume())
              .addJavadoc(
                  "The batch of $L calls submitted as {@code batchId}\n"
                      + "(its {@link $T#id()}), in this process or another.\n"
                      + "Nothing is sent until it is asked for its status or results.\n\n"
                      + "@throws IllegalArgumentException when {@code batchId} is not such an"
                      + " id\n",
                  link,
                  MESSAGE_BATCH)
              .addModifiers(Modifier.PUBLIC)
              .returns(ParameterizedTypeName.get(MESSAGE_BATCH, payload))
              .addParameter(String.class, "batchId")
              .addStatement("return this.$N.resume(batchId)", entry.field())
              .build());
    }
    return type.build();
  }

  private TypeSpec draftClass(ClientPlan.BatchEntry entry) {
    ClassName draft = plan.generatedName().nestedClass(entry.draftClass());
    TypeName payload = entry.method().returns().payload().type();
    CodeBlock link = links.link(plan, entry.method());
    MethodSpec.Builder add =
        MethodSpec.methodBuilder("add")
            .addJavadoc(
                "Adds a call of $L\nas the batch request {@code $L}.\n\n"
                    + "@return this batch\n"
                    + "@throws IllegalArgumentException when {@code $L} does not match\n"
                    + "    {@code $L} or is already in this batch,\n"
                    + "    or the prompt is one the API would refuse\n"
                    + "@throws IllegalStateException after {@link #submit()}\n",
                link,
                entry.customId(),
                entry.customId(),
                CUSTOM_ID_PATTERN)
            .addModifiers(Modifier.PUBLIC)
            .returns(draft)
            .addParameter(String.class, entry.customId());
    for (ClientPlan.ParameterPlan parameter : entry.method().parameters()) {
      add.addParameter(
          TypeName.get(parameter.type()), entry.parameterNames().get(parameter.name()));
    }
    add.addStatement(
        "$T.requireNonNull($N, $L)",
        Objects.class,
        entry.customId(),
        SourceText.literal("customId"));
    ClientGenerator.promptStatements(
        add,
        entry.method(),
        entry.parameterNames(),
        entry.prompt(),
        6,
        parameter -> CodeBlock.of("nullParameter($L)", parameter));
    add.addStatement("addPrompt($N, $N)", entry.customId(), entry.prompt())
        .addStatement("return this");
    return TypeSpec.classBuilder(draft)
        .addJavadoc(
            "A batch of $L calls being put together;\n{@link #submit()} creates it.\n", link)
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
        .superclass(ParameterizedTypeName.get(BATCH_DRAFT, payload))
        .addMethod(
            MethodSpec.constructorBuilder()
                .addModifiers(Modifier.PRIVATE)
                .addParameter(ParameterizedTypeName.get(BATCH_METHOD, payload), "method")
                .addStatement("super(method)")
                .build())
        .addMethod(add.build())
        .build();
  }
}
