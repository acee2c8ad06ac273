package dev.claudegen.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import java.util.List;

/**
 * A structured payload's type as its JSON schema sees it, checked: what {@code SchemaWriter}
 * writes as the schema and the generator reads back with {@code dev.claudegen.runtime.JsonIn}.
 * Built by {@code StructuredTypes} from a record, an enum or a {@code List} of them; every value
 * here has passed validation.
 */
sealed interface StructuredType {

  /** The Java type a reader of this JSON value returns. */
  TypeName javaType();

  /** A JSON string, number or boolean. */
  record Scalar(ScalarKind kind, TypeName javaType) implements StructuredType {}

  /** The scalar component types, with their JSON type, {@code format} and reader method. */
  enum ScalarKind {
    STRING("string", null, "readString"),
    BOOLEAN("boolean", null, "readBoolean"),
    INT("integer", null, "readInt"),
    LONG("integer", null, "readLong"),
    DOUBLE("number", null, "readDouble"),
    LOCAL_DATE("string", "date", "readLocalDate"),
    OFFSET_DATE_TIME("string", "date-time", "readOffsetDateTime"),
    INSTANT("string", "date-time", "readInstant"),
    UUID("string", "uuid", "readUuid"),
    URI("string", "uri", "readUri");

    private final String jsonType;
    private final String format;
    private final String readMethod;

    ScalarKind(String jsonType, String format, String readMethod) {
      this.jsonType = jsonType;
      this.format = format;
      this.readMethod = readMethod;
    }

    /** The schema's {@code type}. */
    String jsonType() {
      return jsonType;
    }

    /** The schema's {@code format}, or null for none. */
    String format() {
      return format;
    }

    /** The {@code JsonIn} method that reads it. */
    String readMethod() {
      return readMethod;
    }
  }

  /**
   * An enum: a JSON string, one of the constants' names.
   *
   * @param description the enum's {@code description}, or null
   */
  record EnumType(ClassName javaType, List<Constant> constants, String description)
      implements StructuredType {}

  /** One enum constant; {@code description} may be null. */
  record Constant(String name, String description) {}

  /**
   * A record: a JSON object with one property per component, in component order.
   *
   * @param description the object's {@code description}, or null
   */
  record ObjectType(ClassName javaType, List<Property> properties, String description)
      implements StructuredType {}

  /**
   * One record component.
   *
   * @param name the component's name, which is the property's name
   * @param type the property's type; for an {@code Optional<T>} component, {@code T}'s
   * @param optional whether the component is an {@code Optional}: then not in {@code required}
   * @param description the property's {@code description}, or null
   */
  record Property(String name, StructuredType type, boolean optional, String description) {}

  /** A {@code List<T>}: a JSON array. */
  record ListType(StructuredType element, TypeName javaType) implements StructuredType {}

  /**
   * What a method's payload asks the API for: the schema's root is always an object, so a payload
   * that is not a record (an enum, a {@code List}) is wrapped in an object of one required
   * property, {@link #wrapper()}: {@code "value"} for an enum, {@code "items"} for a list.
   *
   * @param wrapper the wrapping property's name, or null when the payload is a record
   */
  record Root(StructuredType type, String wrapper) {}
}
